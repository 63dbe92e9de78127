"""Elapsed time in calendar minutes and in business minutes.

Business time counts only the contract's business-hours window (e.g. Monday–Friday
08:00–17:00) in a given IANA time zone. Windows are built as local wall-clock
times and converted to absolute instants, so weekends and daylight-saving
changes are handled by :mod:`zoneinfo`, not by arithmetic on offsets.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import threading
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Longest span measured, in days (10 years); longer spans are capped — far past any target.
MAX_SPAN_DAYS = 3660


@functools.lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _hhmm(text: str) -> tuple[int, int]:
    hours, minutes = text.split(":")
    return int(hours), int(minutes)


def _span(begin: dt.datetime, finish: dt.datetime, tz_name: str):
    """``[begin, finish]`` in UTC, the zone, and its first and last local dates (capped at
    MAX_SPAN_DAYS); None when the span is empty."""
    utc = dt.timezone.utc
    begin_utc, finish_utc = begin.astimezone(utc), finish.astimezone(utc)
    if finish_utc <= begin_utc:
        return None
    tz = zone(tz_name)
    first = begin.astimezone(tz).date()
    last = min(finish.astimezone(tz).date(), first + dt.timedelta(days=MAX_SPAN_DAYS))
    return begin_utc, finish_utc, tz, first, last


@dataclass(frozen=True)
class BusinessHours:
    """A weekly window, e.g. ``BusinessHours.from_terms({"days": [...], "start": "08:00", ...})``."""

    weekdays: frozenset[int]
    start: tuple[int, int]
    end: tuple[int, int]

    @classmethod
    def from_terms(cls, terms: dict) -> "BusinessHours":
        return cls(frozenset(_DAYS.index(d) for d in terms["days"]), _hhmm(terms["start"]), _hhmm(terms["end"]))

    def _window(self, day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime(day.year, day.month, day.day, *self.start, tzinfo=tz)
        if self.end == (24, 0):
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
        else:
            end = dt.datetime(day.year, day.month, day.day, *self.end, tzinfo=tz)
        return start, end

    def minutes_between(self, begin: dt.datetime, finish: dt.datetime, tz_name: str) -> float:
        """Business minutes in ``[begin, finish]``, in ``tz_name``; 0 if finish <= begin.

        Computed per week: the partial weeks at each end day by day, every whole week
        between from a per-zone table of week totals (a week whose UTC offset is the same
        at both ends holds exactly its wall-clock window; any other week, e.g. one with a
        daylight-saving change, is measured day by day, once)."""
        span = _span(begin, finish, tz_name)
        if span is None:
            return 0.0
        begin_utc, finish_utc, tz, first, last = span
        if (last - first).days < 14:
            return self._seconds_by_day(first, last, begin_utc, finish_utc, tz) / 60.0
        next_monday = first + dt.timedelta(days=7 - first.weekday())
        last_monday = last - dt.timedelta(days=last.weekday())
        seconds = self._seconds_by_day(first, next_monday - dt.timedelta(days=1), begin_utc, finish_utc, tz)
        seconds += _week_table(self, tz_name).between(next_monday, last_monday)
        seconds += self._seconds_by_day(last_monday, last, begin_utc, finish_utc, tz)
        return seconds / 60.0

    def minutes_day_by_day(self, begin: dt.datetime, finish: dt.datetime, tz_name: str) -> float:
        """The same measure, one day at a time: the reference the weekly method is tested against."""
        span = _span(begin, finish, tz_name)
        if span is None:
            return 0.0
        begin_utc, finish_utc, tz, first, last = span
        return self._seconds_by_day(first, last, begin_utc, finish_utc, tz) / 60.0

    def _seconds_by_day(self, first: dt.date, last: dt.date, begin_utc: dt.datetime, finish_utc: dt.datetime,
                        tz: ZoneInfo) -> float:
        """Business seconds of the days ``first``..``last`` (local dates), within [begin, finish]."""
        utc = dt.timezone.utc
        seconds = 0.0
        day = first
        while day <= last:
            if day.weekday() in self.weekdays:
                w_start, w_end = self._window(day, tz)
                lo = max(begin_utc, w_start.astimezone(utc))
                hi = min(finish_utc, w_end.astimezone(utc))
                if hi > lo:
                    seconds += (hi - lo).total_seconds()
            day += _DAY
        return seconds

    @property
    def nominal_week_seconds(self) -> float:
        """Business seconds of a week without a UTC offset change: the wall-clock windows."""
        start = self.start[0] * 60 + self.start[1]
        end = self.end[0] * 60 + self.end[1]
        return max(0, end - start) * 60.0 * len(self.weekdays)


_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


class _WeekTable:
    """Running totals of business seconds, week by week, for one window in one zone: the
    whole weeks of any span are one subtraction. Grown on demand in either direction;
    the totals are whole seconds, so float sums stay exact."""

    def __init__(self, hours: BusinessHours, tz_name: str):
        self.hours, self.tz_name = hours, tz_name
        self.first: dt.date | None = None  #: the Monday of the first week covered
        self.totals = [0.0]  #: totals[i]: seconds of the i weeks from ``first``
        self._lock = threading.Lock()

    def between(self, monday: dt.date, end_monday: dt.date) -> float:
        """Business seconds of the whole weeks from ``monday`` up to ``end_monday`` (excluded)."""
        if end_monday <= monday:
            return 0.0
        with self._lock:
            if self.first is None:
                self.first = monday
            if monday < self.first:
                weeks = [_week_seconds(self.hours, self.tz_name, self.first - _WEEK * i)
                         for i in range((self.first - monday).days // 7, 0, -1)]
                prefix = list(itertools.accumulate(weeks, initial=0.0))
                self.totals = prefix[:-1] + [t + prefix[-1] for t in self.totals]
                self.first = monday
            while self.first + _WEEK * (len(self.totals) - 1) < end_monday:
                week = self.first + _WEEK * (len(self.totals) - 1)
                self.totals.append(self.totals[-1] + _week_seconds(self.hours, self.tz_name, week))
            i, j = (monday - self.first).days // 7, (end_monday - self.first).days // 7
            return self.totals[j] - self.totals[i]


@functools.lru_cache(maxsize=256)
def _week_table(hours: BusinessHours, tz_name: str) -> _WeekTable:
    return _WeekTable(hours, tz_name)


def _week_seconds(hours: BusinessHours, tz_name: str, monday: dt.date) -> float:
    """Business seconds of the whole week starting on ``monday`` (local), in ``tz_name``."""
    tz = zone(tz_name)
    week_start = dt.datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    following = monday + _WEEK
    week_end = dt.datetime(following.year, following.month, following.day, tzinfo=tz)
    if week_start.utcoffset() == week_end.utcoffset():
        return hours.nominal_week_seconds
    utc = dt.timezone.utc
    return hours._seconds_by_day(monday, following - _DAY, week_start.astimezone(utc), week_end.astimezone(utc), tz)


def calendar_minutes(begin: dt.datetime, finish: dt.datetime) -> float:
    """Elapsed minutes between two aware instants (in UTC: same-zone subtraction in
    Python is wall-clock arithmetic and would ignore a DST change)."""
    utc = dt.timezone.utc
    return max(0.0, (finish.astimezone(utc) - begin.astimezone(utc)).total_seconds() / 60.0)
