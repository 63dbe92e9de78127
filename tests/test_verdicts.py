"""Every example and test document gets the verdict written in it, on every engine."""
from __future__ import annotations

import pytest

from aacompliance.pipeline.evaluate import Settings, check_paths
from conftest import available_engines, documents_with_verdicts, expected_rules


@pytest.mark.parametrize("engine", available_engines())
@pytest.mark.parametrize("path", documents_with_verdicts(), ids=lambda p: p.name)
def test_document_verdict(path, engine):
    report = check_paths([str(path)], Settings(engine=engine))
    (result,) = report.documents
    assert not result.errors, result.errors
    assert sorted(v.rule for v in result.violations) == expected_rules(path)
    for v in result.violations:
        assert v.clause["id"] and v.clause["section"] and v.clause["label"]["en"] and v.clause["label"]["fr"]
        assert v.contract == {"id": "technical-support-terms", "version": "2024-11-18"}
        assert v.message.endswith(".")


def test_spec_example_names_the_uncovered_subscription():
    report = check_paths(["examples/order-form-silver-missing-region.yaml"])
    (violation,) = report.documents[0].violations
    assert violation.data["subscription"] == "N-2"
    assert violation.data["region"] == "AMER"
    assert "N-2" in violation.message and "2025-06-02" in violation.message
    assert violation.line == 8  # the subscription's line in the file


def test_ledger_and_attainment_reported():
    report = check_paths(["examples/benefit-usage-silver.yaml", "examples/incident-log-gold.yaml"])
    usage, log = report.documents
    rows = {(r["benefit"], r["per"], r["measure"]): r for r in usage.report["benefits"]["ledger"]}
    year = rows[("architecture_consultation", "contract_year", "hours")]
    assert (year["max"], year["used"], year["remaining"]) == (10, 5.5, 4.5)
    assert rows[("sandbox_setup", "quarter", "hours")]["period"]["start"] == "2025-04-01"
    attainment = log.report["incidents"]["attainment"]
    assert (attainment["met"], attainment["counted"], attainment["target_percent"]) == (3, 3, 95)
    inc2 = next(i for i in log.report["incidents"]["incidents"] if i["id"] == "INC-1002")
    assert inc2["elapsed_minutes"] == 100  # Friday 16:30–17:00 + Monday 08:00–09:10
    assert inc2["target"]["unit"] == "business_hours"


def test_daylight_saving_incident_measured_in_business_time():
    report = check_paths(["tests/data/documents/incidents-silver-missed.yaml"])
    rows = {i["id"]: i for i in report.documents[0].report["incidents"]["incidents"]}
    assert rows["N-INC-1"]["elapsed_minutes"] == 270 and rows["N-INC-1"]["status"] == "missed"
    assert rows["N-INC-2"]["status"] == "met"
    assert rows["N-INC-3"]["open"] and rows["N-INC-3"]["status"] == "missed"
    assert rows["N-INC-4"]["elapsed_minutes"] == 75  # 30 min Friday (CET) + 45 min Monday (CEST)
