"""Contract revisions: strict loading, revision in force, drafts, lint."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aacompliance.terms.store import ContractStore, load_revision
from aacompliance.errors import InputError, UsageError
from aacompliance.terms.lint import lint_revision
from conftest import ROOT, SOURCE_TEXT

REVISION = ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml"


def _write_revision(folder: Path, date: str, status: str, edit=lambda t: t) -> Path:
    text = REVISION.read_text(encoding="utf-8")
    text = text.replace("effective_date: 2024-11-18", f"effective_date: {date}")
    text = text.replace("status: published", f"status: {status}")
    path = folder / "technical-support-terms" / f"{date}.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_bundled_revision_encodes_the_source_tables():
    rev = load_revision(REVISION)
    plans = rev.terms["plans"]
    assert rev.plan_ids == ["orange", "silver", "gold", "platinum", "titanium"]
    assert [plans[p]["designated_contacts_max"]["value"] for p in rev.plan_ids] == [2, 6, 20, 20, 20]
    assert [plans[p]["delegated_admins_max"]["value"] for p in rev.plan_ids] == [2, 5, 10, 10, 10]
    assert [plans[p]["attainment_percent"]["value"] for p in rev.plan_ids] == [85, 90, 95, 95, 95]
    sev2 = [plans[p]["initial_response"].get("2") for p in rev.plan_ids]
    assert sev2[0] is None
    assert [(t["value"], t["unit"]) for t in sev2[1:]] == [(4, "business_hours"), (2, "business_hours"),
                                                           (1, "business_hours"), (1, "business_hours")]
    assert plans["platinum"]["initial_response"]["1"] == {"value": 15, "unit": "calendar_minutes",
                                                          "clause": "table.ir.sev1"}
    assert set(rev.terms["benefits"]) >= {"architecture_consultation", "developer_support", "sandbox_setup"}


def test_every_quote_is_on_its_line_of_the_source():
    if not SOURCE_TEXT.exists():
        pytest.skip("source text not beside the repository")
    findings = lint_revision(load_revision(REVISION), SOURCE_TEXT)
    assert findings == []


def test_revision_in_force_ignores_drafts(contracts_copy):
    _write_revision(contracts_copy, "2025-06-01", "published")
    _write_revision(contracts_copy, "2025-09-01", "draft")
    store = ContractStore(contracts_copy)
    assert store.in_force_on(dt.date(2025, 5, 31)).effective_date == dt.date(2024, 11, 18)
    assert store.in_force_on(dt.date(2025, 6, 1)).effective_date == dt.date(2025, 6, 1)
    assert store.in_force_on(dt.date(2026, 1, 1)).effective_date == dt.date(2025, 6, 1)
    assert store.in_force_on(dt.date(2024, 1, 1)) is None
    assert store.resolve("2025-09-01").is_draft
    assert store.resolve("technical-support-terms@2025-06-01").version == "2025-06-01"


def test_file_name_must_equal_effective_date(contracts_copy):
    path = _write_revision(contracts_copy, "2025-06-01", "published")
    path.rename(path.with_name("2025-06-02.yaml"))
    with pytest.raises(InputError) as info:
        ContractStore(contracts_copy).revisions()
    (problem,) = info.value.problems
    assert problem.field == "effective_date" and "must equal the effective date" in problem.message
    assert problem.line == REVISION.read_text().splitlines().index("effective_date: 2024-11-18") + 1


@pytest.mark.parametrize(("edit", "field", "words"), [
    (lambda t: t.replace("    attainment_percent: {value: 90,", "    attainment_pct: {value: 90,"),
     "plans.silver.attainment_pct", "unknown field"),
    (lambda t: t.replace("clause: silver.attainment}", "clause: silver.nowhere}"),
     "plans.silver.attainment_percent.clause", "not defined under `clauses:`"),
    (lambda t: t.replace("status: published", "status: final"), "status", "unallowed value"),
    (lambda t: t.replace("contract: technical-support-terms\n", "contract: technical-support-terms\ncontract: x\n"),
     "contract", "duplicate key 'contract'"),
])
def test_broken_revision_names_file_line_field(contracts_copy, edit, field, words):
    path = _write_revision(contracts_copy, "2025-06-01", "published", edit)
    with pytest.raises(InputError) as info:
        load_revision(path)
    problem = info.value.problems[0]
    assert problem.path == str(path)
    assert problem.field == field
    assert words in problem.message
    assert problem.line and problem.line > 1


def test_lint_flags_a_higher_plan_with_a_worse_target(contracts_copy):
    path = _write_revision(contracts_copy, "2025-06-01", "draft", lambda t: t.replace(
        '"2": {value: 1, unit: business_hours, clause: table.ir.sev2}',
        '"2": {value: 3, unit: business_hours, clause: table.ir.sev2}', 1))
    findings = lint_revision(load_revision(path))
    assert any(f.field == "plans.platinum.initial_response.2" and f.level == "warning" for f in findings)


def test_unknown_revision_is_a_usage_error(contracts_copy):
    with pytest.raises(UsageError, match="no revision effective 2030-01-01"):
        ContractStore(contracts_copy).resolve("2030-01-01")


def test_show_in_french_has_no_english_sentence():
    """`contracts show --lang fr` is French throughout: every fixed word comes from the vocabulary."""
    from click.testing import CliRunner

    from aacompliance.cli import main

    out = CliRunner().invoke(main, ["contracts", "show", "--lang", "fr"], catch_exceptions=False).output
    for english in ("initial response", "Designated contacts", "Benefits:", "Features:", " per ", "as needed",
                    "effective ", "yes", "Business hours", "met for at least"):
        assert english not in out, english
    assert "efforts commercialement raisonnables" in out


def test_vocabulary_is_complete_in_every_language():
    from aacompliance.terms.vocabulary import vocabulary

    voc = vocabulary()
    assert voc.missing(voc.languages) == []
