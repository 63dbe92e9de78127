"""`aacompliance diff` on a draft invented for the tests, with golden outputs per format."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.terms.store import load_revision
from aacompliance.terms.diff import BETTER, WORSE, diff_revisions
from conftest import DATA, ROOT

DRAFT = "tests/data/revisions/2025-06-01.yaml"  # invented: see its header
GOLDEN = DATA / "golden"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _by_key(changes):
    return {c.key: c for c in changes}


def test_changes_and_directions():
    d = diff_revisions(load_revision(Path("contracts/technical-support-terms/2024-11-18.yaml")),
                       load_revision(Path(DRAFT)))
    changes = _by_key(d.changes)
    gold = changes["plans.gold.initial_response.2"]
    assert (gold.old.display["en"], gold.new.display["en"], gold.direction) == ("2 business hours", "1 business hour",
                                                                                BETTER)
    assert gold.label["en"] == "Gold · Severity 2 initial response"
    assert gold.old.clause["id"] == gold.new.clause["id"] == "table.ir.sev2"
    assert changes["plans.silver.attainment_percent"].direction == WORSE
    assert changes["plans.silver.benefits.sandbox_setup.cap.quarter.hours"].direction == BETTER
    assert changes["plans.orange.designated_contacts_max"].direction == BETTER
    removed = changes["plans.platinum.benefits.scalability_planning"]
    assert removed.kind == "removed" and removed.direction == WORSE
    assert not any(k.startswith("plans.platinum.benefits.scalability_planning.") for k in changes)
    reworded = changes["clauses.premium.no_credit_refund"]
    assert ("delete", "No") in reworded.words and ("insert", "Neither") in reworded.words
    assert len(d.changes) == 6


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_golden_outputs(fmt):
    code, out = _run("diff", "2024-11-18", DRAFT, "--contracts", "contracts", "--format", fmt, "--no-color")
    assert code == 1
    golden = GOLDEN / f"diff.{ {'text': 'txt', 'markdown': 'md'}.get(fmt, fmt)}"
    if os.environ.get("AAC_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_html_redline_marks_deletions_and_insertions():
    _, out = _run("diff", "2024-11-18", DRAFT, "--contracts", "contracts", "--format", "html")
    assert "<del>2 business hours</del> <ins>1 business hour</ins>" in out
    assert "del{color:#c00;text-decoration:line-through}" in out


def test_identical_revisions_exit_0():
    code, out = _run("diff", "2024-11-18", "technical-support-terms@2024-11-18", "--contracts", "contracts")
    assert code == 0 and "identical" in out


def test_impact_lists_documents_that_change():
    code, out = _run("diff", "2024-11-18", DRAFT, "--contracts", "contracts", "--format", "json",
                     "--impact", "examples", "--impact", "tests/data/documents")
    impact = {row["path"]: row for row in json.loads(out)["impact"]}
    assert code == 1
    gold_log = impact["examples/incident-log-gold.yaml"]
    assert (gold_log["old_compliant"], gold_log["new_compliant"]) == (True, False)
    assert gold_log["added"][0]["rule"] == "SLA-ATTAINMENT"
    assert "examples/order-form-gold-ok.yaml" not in impact
    assert set(impact) == {"examples/incident-log-gold.yaml", "tests/data/documents/incidents-silver-missed.yaml",
                           "tests/data/documents/roster-orange-overreach.yaml"}


def test_new_draft_and_textconv(contracts_copy):
    code, out = _run("contracts", "new-draft", "--contracts", str(contracts_copy), "--from", "2024-11-18",
                     "--effective", "2026-01-01")
    draft = contracts_copy / "technical-support-terms" / "2026-01-01.yaml"
    assert code == 0 and draft.exists()
    rev = load_revision(draft)
    assert rev.is_draft and rev.version == "2026-01-01-draft"
    code, out = _run("contracts", "new-draft", "--contracts", str(contracts_copy), "--from", "2024-11-18",
                     "--effective", "2026-01-01")
    assert code == 2 and "already exists" in out
    code, out = _run("diff", "2024-11-18", "2026-01-01", "--contracts", str(contracts_copy))
    assert code == 0  # a fresh draft is identical in its terms
    tmp = contracts_copy / "renamed-by-git.yaml"
    tmp.write_text(draft.read_text())
    code, out = _run("contracts", "textconv", str(tmp))
    assert code == 0 and "Gold · Severity 2 initial response: 2 business hours  [table.ir.sev2]" in out

