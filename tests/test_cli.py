"""The command line as users call it: exit codes, formats, help on every command."""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from conftest import DATA, ROOT


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_exit_codes_follow_the_spec():
    assert run("check", "examples/order-form-gold-ok.yaml")[0] == 0
    assert run("check", "examples/order-form-silver-missing-region.yaml")[0] == 1
    assert run("check", str(DATA / "invalid" / "unknown_plan.yaml"))[0] == 2
    assert run("check", "--format", "nope", "examples")[0] == 2


def test_json_format_matches_the_spec_shape():
    code, out = run("check", "--format", "json", "examples/order-form-silver-missing-region.yaml",
                    str(DATA / "invalid" / "unknown_plan.yaml"))
    doc = json.loads(out)
    assert code == 2
    assert doc["summary"] == {"documents": 2, "compliant": 0, "violations": 1, "errors": 1}
    bad, broken = doc["documents"]
    assert bad["compliant"] is False and bad["contract"] == {"id": "technical-support-terms", "version": "2024-11-18"}
    assert bad["violations"][0]["rule"] == "OF-COVERAGE"
    assert set(bad["violations"][0]) >= {"rule", "message", "clause", "data", "contract"}
    assert "compliant" not in broken
    assert broken["errors"][0] == {"line": 8, "field": "support[0].plan", "message": broken["errors"][0]["message"]}


def test_junit_and_sarif(tmp_path):
    code, out = run("check", "--format", "junit", "examples")
    suite = ET.fromstring(out)
    # six documents (one in examples/waivers/) and the violation its waiver covers, skipped
    assert code == 1 and suite.get("tests") == "7" and suite.get("failures") == "1" and suite.get("skipped") == "1"
    assert suite.find(".//failure").get("type") == "OF-COVERAGE"
    target = tmp_path / "report.sarif"
    code, _ = run("check", "--format", "sarif", "--output", str(target), "examples")
    sarif = json.loads(target.read_text())
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "OF-COVERAGE"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    assert {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]} >= {"OF-COVERAGE", "SLA-ATTAINMENT"}


def test_text_names_rule_clause_and_summary():
    code, out = run("check", "--no-color", "examples")
    assert "OF-COVERAGE" in out and "[premium.coverage]" in out and "line 139" in out
    assert "6 document(s): 5 compliant, 1 with violations, 0 with errors; 1 violation(s) waived" in out


def test_forced_revision_and_parallel_jobs_give_the_same_verdicts():
    _, serial = run("check", "--format", "json", "examples", str(DATA / "documents"))
    _, forced = run("check", "--format", "json", "--revision", "2024-11-18", "--jobs", "2", "examples",
                    str(DATA / "documents"))
    assert json.loads(serial) == json.loads(forced)


def _commands(group, prefix=()):
    import click
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("command", list(_commands(main)), ids=" ".join)
def test_every_command_has_help_and_is_documented(command):
    code, out = run(*command, "--help")
    assert code == 0 and "Usage:" in out and len(out.splitlines()) > 3
    readme = (ROOT / "README.md").read_text()
    assert f"aacompliance {' '.join(command)}" in readme


def test_contracts_commands():
    code, out = run("contracts", "list")
    assert code == 0 and "2024-11-18  published" in out
    code, out = run("contracts", "show", "--on", "2025-03-01", "--plan", "gold")
    assert code == 0 and "Severity 2 – initial response: 2 business hours" in out and "Platinum" not in out
    code, out = run("contracts", "show", "--on", "2025-03-01", "--plan", "gold", "--lang", "fr")
    assert "2 heures de travail" in out
    code, out = run("contracts", "show", "--on", "2020-01-01")
    assert code == 2 and "earliest is 2024-11-18" in out
    code, out = run("contracts", "lint")
    assert code == 0 and "0 error(s)" in out


def test_rules_command_lists_every_rule():
    code, out = run("rules", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 16


def test_no_traceback_from_the_real_process():
    proc = subprocess.run([sys.executable, "-m", "aacompliance", "check", str(DATA / "invalid")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
