"""Schema validation with Cerberus, flattened to (field path, message) pairs."""
from __future__ import annotations

import datetime as dt
import functools
import re

from cerberus import Validator

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def parse_date(value: str) -> dt.date | None:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_timestamp(value: str) -> dt.datetime | None:
    if not isinstance(value, str) or not _TS_RE.match(value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@functools.lru_cache(maxsize=512)
def _zone_ok(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


class _Validator(Validator):
    def _check_with_iso_date(self, field, value):
        if parse_date(value) is None:
            self._error(field, f"must be a date written YYYY-MM-DD, e.g. 2025-03-14 (got {value!r})")

    def _check_with_timestamp(self, field, value):
        if value is not None and parse_timestamp(value) is None:
            self._error(field, "must be an RFC 3339 timestamp with an offset, "
                               f"e.g. 2025-04-03T09:12:00+02:00 (got {value!r})")

    def _check_with_timezone(self, field, value):
        if not isinstance(value, str) or not _zone_ok(value):
            self._error(field, f"unknown IANA time zone {value!r}, e.g. Europe/Paris")

    def _ref(self, field, value, section, what):
        known = (self.root_document or {}).get(section)
        if isinstance(known, dict) and value not in known:
            self._error(field, f"{what} {value!r} is not defined under `{section}:`")

    def _check_with_clause_ref(self, field, value):
        self._ref(field, value, "clauses", "clause")

    def _check_with_unit_ref(self, field, value):
        self._ref(field, value, "units", "unit")

    def _check_with_severity_ref(self, field, value):
        self._ref(field, value, "severities", "severity")

    def _check_with_benefit_ref(self, field, value):
        self._ref(field, value, "benefits", "benefit")


def _flatten(errors, prefix: str, out: list[tuple[str, str]]) -> None:
    for key, items in errors.items():
        path = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
        for item in items:
            if isinstance(item, dict):
                _flatten(item, path, out)
            else:
                out.append((path, _humanize(item)))


def _humanize(message: str) -> str:
    if message == "unknown field":
        return "unknown field (not part of the format; check its spelling)"
    if message == "required field":
        return "required field is missing"
    return message


class SchemaValidator:
    """A reusable validator for one schema (building a Cerberus validator is costly)."""

    def __init__(self, schema: dict):
        self._validator = _Validator(schema)

    def errors(self, document: dict) -> list[tuple[str, str]]:
        """Every problem as ``(field path, message)``; empty when valid."""
        if not isinstance(document, dict):
            return [("", "the document must be a mapping of fields")]
        if self._validator.validate(document):
            return []
        out: list[tuple[str, str]] = []
        _flatten(self._validator.errors, "", out)
        return sorted(out)
