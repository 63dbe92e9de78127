"""Tokens and the decision log: files, CLI commands, what a running service records."""
from __future__ import annotations

import json
import os
import stat

from click.testing import CliRunner

from aacompliance.cli import main

from service_support import EXAMPLES  # noqa: F401
from service_support import auth, client, make_client, tokens  # noqa: F401  (fixtures)

YAML = {"Content-Type": "application/yaml"}
MISSING_REGION = EXAMPLES / "order-form-silver-missing-region.yaml"


def _cli(*args, env=None):
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def test_tokens_add_prints_once_stores_a_hash_in_a_0600_file(tmp_path):
    path = tmp_path / "sub" / "tokens.json"
    code, out = _cli("tokens", "add", "crm", "--scope", "check,statement", "--file", str(path))
    assert code == 0
    secret = out.strip().splitlines()[0]
    assert secret.startswith("aac_") and len(secret) > 40
    text = path.read_text()
    assert secret not in text and secret[4:] not in text
    import hashlib

    stored = json.loads(text)["tokens"][0]
    assert stored["sha256"] == hashlib.sha256(secret.encode()).hexdigest()
    assert stored["scopes"] == ["check", "statement"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    code, out = _cli("tokens", "list", "--file", str(path))
    assert code == 0 and "crm" in out and "check,statement" in out and secret not in out
    code, out = _cli("tokens", "add", "crm", "--scope", "check", "--file", str(path))
    assert code == 2 and "already exists" in out
    code, out = _cli("tokens", "add", "x", "--scope", "check,admin", "--file", str(path))
    assert code == 2 and "admin" in out
    code, out = _cli("tokens", "revoke", "crm", "--file", str(path))
    assert code == 0 and json.loads(path.read_text())["tokens"] == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    code, out = _cli("tokens", "revoke", "crm", "--file", str(path))
    assert code == 2 and "no token named 'crm'" in out


def test_a_broken_tokens_file_is_a_clear_error(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text("{not json")
    code, out = _cli("tokens", "list", "--file", str(path))
    assert code == 2 and str(path) in out and "Traceback" not in out


def test_every_decision_is_logged_like_opa_and_found_by_id_and_account(client, auth, tmp_path):
    r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth("checker"), **YAML})
    decision_id = r.json()["decision_id"]
    files = [("f", (p.name, p.read_bytes())) for p in (EXAMPLES / "roster-silver.yaml",
                                                         EXAMPLES / "order-form-gold-ok.yaml")]
    other = client.post("/v1/check", files=files, headers=auth()).json()["decision_id"]
    log = tmp_path / "decisions.log"
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["decision_id"] for e in lines] == [decision_id, other]
    entry = lines[0]
    import hashlib

    assert entry["path"] == "aacompliance/main/decision"
    assert entry["requested_by"] == "checker"
    assert entry["bundles"]["aacompliance"]["revision"] == client.get("/readyz").json()["bundle_revision"]
    assert entry["input_sha256"] == hashlib.sha256(MISSING_REGION.read_bytes()).hexdigest()
    assert "input" not in entry
    assert entry["result"]["compliant"] is False
    assert entry["result"]["documents"][0]["rules"] == ["OF-COVERAGE"]
    assert entry["accounts"] == ["NORD-77"]
    assert entry["timestamp"].endswith("Z")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600

    code, out = _cli("decisions", "show", decision_id, "--log", str(log))
    assert code == 0 and json.loads(out) == entry
    code, out = _cli("decisions", "show", "no-such-id", "--log", str(log))
    assert code == 1
    code, out = _cli("decisions", "list", "--account", "NORD-77", "--log", str(log))
    assert code == 0 and decision_id in out and other in out and "OF-COVERAGE" in out
    code, out = _cli("decisions", "list", "--account", "ACME-001", "--format", "json", "--log", str(log))
    assert [json.loads(line)["decision_id"] for line in out.splitlines()] == [other]
    code, out = _cli("decisions", "list", "--verdict", "violations", "--log", str(log))
    assert decision_id in out and other not in out


def test_inputs_are_logged_only_with_log_inputs(make_client, auth, tmp_path):
    client = make_client(log_inputs=True)
    client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    entry = json.loads((tmp_path / "decisions.log").read_text().splitlines()[-1])
    assert entry["input"]["documents"][0]["text"] == MISSING_REGION.read_text()


def test_the_log_rotates_by_size_and_rotated_files_are_still_searched(make_client, auth, tmp_path):
    client = make_client(log_max_bytes=2000, log_backups=3)
    ids = [client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML}).json()["decision_id"]
           for _ in range(6)]
    log = tmp_path / "decisions.log"
    rotated = sorted(p.name for p in tmp_path.glob("decisions.log.*") if p.suffix[1:].isdigit())
    assert rotated and all(p.stat().st_size <= 2000 for p in tmp_path.glob("decisions.log*") if p.suffix != ".lock")
    code, out = _cli("decisions", "list", "--format", "json", "--log", str(log))
    found = [json.loads(line)["decision_id"] for line in out.splitlines()]
    assert found == ids[-len(found):] and len(found) >= 3  # oldest first, the oldest rotated away
    code, out = _cli("decisions", "show", found[0], "--log", str(log))
    assert code == 0


def test_two_writers_rotating_one_log_lose_no_line(tmp_path):
    """Two processes' handlers on one file (as two workers): every line survives rotation."""
    from aacompliance.service.decisions import DecisionLog, entries

    path = tmp_path / "d.log"
    a, b = DecisionLog(path, max_bytes=3000, backups=50), DecisionLog(path, max_bytes=3000, backups=50)
    for i in range(200):
        (a if i % 2 else b).append({"decision_id": str(i), "pad": "x" * 100})
    a.close(), b.close()
    assert sorted(int(e["decision_id"]) for e in entries(path)) == list(range(200))


def test_serve_without_the_extra_names_the_install_command(monkeypatch, tokens):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    code, out = _cli("serve", "--tokens", str(tokens[0]))
    assert code == 2 and "pip install 'aacompliance[service]'" in out and "fastapi" in out


def test_serve_refuses_an_empty_tokens_file(tmp_path):
    code, out = _cli("serve", "--tokens", str(tmp_path / "none.json"))
    assert code == 2 and "aacompliance tokens add" in out


def test_check_does_not_import_the_service_stack():
    import subprocess
    import sys

    code = ("import sys, aacompliance.cli; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'prometheus_client') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serve_refuses_waivers_that_cannot_be_used(tokens):
    code, out = _cli("serve", "--tokens", str(tokens[0]), "--waivers", str(MISSING_REGION))
    assert code == 2 and MISSING_REGION.name in out and "Traceback" not in out
