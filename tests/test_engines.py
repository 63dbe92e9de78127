"""One verdict on every engine; OPA servers (real `opa` if on PATH, else the REST test double)."""
from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import tarfile
import time

import pytest
from click.testing import CliRunner

from aacompliance.policy.bundle import build_bundle
from aacompliance.cli.main import main
from aacompliance.engines import create
from aacompliance.errors import EngineError
from aacompliance.pipeline.evaluate import Evaluator, Settings, check_paths
from conftest import DATA, ROOT, available_engines
from opa_rest_double import OpaRestTestDouble

ALL_DOCUMENTS = [str(ROOT / "examples"), str(DATA)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def opa_server(tmp_path_factory):
    """An OPA server holding the bundle: the real `opa` when installed, else the test double."""
    ev = Evaluator()
    if shutil.which("opa"):
        payload, _ = build_bundle(ev.policies.modules, ev.data_document())
        path = tmp_path_factory.mktemp("bundle") / "bundle.tar.gz"
        path.write_bytes(payload)
        port = _free_port()
        proc = subprocess.Popen(["opa", "run", "--server", "--addr", f"127.0.0.1:{port}", "--bundle", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url, None
        proc.terminate()
        proc.wait(10)
    else:
        pytest.importorskip("opa_bindings")
        with OpaRestTestDouble() as double:
            create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
            yield double.url, double


def _decisions(report):
    return [(d.path, d.compliant, [(v.rule, v.message, v.clause["id"], json.dumps(v.data, sort_keys=True))
                                   for v in d.violations], [str(e) for e in d.errors], d.report,
             [(v.rule, v.message, v.waiver) for v in d.waived], d.waivers)
            for d in report.documents]


def test_every_engine_decides_the_same(opa_server):
    url, _ = opa_server
    reference = _decisions(check_paths(ALL_DOCUMENTS, Settings(engine="regorus")))
    assert len(reference) > 20
    for engine in available_engines()[1:]:
        assert _decisions(check_paths(ALL_DOCUMENTS, Settings(engine=engine))) == reference, engine
    server = check_paths(ALL_DOCUMENTS, Settings(engine="opa", engine_options={"url": url, "timeout": 10}))
    assert _decisions(server) == reference


def test_vm_and_interpreter_agree_on_generated_documents(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    files = [*generate(tmp_path / "of", "OrderForm", 150), *generate(tmp_path / "r", "Roster", 60),
             *generate(tmp_path / "b", "BenefitUsage", 60), *generate(tmp_path / "i", "IncidentLog", 12)]
    ev = Evaluator()
    inputs = [inp for inp in (ev.prepare(f)[1] for f in files) if inp is not None]
    vm = ev.engine.decide(inputs)
    interpreter = [ev.engine.eval_rule("data.aacompliance.main.decision", inp) for inp in inputs]
    assert vm == interpreter
    assert ev.engine.runs["vm"] >= len(inputs)  # parts or whole, the VM decided (the interpreter where capped)
    if "opa-go" in available_engines():
        other = create("opa-go")
        other.load(ev.policies.modules, ev.data_document())
        assert other.decide(inputs) == vm


def test_bundle_layout_and_reproducibility(tmp_path):
    out = tmp_path / "bundle.tar.gz"
    runner = CliRunner()
    result = runner.invoke(main, ["bundle", "--out", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_bytes()
    runner.invoke(main, ["bundle", "--out", str(out)])
    assert out.read_bytes() == first
    with tarfile.open(fileobj=io.BytesIO(first)) as tar:
        names = {m.name.lstrip("/") for m in tar.getmembers()}
        manifest = json.load(tar.extractfile("/.manifest"))
        contracts = json.load(tar.extractfile("/aacompliance/contracts/data.json"))
        meta = json.load(tar.extractfile("/aacompliance/meta/data.json"))
    assert manifest["roots"] == ["aacompliance"] and manifest["revision"].startswith("sha256:")
    assert meta == {"revision": manifest["revision"]}
    assert "2024-11-18" in contracts["technical-support-terms"]
    assert "aacompliance/main/main.rego" in names
    assert not any(n.endswith("_test.rego") for n in names)
    assert manifest["revision"] in result.output


def test_revision_mismatch_refused_with_both_revisions(tmp_path):
    pytest.importorskip("opa_bindings")
    ev = Evaluator()
    modules = dict(ev.policies.modules)
    with OpaRestTestDouble() as double:
        modules["aacompliance/lib/contract/contract.rego"] += "\n# changed\n"
        stale = create("opa", url=double.url).push(modules, ev.data_document())
        code, out = _cli("check", "--engine", "opa", "--opa-url", double.url, "examples/order-form-gold-ok.yaml")
        assert code == 3
        assert stale in out and "local contracts and policies are revision sha256:" in out


def _cli(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_opa_push_then_check(tmp_path):
    pytest.importorskip("opa_bindings")
    with OpaRestTestDouble() as double:
        code, out = _cli("opa", "push", "--opa-url", double.url)
        assert code == 0 and "revision sha256:" in out
        code, out = _cli("check", "--engine", "opa", "--opa-url", double.url, "--format", "json", "examples")
        assert code == 1 and json.loads(out)["summary"]["violations"] == 1


@pytest.mark.parametrize(("fault", "words"), [
    ("error", "HTTP 500"),
    ("malformed", "not the JSON OPA sends"),
    ("slow", "no answer within 0.5 s"),
    ("undefined", "the decision is undefined"),
])
def test_engine_faults_exit_3_within_the_timeout(fault, words):
    pytest.importorskip("opa_bindings")
    ev = Evaluator()
    with OpaRestTestDouble() as double:
        create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
        warm = create("opa", url=double.url, timeout=60)  # the double compiles and prepares once, untimed
        warm.server_revision()
        warm.decide([ev.prepare(ROOT / "examples" / "order-form-gold-ok.yaml")[1]])
        double.fault = fault
        double.slow_seconds = 3
        start = time.monotonic()
        # The deadline covers the whole request: only the slow fault needs it short (a loaded
        # machine may take more than 0.5 s to answer the others).
        code, out = _cli("check", "--engine", "opa", "--opa-url", double.url,
                         "--opa-timeout", "0.5" if fault == "slow" else "2.5", "examples/order-form-gold-ok.yaml")
        elapsed = time.monotonic() - start
    assert code == 3, out
    assert words in out and double.url in out
    assert "Traceback" not in out
    assert elapsed < 3  # bounded: timeout × (1 + retries), not the server's delay


def test_unreachable_server_exit_3():
    port = _free_port()
    code, out = _cli("check", "--engine", "opa", "--opa-url", f"http://127.0.0.1:{port}", "--opa-timeout", "0.5",
                     "examples/order-form-gold-ok.yaml")
    assert code == 3 and "cannot connect" in out


def test_missing_engine_package_is_an_engine_error(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "opa_bindings":
            raise ImportError("no", name="opa_bindings")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(EngineError, match="opa_bindings"):
        create("opa-go")


def test_undefined_decision_in_a_batch_exit_3():
    pytest.importorskip("opa_bindings")
    ev = Evaluator()
    with OpaRestTestDouble() as double:
        create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
        double.fault = "undefined"
        code, out = _cli("check", "--engine", "opa", "--opa-url", double.url, "examples")
    assert code == 3 and "decision query failed" in out


def test_regorus_routes_inputs_past_the_vm_cap_to_the_interpreter(tmp_path):
    """The VM's 25,000-instruction cap cannot be raised (gordon-to-regorus 0.13.0): a decision the
    VM cannot finish in one run is evaluated in parts, each within its own budget, a part the VM
    cannot finish either by the interpreter; the engine learns per kind and part the sizes the VM
    could not finish and sends inputs that large straight to the interpreter."""
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from large import roster
    import random

    from aacompliance.engines.regorus_engine import RegorusEngine, _dumps

    ev = Evaluator()
    path = tmp_path / "big.yaml"
    path.write_text(json.dumps(roster(random.Random(1), 1500)))
    big = ev.prepare(path)[1]
    small = ev.prepare(ROOT / "examples" / "roster-silver.yaml")[1]
    engine = RegorusEngine()
    engine.load(ev.policies.modules, ev.data_document())

    first = engine.decide([big])[0]
    assert engine.last_runs["capped"] >= 2 and engine.last_runs["interpreter"] >= 1
    assert engine.too_big["Roster/decision"] == len(_dumps(big))
    assert first == engine.eval_rule("data.aacompliance.main.decision", big)
    assert engine.decide([big])[0] == first
    assert engine.last_runs["capped"] == 0  # learnt: what capped goes straight to the interpreter
    assert engine.decide([small]) == [engine.eval_rule("data.aacompliance.main.decision", small)]
    assert engine.last_runs == {"vm": 1}  # the small roster's whole decision in one VM run
