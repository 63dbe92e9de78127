"""Dates, timestamps and contract periods — the calendar arithmetic every document kind shares.

Pure functions with no knowledge of the terms: a period is "the Nth block of ``length``
months counted from a start date", clamped to month ends the way contract years are.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")

#: Period names and their length in months.
PERIOD_MONTHS = {"month": 1, "quarter": 3, "contract_year": 12}


#: Years a date or timestamp may have. Far wider than any contract, far from the ends of
#: Python's calendar (years 1 to 9999), so that every later computation (periods a year after
#: a date, business time ten years on, a change of time zone) stays in range.
YEAR_MIN, YEAR_MAX = 1900, 2999


def _in_range(value: dt.date) -> bool:
    return YEAR_MIN <= value.year <= YEAR_MAX


def parse_date(value: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` string in years :data:`YEAR_MIN`–:data:`YEAR_MAX` as a date; None for anything else."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if _in_range(day) else None


@functools.lru_cache(maxsize=4096)
def _timestamp(value: str) -> dt.datetime | None:
    if not _TS_RE.match(value):
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if _in_range(stamp) else None


def parse_timestamp(value: str) -> dt.datetime | None:
    """An ISO 8601 timestamp with an explicit offset (or Z), in years :data:`YEAR_MIN`–:data:`YEAR_MAX`,
    as an aware datetime; None otherwise."""
    # Each timestamp is read several times (checks, the revision of its day, facts): parsed once.
    return _timestamp(value) if isinstance(value, str) else None


def out_of_range(value) -> bool:
    """A date or timestamp written well (``YYYY-MM-DD…``) whose year is outside the accepted range."""
    return (isinstance(value, str) and (bool(_DATE_RE.match(value)) or bool(_TS_RE.match(value)))
            and not YEAR_MIN <= int(value[:4]) <= YEAR_MAX)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``, the 29th–31st clamped to the target month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for dom in range(day.day, 27, -1):
        try:
            return dt.date(year, month, dom)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def period(start: dt.date, day: dt.date, length: int) -> dict:
    """The period of ``length`` months counted from ``start`` that contains ``day``:
    ``{"index", "start", "end"}`` with ISO dates, ``end`` inclusive."""
    months = (day.year - start.year) * 12 + day.month - start.month
    index = months // length
    while add_months(start, index * length) > day:
        index -= 1
    while add_months(start, (index + 1) * length) <= day:
        index += 1
    begin = add_months(start, index * length)
    end = add_months(start, (index + 1) * length) - dt.timedelta(days=1)
    return {"index": index, "start": begin.isoformat(), "end": end.isoformat()}
