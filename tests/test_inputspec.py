"""The calendar-exact date patterns of the decision's JSON Schema agree with the calendar."""
import datetime
import re

from aacompliance.policy.inputspec import CALENDAR_DATE_PATTERN, CALENDAR_TIMESTAMP_PATTERN, DATE_PATTERN


def _valid(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def test_calendar_date_pattern_is_the_calendar():
    exact = re.compile(CALENDAR_DATE_PATTERN)
    shape = re.compile(DATE_PATTERN)
    years = [*range(1, 30), *range(95, 105), *range(395, 405), *range(1595, 1605), *range(1895, 1905),
             *range(1995, 2105), *range(2395, 2405), *range(9990, 10000)]
    checked = 0
    for year in years:
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                assert bool(exact.match(text)) == _valid(text), text
                checked += bool(shape.match(text)) and not _valid(text)
    assert checked > 0  # the shape alone lets impossible days through; the exact pattern does not
    for bad in ["0000-01-01", "2025-1-01", "2025-01-01 ", "x2025-01-01", "20250-01-01"]:
        assert not exact.match(bad), bad


def test_calendar_timestamp_pattern():
    exact = re.compile(CALENDAR_TIMESTAMP_PATTERN)
    assert exact.match("2024-02-29T09:12:00+02:00")
    assert exact.match("2025-04-03T09:12Z")
    for bad in ["2025-02-29T09:12:00+02:00", "2025-04-31T09:12:00Z", "2025-04-03T24:00:00Z",
                "2025-04-03T09:12:00", "2025-04-03T09:12:00+2:00"]:
        assert not exact.match(bad), bad


def _decide(path, change):
    """The decision (compiled VM, then interpreter past its cap) on a test document's input
    after `change(input)`."""
    import copy

    from aacompliance.pipeline.evaluate import Evaluator
    from conftest import DATA

    ev = Evaluator()
    _, prepared = ev.prepare(DATA / "documents" / path)
    changed = copy.deepcopy(prepared)
    change(changed)
    return ev.engine.decide([prepared, changed])


def test_dates_checked_in_bulk_still_name_the_field():
    def impossible_day(inp):
        inp["document"]["subscriptions"][1]["end"] = "2025-02-30"
    good, bad = _decide("of-added-during-term.yaml", impossible_day)
    assert good["errors"] == []
    assert bad["errors"] == [{"field": "subscriptions[1].end",
                              "message": 'must be a date written YYYY-MM-DD, e.g. 2025-03-14 (got "2025-02-30")'}]
    assert not bad["compliant"] and bad["violations"] == []


def test_early_response_found_with_one_offset_and_with_mixed_offsets():
    def early_same_offset(inp):
        first = inp["document"]["incidents"][0]
        first["opened"], first["first_response"] = "2025-01-10T10:00:00+01:00", "2025-01-10T09:59:00+01:00"

    def early_other_offset(inp):
        first = inp["document"]["incidents"][0]
        first["opened"], first["first_response"] = "2025-01-10T10:00:00+01:00", "2025-01-10T09:30:00Z"  # after
        second = inp["document"]["incidents"][1]
        second["opened"], second["first_response"] = "2025-01-10T10:00:00Z", "2025-01-10T10:30:00+01:00"

    for change, field in [(early_same_offset, "incidents[0].first_response"),
                          (early_other_offset, "incidents[1].first_response")]:
        good, bad = _decide("incidents-silver-missed.yaml", change)
        assert good["errors"] == []
        assert [e["field"] for e in bad["errors"]] == [field], bad["errors"]


def test_bulk_patterns_never_match_past_a_value():
    from aacompliance.policy.inputspec import bulk_body

    assert bulk_body(r"^[^@\s]+@[^@\s]+$") == r'[^"\\@\s]+@[^"\\@\s]+'
    assert bulk_body("^[a-z]{2,3}$") == "[a-z]{2,3}"
    assert bulk_body("^a.b$") is None and bulk_body(r"^\S+$") is None and bulk_body("[a-z]") is None


def test_patterns_checked_in_bulk_still_name_the_field():
    def bad_email(inp):
        inp["document"]["contacts"][1]["email"] = "nobody at example.com"

    def quoted_email(inp):  # valid, but not for the bulk pattern: judged field by field, the same
        inp["document"]["contacts"][1]["email"] = 'o"brien@example.com'
    good, bad = _decide("roster-gold-not-admin.yaml", bad_email)
    assert good["errors"] == []
    assert [e["field"] for e in bad["errors"]] == ["contacts[1].email"]
    assert "nobody at example.com" in bad["errors"][0]["message"]
    _, quoted = _decide("roster-gold-not-admin.yaml", quoted_email)
    assert quoted["errors"] == []


def test_revisions_named_by_the_facts_counted_in_bulk_still_name_the_fact():
    def unknown_revision(inp):
        inp["facts"]["incidents"][2]["version"] = "1999-01-01"
    good, bad = _decide("incidents-silver-missed.yaml", unknown_revision)
    assert good["errors"] == []
    assert bad["errors"] == [{"field": "input.facts.incidents[2].version",
                              "message": 'contract technical-support-terms has no revision "1999-01-01"'}]
