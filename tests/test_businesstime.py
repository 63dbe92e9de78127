"""Business-hours arithmetic: examples across weekends and DST, and properties (hypothesis)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from aacompliance.util.businesstime import BusinessHours, calendar_minutes

HOURS = BusinessHours.from_terms({"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "17:00"})
ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC", "America/Sao_Paulo"]


def _at(zone, *args):
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def test_friday_evening_to_monday_morning():
    assert HOURS.minutes_between(_at("Europe/Paris", 2025, 4, 4, 16, 30), _at("Europe/Paris", 2025, 4, 7, 9, 10),
                                 "Europe/Paris") == 100


def test_weekend_counts_nothing():
    assert HOURS.minutes_between(_at("UTC", 2025, 4, 5, 0, 0), _at("UTC", 2025, 4, 7, 0, 0), "UTC") == 0


def test_full_week_is_45_hours_even_across_dst():
    # New York springs forward on Sunday 9 March 2025: a week still has 5 × 9 business hours.
    start, end = _at("America/New_York", 2025, 3, 7, 0, 0), _at("America/New_York", 2025, 3, 14, 0, 0)
    assert HOURS.minutes_between(start, end, "America/New_York") == 45 * 60
    assert calendar_minutes(start, end) == 7 * 24 * 60 - 60


def test_measured_in_the_logs_zone_not_the_offset_written():
    opened = dt.datetime(2025, 6, 2, 6, 0, tzinfo=dt.timezone.utc)  # 08:00 in Paris (CEST)
    answered = dt.datetime(2025, 6, 2, 7, 0, tzinfo=dt.timezone.utc)
    assert HOURS.minutes_between(opened, answered, "Europe/Paris") == 60
    assert HOURS.minutes_between(opened, answered, "UTC") == 0


_instants = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31),
                         timezones=st.just(dt.timezone.utc))


@settings(max_examples=300, deadline=None)
@given(a=_instants, b=_instants, c=_instants, zone=st.sampled_from(ZONES))
def test_additive_over_any_split(a, b, c, zone):
    start, middle, end = sorted([a, b, c])
    whole = HOURS.minutes_between(start, end, zone)
    parts = HOURS.minutes_between(start, middle, zone) + HOURS.minutes_between(middle, end, zone)
    assert abs(whole - parts) < 1e-6


@settings(max_examples=300, deadline=None)
@given(a=_instants, b=_instants, zone=st.sampled_from(ZONES))
def test_bounded_by_calendar_time_and_nine_hours_a_day(a, b, zone):
    start, end = sorted([a, b])
    business = HOURS.minutes_between(start, end, zone)
    assert 0 <= business <= calendar_minutes(start, end) + 1e-6
    days = (end - start).days + 2
    assert business <= days * 9 * 60


@settings(max_examples=200, deadline=None)
@given(a=_instants, minutes=st.integers(0, 60 * 24 * 30), zone=st.sampled_from(["UTC", "Asia/Tokyo"]))
def test_shifting_by_a_week_changes_nothing_without_dst(a, minutes, zone):
    b = a + dt.timedelta(minutes=minutes)
    week = dt.timedelta(days=7)
    assert abs(HOURS.minutes_between(a, b, zone) - HOURS.minutes_between(a + week, b + week, zone)) < 1e-6


@settings(max_examples=200, deadline=None)
@given(a=_instants, zone=st.sampled_from(ZONES))
def test_inside_one_window_equals_calendar_time(a, zone):
    local = a.astimezone(ZoneInfo(zone))
    day = local.date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZoneInfo(zone))
    end = start + dt.timedelta(hours=2)
    assert abs(HOURS.minutes_between(start, end, zone) - 120) < 1e-6
