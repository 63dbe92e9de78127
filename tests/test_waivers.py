"""Waivers: approved exceptions reported as waived, decided in Rego on every engine."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.engines import create
from aacompliance.pipeline.api import check_document
from aacompliance.pipeline.evaluate import Evaluator, Settings, check_paths
from conftest import ROOT, available_engines

# Signed on 2025-06-02; its Silver line leaves N-2 and N-3 uncovered: two OF-COVERAGE violations.
ORDER_FORM = """\
apiVersion: aacompliance/v1
kind: OrderForm
id: OF-W
customer: {name: Nordlicht, account: NORD-77}
signed_on: 2025-06-02
subscriptions:
  - {id: N-1, product: A360, region: EMEA, entity: E, start: 2025-01-01, end: 2027-12-31}
  - {id: N-2, product: A360, region: AMER, entity: E, start: 2024-07-01, end: 2026-06-30}
  - {id: N-3, product: A360, region: APAC, entity: E, start: 2024-07-01, end: 2026-06-30}
support:
  - {plan: silver, covers: [N-1], start: 2025-07-01, end: 2026-06-30, credit_or_refund: false}
"""


def waiver(id="W-1", **fields) -> str:
    data = {"account": "NORD-77", "rule": "OF-COVERAGE", "document": "OF-W", "reason": "Approved pilot.",
            "approved_by": "Deal desk", "approved_on": "2025-05-30", "expires_on": "2025-12-31", **fields}
    lines = ["apiVersion: aacompliance/v1", "kind: Waiver", f"id: {id}"]
    lines += [f"{k}: {json.dumps(v)}" for k, v in data.items() if v is not None]
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "of.yaml").write_text(ORDER_FORM)
    return tmp_path


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def check_json(*args) -> tuple[int, dict]:
    code, out = run("check", "--format", "json", *args)
    return code, json.loads(out)


def subjects(items) -> list[str]:
    return sorted(v["data"]["subscription"] for v in items)


def test_without_a_waiver_both_violations_count(folder):
    code, out = check_json(folder / "of.yaml")
    assert code == 1
    assert subjects(out["documents"][0]["violations"]) == ["N-2", "N-3"]
    assert "waived" not in out["documents"][0] and "waivers" not in out


def test_rule_and_document_waive_every_violation_of_the_rule(folder):
    (folder / "w.yaml").write_text(waiver())
    code, out = check_json(folder)  # the waiver is among the inputs
    doc = out["documents"][0]
    assert code == 0 and doc["compliant"] is True and doc["violations"] == []
    assert subjects(doc["waived"]) == ["N-2", "N-3"]
    for v in doc["waived"]:
        assert v["waiver"]["id"] == "W-1" and v["waiver"]["approved_by"] == "Deal desk"
        assert v["waiver"]["expires_on"] == "2025-12-31"
        assert v["waiver"]["clause"] == v["clause"]  # no clause of its own: the rule's citation
    assert out["summary"]["waived"] == 2 and out["summary"]["compliant"] == 1
    assert [(w["id"], w["status"]) for w in out["waivers"]] == [("W-1", "applied")]


def test_subject_waives_only_that_violation(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("waivers") / "w.yaml"
    elsewhere.write_text(waiver(subject="N-3"))
    code, out = check_json(folder / "of.yaml", "--waivers", elsewhere)
    doc = out["documents"][0]
    assert code == 1
    assert subjects(doc["violations"]) == ["N-2"] and subjects(doc["waived"]) == ["N-3"]


@pytest.mark.parametrize("expires_on, applies", [("2025-06-02", True), ("2025-06-01", False)])
def test_expiry_on_the_boundary_day(folder, expires_on, applies):
    (folder / "w.yaml").write_text(waiver(expires_on=expires_on))
    code, out = check_json(folder)
    doc = out["documents"][0]
    assert code == (0 if applies else 1)
    assert len(doc.get("waived", [])) == (2 if applies else 0)
    assert out["waivers"][0]["status"] == ("applied" if applies else "expired")
    if not applies:
        assert doc["waivers"] == [{"id": "W-1", "status": "expired", "matched": 2, "expires_on": "2025-06-01",
                                   "document_date": "2025-06-02"}]
        code, text = run("check", "--no-color", folder)
        assert "waiver W-1 expired on 2025-06-01, before this document's date 2025-06-02; 2 violation(s) stand" in text
        assert "W-1 expired — expired on 2025-06-01" in text


def test_another_accounts_waiver_never_applies(folder):
    (folder / "w.yaml").write_text(waiver(account="NORD-78"))
    code, out = check_json(folder)
    assert code == 1 and out["summary"]["violations"] == 1
    (w,) = out["waivers"]
    assert w["status"] == "unused" and "account NORD-78" in w["detail"]


def test_unused_waiver_is_a_listed_warning_not_a_failure(tmp_path):
    (tmp_path / "ok.yaml").write_text((ROOT / "examples" / "order-form-gold-ok.yaml").read_text())
    (tmp_path / "w.yaml").write_text(waiver(account="ACME-001", document="OF-2025-0117", rule="OF-SAME-PLAN"))
    code, text = run("check", "--no-color", tmp_path)
    assert code == 0
    assert "W-1 unused (warning) — no violation of OF-SAME-PLAN in" in text
    code, out = check_json(tmp_path)
    assert out["summary"]["waivers"] == {"applied": 0, "expired": 0, "unused": 1}


@pytest.mark.parametrize("fields, field, words", [
    ({"rule": "OF-NOPE"}, "rule", "unknown rule 'OF-NOPE'"),
    ({"rule": "SLA-ATTAINMENT", "subject": "INC-1"}, "subject", "name no subject"),
    ({"expires_on": "2025-05-01"}, "expires_on", "before it was approved"),
    ({"clause": "no.such.clause"}, "clause", "unknown clause 'no.such.clause'"),
    ({"expires_on": None}, "expires_on", "required field"),
])
def test_unusable_waiver_is_an_input_error(folder, fields, field, words):
    (folder / "w.yaml").write_text(waiver(**fields))
    code, out = check_json(folder)
    assert code == 2
    (problem,) = out["errors"]
    assert problem["field"] == field and words in problem["message"] and problem["path"].endswith("w.yaml")
    assert problem.get("line") or fields == {"expires_on": None}
    assert out["documents"][0]["compliant"] is False  # the document is still judged


def test_duplicate_waiver_ids_and_non_waivers_under_waivers(folder, tmp_path_factory):
    other = tmp_path_factory.mktemp("w")
    (other / "a.yaml").write_text(waiver())
    (other / "b.yaml").write_text(waiver(subject="N-2"))
    (other / "c.yaml").write_text(ORDER_FORM)
    code, out = check_json(folder / "of.yaml", "--waivers", other)
    assert code == 2
    messages = {(Path(p["path"]).name, p.get("field")): p["message"] for p in out["errors"]}
    assert "also used in" in messages[("b.yaml", "id")]
    assert "expected a Waiver" in messages[("c.yaml", "kind")]


def test_junit_skips_and_sarif_suppresses_waived_violations(folder):
    (folder / "w.yaml").write_text(waiver(subject="N-3"))
    code, xml = run("check", "--format", "junit", folder)
    suite = ET.fromstring(xml.split("\n", 1)[1])
    assert suite.get("skipped") == "1" and suite.get("failures") == "1"
    (skipped,) = suite.iter("skipped")
    assert "W-1" in skipped.get("message") and "Approved pilot." in skipped.text
    code, sarif = run("check", "--format", "sarif", folder)
    results = json.loads(sarif)["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(results) == 2 and len(suppressed) == 1
    (s,) = suppressed[0]["suppressions"]
    assert s["kind"] == "external" and s["justification"] == "Approved pilot."
    assert s["properties"]["waiver"] == "W-1" and s["properties"]["expires_on"] == "2025-12-31"


def test_parallel_workers_apply_the_same_waivers(folder):
    (folder / "w.yaml").write_text(waiver(subject="N-2"))
    for i in range(3):
        (folder / f"copy{i}.yaml").write_text(ORDER_FORM)
    serial = check_paths([str(folder)], Settings(), jobs=1)
    parallel = check_paths([str(folder)], Settings(), jobs=2)
    assert [len(d.waived) for d in parallel.documents] == [len(d.waived) for d in serial.documents] == [1] * 4
    assert [w.status for w in parallel.waivers] == ["applied"]


def _decisions(report):
    return [(d.path, d.compliant, [(v.rule, v.data.get("subscription")) for v in d.violations],
             [(v.rule, v.data.get("subscription"), v.waiver) for v in d.waived], d.waivers)
            for d in report.documents], [w.as_dict() for w in report.waivers]


def test_every_engine_decides_the_same_waivers(folder):
    (folder / "w1.yaml").write_text(waiver("W-1", subject="N-2"))
    (folder / "w2.yaml").write_text(waiver("W-2", rule="OF-SAME-PLAN"))
    (folder / "w3.yaml").write_text(waiver("W-3", subject="N-3", expires_on="2025-06-01"))
    (folder / "w4.yaml").write_text(waiver("W-4", account="NORD-78"))
    paths = [str(folder), str(ROOT / "examples")]
    reference = _decisions(check_paths(paths, Settings(engine="regorus")))
    docs, outcomes = reference
    assert {w["id"]: w["status"] for w in outcomes} == {
        "W-1": "applied", "W-2": "unused", "W-3": "expired", "W-4": "unused", "W-2025-014": "applied"}
    for engine in available_engines()[1:]:
        assert _decisions(check_paths(paths, Settings(engine=engine))) == reference, engine
    pytest.importorskip("opa_bindings")
    from opa_rest_double import OpaRestTestDouble

    ev = Evaluator()
    with OpaRestTestDouble() as double:
        create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
        server = check_paths(paths, Settings(engine="opa", engine_options={"url": double.url, "timeout": 10}))
    assert _decisions(server) == reference


def test_impact_counts_a_document_whose_only_violation_is_waived_as_compliant(tmp_path):
    draft = "tests/data/revisions/2025-06-01.yaml"
    log = ROOT / "examples" / "incident-log-gold.yaml"  # SLA-ATTAINMENT only under the draft
    (tmp_path / "w.yaml").write_text(waiver(account="ACME-001", document="ACME-001", rule="SLA-ATTAINMENT",
                                            approved_on="2025-01-01", expires_on="2026-12-31"))
    args = ["diff", "2024-11-18", ROOT / draft, "--contracts", ROOT / "contracts", "--format", "json", "--impact", log]
    _, out = run(*args)
    assert [row["path"] for row in json.loads(out)["impact"]] == [str(log)]
    _, out = run(*args, "--waivers", tmp_path / "w.yaml")
    assert json.loads(out)["impact"] == []


def test_waivers_list_for_the_weekly_review(folder):
    (folder / "w1.yaml").write_text(waiver("W-1", expires_on="2025-07-10"))
    (folder / "w2.yaml").write_text(waiver("W-2", expires_on="2025-06-20", subject="N-2"))
    (folder / "w3.yaml").write_text(waiver("W-3", expires_on="2025-05-31"))
    code, text = run("waivers", "list", folder, "--as-of", "2025-06-01", "--expiring-within", "30d")
    assert code == 0
    lines = [line for line in text.splitlines() if line.startswith("  ")]
    assert [line.split()[1] for line in lines] == ["W-3", "W-2"]  # W-1 expires after 2025-07-01
    assert "EXPIRED 1 day(s) ago" in lines[0] and "expires in 19 day(s)" in lines[1]
    assert "OF-COVERAGE for N-2" in lines[1]
    code, out = run("waivers", "list", folder, "--as-of", "2025-06-01", "--format", "json")
    assert [w["id"] for w in json.loads(out)["waivers"]] == ["W-3", "W-2", "W-1"]
    assert run("waivers", "list", folder, "--expiring-within", "soon")[0] == 2
    (folder / "bad.yaml").write_text(waiver("W-9", rule="NOPE"))
    code, text = run("waivers", "list", folder)
    assert code == 2 and "unknown rule 'NOPE'" in text


def test_a_waiver_alone_is_not_judged_by_the_api():
    result = check_document(waiver())
    assert result.compliant is None and "not judged" in result.errors[0].message


def test_example_waiver_applies_and_examples_still_exit_1():
    code, out = check_json(ROOT / "examples")
    assert code == 1  # order-form-silver-missing-region.yaml breaks OF-COVERAGE on purpose
    by_id = {d["id"]: d for d in out["documents"]}
    assert subjects(by_id["OF-2025-0302"]["waived"]) == ["H-3"]
    assert out["waivers"][0]["id"] == "W-2025-014" and out["waivers"][0]["status"] == "applied"
    code, _ = run("check", ROOT / "examples" / "waivers")
    assert code == 0


def test_check_document_with_waivers():
    result = check_document(ORDER_FORM, waivers=[waiver(subject="N-2")])
    assert [v.data["subscription"] for v in result.violations] == ["N-3"]
    assert [(v.data["subscription"], v.waiver["id"]) for v in result.waived] == [("N-2", "W-1")]
    assert [w["status"] for w in result.waivers] == ["applied"]
    bad = check_document(ORDER_FORM, waivers=[waiver(rule="NOPE")])
    assert bad.compliant is None and "unknown rule 'NOPE'" in bad.errors[0].message
    assert check_document(ORDER_FORM).waived == []  # waivers never linger between calls


def test_a_waiver_the_quick_look_misses_fails_closed(folder):
    """A kind spelt with a JSON escape escapes the pre-scan: the run refuses it (exit 2)
    instead of judging the documents without it."""
    data = {"apiVersion": "aacompliance/v1", "kind": "Waiver", "id": "W-1", "account": "NORD-77",
            "rule": "OF-COVERAGE", "document": "OF-W", "reason": "r", "approved_by": "d",
            "approved_on": "2025-05-30", "expires_on": "2025-12-31"}
    (folder / "w.json").write_text(json.dumps(data).replace('"Waiver"', '"W\\u0061iver"'))
    code, out = check_json(folder)
    assert code == 2
    errors = {Path(d["path"]).name: d.get("errors") for d in out["documents"]}
    assert "not judged" in errors["w.json"][0]["message"]


def test_every_rule_subject_names_a_field_its_violations_carry():
    from aacompliance.policy.rules import PolicySet

    subject = {r.id: r.subject for r in PolicySet().rules}
    assert subject["OF-COVERAGE"] == "subscription" and subject["SLA-ATTAINMENT"] is None
    report = check_paths([str(ROOT / "examples"), str(ROOT / "tests" / "data" / "documents")])
    seen: dict[str, list] = {}
    for doc in report.documents:
        for v in doc.violations + doc.waived:
            if subject[v.rule]:
                seen.setdefault(v.rule, []).append(v.data.get(subject[v.rule]))
    assert len(seen) >= 4
    for rule, values in seen.items():
        assert any(isinstance(x, str) and x for x in values), rule


def test_vm_interpreter_and_opa_agree_with_waivers_on_generated_documents(tmp_path):
    """regorus's compiled VM has had bugs the interpreter has not (an `else` after an empty
    iteration): every waiver case on generated documents, three ways."""
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from aacompliance.pipeline.waivers import WaiverIndex

    files = generate(tmp_path, "OrderForm", 120)
    ev = Evaluator()
    plain = [inp for inp in (ev.prepare(f)[1] for f in files) if inp is not None]
    waivers = []
    for i, inp in enumerate(plain):
        doc = inp["document"]
        base = {"path": "-", "account": doc["customer"]["account"], "document": doc["id"], "reason": "r",
                "approved_by": "d", "approved_on": "2024-01-01"}
        case = i % 4  # rule-wide, by subject, expired, unused
        subject = {"subject": doc["subscriptions"][0]["id"]} if case == 1 else {}
        expires = doc["signed_on"] if case != 2 else "2024-01-01"
        rule = "OF-SAME-PLAN" if case == 3 else "OF-COVERAGE"
        waivers.append({**base, "id": f"W-{i}", "rule": rule, "expires_on": expires, **subject})
    index = WaiverIndex(waivers)
    inputs = [inp for inp in (ev.prepare(f, index)[1] for f in files) if inp is not None]
    vm = ev.engine.decide(inputs)
    interpreter = [ev.engine.eval_rule("data.aacompliance.main.decision", inp) for inp in inputs]
    assert vm == interpreter
    statuses = {w["status"] for d in vm for w in d["waivers"]}
    assert statuses == {"applied", "expired", "unused"} and sum(len(d["waived"]) for d in vm) > 10
    if "opa-go" in available_engines():
        other = create("opa-go")
        other.load(ev.policies.modules, ev.data_document())
        assert other.decide(inputs) == vm


def test_hostile_waivers_never_crash(tmp_path_factory):
    """Generated broken and odd waivers beside a document: a verdict or input errors with
    messages, in every format — never a crash, never a waiver applied that does not hold."""
    import os

    from hypothesis import HealthCheck, given, settings

    from aacompliance.render import render
    from aacompliance.util import yamlio
    from hostile import document_text

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "of.yaml").write_text(ORDER_FORM)
    seed = yamlio.parse(waiver(subject="N-2"), "seed")
    evaluator = Evaluator()
    seen = {"applied": 0, "errors": 0}

    @settings(max_examples=int(os.environ.get("AAC_FUZZ_EXAMPLES", "150")), deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=document_text(seed))
    def run(case):
        suffix, data = case
        for old in folder.glob("w.*"):
            old.unlink()
        (folder / f"w{suffix}").write_bytes(data)
        report = check_paths([str(folder)], evaluator=evaluator)
        assert report.exit_code in (0, 1, 2)
        assert all(p.message.strip() for p in report.problems)
        for fmt in ("text", "json", "junit", "sarif"):
            render(report, fmt)
        (doc,) = [d for d in report.documents if d.path.endswith("of.yaml")]
        if doc.compliant:  # both violations waived: only by a rule-wide OF-COVERAGE waiver in force
            (w,) = report.waivers
            assert (w.status, w.rule, w.subject, w.account, w.document) == (
                "applied", "OF-COVERAGE", None, "NORD-77", "OF-W")
        for v in doc.waived:  # only a waiver that holds covers anything
            (w,) = report.waivers
            assert w.status == "applied" and v.rule == w.rule and v.data["subscription"] == (w.subject or
                                                                                           v.data["subscription"])
        seen["applied" if doc.waived else "errors" if report.problems else "other"] = 1

    run()
    assert seen["applied"] and seen["errors"], seen
