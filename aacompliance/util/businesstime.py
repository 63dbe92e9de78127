"""Elapsed time in calendar minutes and in business minutes.

Business time counts only the contract's business-hours window (e.g. Monday–Friday
08:00–17:00) in a given IANA time zone. Windows are built as local wall-clock
times and converted to absolute instants, so weekends and daylight-saving
changes are handled by :mod:`zoneinfo`, not by arithmetic on offsets.
"""
from __future__ import annotations

import datetime as dt
import functools
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
        """Business minutes in ``[begin, finish]``, in ``tz_name``; 0 if finish <= begin."""
        if finish.astimezone(dt.timezone.utc) <= begin.astimezone(dt.timezone.utc):
            return 0.0
        tz = zone(tz_name)
        first = begin.astimezone(tz).date()
        last = min(finish.astimezone(tz).date(), first + dt.timedelta(days=MAX_SPAN_DAYS))
        begin_utc, finish_utc = begin.astimezone(dt.timezone.utc), finish.astimezone(dt.timezone.utc)
        seconds = 0.0
        day = first
        while day <= last:
            if day.weekday() in self.weekdays:
                w_start, w_end = self._window(day, tz)
                lo = max(begin_utc, w_start.astimezone(dt.timezone.utc))
                hi = min(finish_utc, w_end.astimezone(dt.timezone.utc))
                if hi > lo:
                    seconds += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return seconds / 60.0


def calendar_minutes(begin: dt.datetime, finish: dt.datetime) -> float:
    """Elapsed minutes between two aware instants (in UTC: same-zone subtraction in
    Python is wall-clock arithmetic and would ignore a DST change)."""
    utc = dt.timezone.utc
    return max(0.0, (finish.astimezone(utc) - begin.astimezone(utc)).total_seconds() / 60.0)
