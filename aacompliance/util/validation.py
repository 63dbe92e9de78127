"""Schema validation with Cerberus, flattened to (field path, message) pairs."""
from __future__ import annotations

import datetime as dt
import functools
import re

from cerberus import TypeDefinition, Validator

from aacompliance.util.dates import YEAR_MAX, YEAR_MIN, out_of_range, parse_date, parse_timestamp
from aacompliance.util.yamlio import YAML11_NUMBER_RE, split_path

_RANGE_HINT = f"years {YEAR_MIN}–{YEAR_MAX} are accepted"

#: Field rules shared by the contract schema and the document schemas.
STR = {"type": "string", "empty": False}
REQ_STR = {"type": "string", "empty": False, "required": True}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "required": True, "empty": False, "check_with": "iso_date"}

@functools.lru_cache(maxsize=512)
def _zone_ok(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


class _Validator(Validator):
    # Cerberus counts a bool as an integer (bool is a subclass of int): never here.
    types_mapping = {**Validator.types_mapping,
                     "integer": TypeDefinition("integer", (int,), (bool,)),
                     "number": TypeDefinition("number", (int, float), (bool,)),
                     "float": TypeDefinition("float", (float, int), (bool,))}

    def _check_with_iso_date(self, field, value):
        if parse_date(value) is None:
            if out_of_range(value):
                self._error(field, f"date {value!r} is out of range: {_RANGE_HINT}")
            else:
                self._error(field, f"must be a date written YYYY-MM-DD, e.g. 2025-03-14 (got {value!r})")

    def _check_with_timestamp(self, field, value):
        if value is not None and parse_timestamp(value) is None:
            if out_of_range(value):
                self._error(field, f"timestamp {value!r} is out of range: {_RANGE_HINT}")
            else:
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

    def _check_with_interpretation_ref(self, field, value):
        self._ref(field, value, "interpretations", "interpretation")

    def _check_with_assumption_ref(self, field, value):
        self._ref(field, value, "assumptions", "assumption")


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
        self._fast = compile_fast_check(schema)

    def errors(self, document: dict) -> list[tuple[str, str]]:
        """Every problem as ``(field path, message)``; empty when valid."""
        if not isinstance(document, dict):
            return [("", "the document must be a mapping of fields")]
        if self._fast is not None and self._fast(document):
            return []
        if self._validator.validate(document):
            return []
        out: list[tuple[str, str]] = []
        _flatten(self._validator.errors, "", out)
        return sorted((path, _hint(document, path, message)) for path, message in out)


_TYPE_HINTS = {
    "must be of number type": "numbers are written in decimal, e.g. 2 or 2.5",
    "must be of integer type": "whole numbers are written in decimal, e.g. 3",
    "must be of boolean type": "only true and false are booleans",
}


def _hint(document, path: str, message: str) -> str:
    """Say why a value that looks like a number or a boolean is not one here."""
    advice = _TYPE_HINTS.get(message)
    if advice is None:
        return message
    value = document
    for part in split_path(path):
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return message
    if isinstance(value, bool) and message != "must be of boolean type":
        return f"{message} (got {str(value).lower()}, a boolean; {advice})"
    if isinstance(value, str) and YAML11_NUMBER_RE.match(value):
        return (f"{message} (got {value!r}: a leading zero, 0x, 0o, 0b, `_` or `:` is not read as a number; "
                f"{advice})")
    if isinstance(value, str) and value.lower() in _YAML11_BOOLS:
        return f"{message} (got {value!r}; {advice})"
    return message


_YAML11_BOOLS = frozenset(("yes", "no", "on", "off", "y", "n"))




# --- fast path ---------------------------------------------------------------------
#
# Cerberus defines the schemas and words every error, but validating a document
# with it costs milliseconds (it re-normalises nested schemas on every call). The
# functions below compile the subset of Cerberus rules our document schemas use
# into plain closures that only answer "certainly valid?". A document they accept
# is one Cerberus accepts (tests/test_validation.py checks this with hypothesis);
# anything else goes through Cerberus for its authoritative messages. A rule the
# compiler does not know disables the fast path for that schema.

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "dict": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
}
_CHECKS = {
    "iso_date": lambda v: parse_date(v) is not None,
    "timestamp": lambda v: parse_timestamp(v) is not None,
    "timezone": lambda v: isinstance(v, str) and _zone_ok(v),
}
_KNOWN = {"type", "required", "empty", "allowed", "regex", "min", "max", "minlength", "schema", "nullable",
          "check_with", "keysrules", "valuesrules"}


class _Unsupported(Exception):
    pass


def _compile_field(rules: dict):
    if set(rules) - _KNOWN:
        raise _Unsupported(set(rules) - _KNOWN)
    type_ok = _TYPES[rules["type"]] if "type" in rules else None
    nullable = rules.get("nullable", False)
    has_empty_rule = "empty" in rules
    empty_ok = rules.get("empty", True)
    allowed = rules.get("allowed")
    regex = None
    if "regex" in rules:
        pattern = rules["regex"] if rules["regex"].endswith("$") else rules["regex"] + "$"
        regex = re.compile(pattern)
    low, high, minlength = rules.get("min"), rules.get("max"), rules.get("minlength")
    check = None
    if "check_with" in rules:
        if rules["check_with"] not in _CHECKS:
            raise _Unsupported(rules["check_with"])
        check = _CHECKS[rules["check_with"]]
    nested = None
    if "schema" in rules:
        nested = _compile_mapping(rules["schema"]) if rules.get("type") == "dict" else _compile_field(rules["schema"])
    keys = _compile_field(rules["keysrules"]) if "keysrules" in rules else None
    values = _compile_field(rules["valuesrules"]) if "valuesrules" in rules else None

    def ok(value) -> bool:
        if value is None:
            return nullable
        if type_ok is not None and not type_ok(value):
            return False
        if has_empty_rule and isinstance(value, (str, list, dict)) and len(value) == 0:
            # With an explicit `empty` rule, Cerberus drops allowed, regex, minlength and
            # check_with for empty values (without one, they all apply).
            if not empty_ok:
                return False
        else:
            if allowed is not None and value not in allowed:
                return False
            if regex is not None and isinstance(value, str) and not regex.match(value):
                return False
            if minlength is not None and len(value) < minlength:
                return False
            if check is not None and not check(value):
                return False
        if low is not None and value < low:
            return False
        if high is not None and value > high:
            return False
        if nested is not None:
            if isinstance(value, list):
                if not all(nested(item) for item in value):
                    return False
            elif not nested(value):
                return False
        if keys is not None and not all(keys(k) for k in value):
            return False
        if values is not None and not all(values(v) for v in value.values()):
            return False
        return True

    return ok


def _compile_mapping(schema: dict):
    fields = {name: _compile_field(rules) for name, rules in schema.items()}
    required = frozenset(name for name, rules in schema.items() if rules.get("required"))

    def ok(value) -> bool:
        if not isinstance(value, dict) or not required <= value.keys():
            return False
        for key, item in value.items():
            check = fields.get(key)
            if check is None or not check(item):
                return False
        return True

    return ok


def compile_fast_check(schema: dict):
    """A "certainly valid" predicate for ``schema``, or None when it uses unsupported rules."""
    try:
        return _compile_mapping(schema)
    except _Unsupported:
        return None
