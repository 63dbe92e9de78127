"""Dates and contract periods (aacompliance.util.dates): examples and properties."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aacompliance.util.dates import add_months, parse_date, parse_timestamp, period

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def test_month_end_is_clamped():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)


def test_quarter_of_a_contract_year_starting_mid_month():
    assert period(dt.date(2025, 1, 15), dt.date(2025, 4, 14), 3) == {
        "index": 0, "start": "2025-01-15", "end": "2025-04-14"}
    assert period(dt.date(2025, 1, 15), dt.date(2025, 4, 15), 3)["index"] == 1


def test_parsing_is_strict():
    assert parse_date("2025-02-29") is None
    assert parse_date("2025-2-1") is None
    assert parse_date(20250201) is None
    assert parse_timestamp("2025-02-01T10:00") is None  # no offset: ambiguous
    assert parse_timestamp("2025-02-01T10:00Z").utcoffset() == dt.timedelta(0)


@given(DAYS, DAYS, st.sampled_from([1, 3, 12]))
def test_period_contains_the_day_and_abuts_the_next(start, day, length):
    p = period(start, day, length)
    begin, end = dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"])
    assert begin <= day <= end
    following = period(start, end + dt.timedelta(days=1), length)
    assert following["index"] == p["index"] + 1
    assert following["start"] == (end + dt.timedelta(days=1)).isoformat()
