"""Dated items are judged by the revision in force on their own date.

Uses the draft invented for the tests (tests/data/revisions/2025-06-01.yaml: Gold severity 2
target 1 business hour instead of 2, Silver sandbox cap 4 hours a quarter instead of 3),
published in a temporary copy of contracts/.
"""
from __future__ import annotations

import textwrap

import pytest

from aacompliance.pipeline.evaluate import Settings, check_paths
from conftest import DATA


@pytest.fixture
def two_revisions(contracts_copy):
    text = (DATA / "revisions" / "2025-06-01.yaml").read_text().replace("status: draft", "status: published")
    (contracts_copy / "technical-support-terms" / "2025-06-01.yaml").write_text(text)
    return Settings(contracts_dir=str(contracts_copy))


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def _gold_log(tmp_path, period_end: str, incidents: str) -> str:
    """A Gold incident log from 1 May 2025, in Paris time."""
    header = textwrap.dedent(f"""\
        apiVersion: aacompliance/v1
        kind: IncidentLog
        account: ACME-001
        plan: gold
        timezone: Europe/Paris
        period: {{start: 2025-05-01, end: {period_end}}}
        incidents:
        """)
    return _write(tmp_path, "log.yaml", header + textwrap.dedent(incidents))


def test_each_incident_uses_the_target_in_force_when_it_was_opened(tmp_path, two_revisions):
    path = _gold_log(tmp_path, "2025-06-30", """\
          - {id: MAY, severity: 2, opened: "2025-05-14T10:00:00+02:00", first_response: "2025-05-14T11:40:00+02:00"}
          - {id: JUNE, severity: 2, opened: "2025-06-11T10:00:00+02:00", first_response: "2025-06-11T11:40:00+02:00"}
        """)
    (result,) = check_paths([path], two_revisions).documents
    rows = {r["id"]: r for r in result.report["incidents"]["incidents"]}
    assert rows["MAY"]["target"]["version"] == "2024-11-18" and rows["MAY"]["status"] == "met"
    assert rows["JUNE"]["target"]["version"] == "2025-06-01" and rows["JUNE"]["status"] == "missed"
    assert result.contract["version"] == "2024-11-18"  # the log as a whole: in force on period.start


def test_benefit_caps_follow_the_revision_in_force_when_the_period_started(tmp_path, two_revisions):
    path = _write(tmp_path, "usage.yaml", """\
        apiVersion: aacompliance/v1
        kind: BenefitUsage
        account: NORD-77
        plan: silver
        contract_year_start: 2025-01-01
        sessions:
          - {benefit: sandbox_setup, date: 2025-04-10, hours: 2, language: en}
          - {benefit: sandbox_setup, date: 2025-05-10, hours: 1.5, language: en}
          - {benefit: sandbox_setup, date: 2025-07-10, hours: 2, language: en}
          - {benefit: sandbox_setup, date: 2025-08-10, hours: 1.5, language: en}
        """)
    (result,) = check_paths([path], two_revisions).documents
    (violation,) = result.violations  # Q2 (cap 3 from 2024-11-18) over; Q3 (cap 4 from 2025-06-01) not
    assert violation.rule == "BEN-CAP"
    assert violation.data["period"]["start"] == "2025-04-01" and violation.data["cap"] == 3
    quarters = {r["period"]["start"]: r for r in result.report["benefits"]["ledger"] if r["per"] == "quarter"}
    assert (quarters["2025-04-01"]["max"], quarters["2025-07-01"]["max"]) == (3, 4)


def test_forced_revision_applies_to_every_item(tmp_path, two_revisions):
    path = _gold_log(tmp_path, "2025-05-31", """\
          - {id: MAY, severity: 2, opened: "2025-05-14T10:00:00+02:00", first_response: "2025-05-14T11:40:00+02:00"}
        """)
    forced = Settings(contracts_dir=two_revisions.contracts_dir, revision="2025-06-01")
    (result,) = check_paths([path], forced).documents
    assert result.report["incidents"]["incidents"][0]["status"] == "missed"
