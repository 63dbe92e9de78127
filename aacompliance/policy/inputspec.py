"""The input contract of the decision, as data the Rego checks itself with.

``data.aacompliance.main.decision`` refuses what it cannot judge: an unknown kind,
a revision that does not exist, a plan that is not a plan of that revision, a
missing field, a boolean where a number goes, a date that does not parse, facts
missing for a kind that needs them. The shapes it checks come from here, as data
(``data.aacompliance.inputs``), never hand-copied into the Rego:

- each document kind's fields and types, converted from the Cerberus schemas that
  validate documents in Python (``documents/<kind>.py``), so both sides check one format;
- which fields name a plan or a benefit (``ref``: a section of the revision whose
  keys are the allowed values — plan ids come from the contract data);
- the date that selects the revision (``documents/<kind>.py``);
- the shape of the facts Python computes for the kinds that need them.

Every object the input may hold is one entry of ``objects``: ``at`` is its path
from the input (``"*"`` for every element of a list) and ``fields`` its fields,
each ``{type, required, nullable, empty, allowed, regex, min, max, format, ref,
items}`` (only the keys that apply). Types are JSON's: ``string``, ``number``,
``integer`` (a number without a fraction), ``boolean``, ``object``, ``array``;
a boolean is never a number.
"""
from __future__ import annotations

import functools

from aacompliance.documents import KINDS

_TYPES = {"dict": "object", "list": "array", "string": "string", "number": "number", "integer": "integer",
          "boolean": "boolean"}
#: Formats whose shape a pattern checks; calendar validity (dates, timestamps) is checked in Rego.
#: Year 0001-9999, month 01-12, day 01-31: Rego then checks only days from the 29th.
_DAY = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = f"^{_DAY}$"
_CLOCK = "T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
TIMESTAMP_PATTERN = f"^{_DAY}{_CLOCK}$"
#: The same, calendar-exact (no 2025-02-29 or 2025-04-31): the JSON Schema of the decision's fast
#: path holds these, so that on a valid input Rego checks no date or timestamp one by one; when the
#: schema refuses one, the field-by-field check names it (tests/test_inputspec.py compares these
#: patterns with the calendar).
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = ("((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
              "|02-(0[1-9]|1[0-9]|2[0-8]))")
_LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_CALENDAR_DAY = f"({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
CALENDAR_DATE_PATTERN = f"^{_CALENDAR_DAY}$"
CALENDAR_TIMESTAMP_PATTERN = f"^{_CALENDAR_DAY}{_CLOCK}$"
#: The shape of an IANA zone name; whether the zone exists is known to whoever computes the facts.
TIMEZONE_PATTERN = "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$"
_FORMATS = {"iso_date": ("date", DATE_PATTERN), "timestamp": ("timestamp", TIMESTAMP_PATTERN),
            "timezone": (None, TIMEZONE_PATTERN)}
_SCHEMA_PATTERNS = {"iso_date": CALENDAR_DATE_PATTERN, "timestamp": CALENDAR_TIMESTAMP_PATTERN,
                    "timezone": TIMEZONE_PATTERN}
_COPIED = ("allowed", "regex", "min", "max", "nullable")

#: Fields whose value must be a key of a section of the revision named by ``input.contract``.
REFS = {
    "OrderForm": {("document", "support", "*", "plan"): "plans"},
    "Roster": {("document", "plan"): "plans"},
    "BenefitUsage": {("document", "plan"): "plans", ("document", "sessions", "*", "benefit"): "benefits"},
    "IncidentLog": {("document", "plan"): "plans"},
}

# The facts aacompliance computes (documents/<kind>.py), in the same Cerberus notation as the documents.
_INT = {"type": "integer", "required": True, "min": 0}
_STR = {"type": "string", "required": True, "empty": False}
_DATE = {"type": "string", "required": True, "regex": DATE_PATTERN}  # written by aacompliance: shape only
_PERIOD = {"type": "dict", "required": True, "schema": {"index": {"type": "integer", "required": True},
                                                        "start": _DATE, "end": _DATE, "version": _STR}}
_SESSION_PERIOD = {"type": "dict", "required": True, "schema": {
    "index": _INT, "start": _DATE, "end": _DATE, "version": _STR}}
FACTS = {
    "BenefitUsage": {
        "sessions": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
            "index": _INT,
            "version": _STR,
            "periods": {"type": "dict", "required": True, "schema": {
                "session": _SESSION_PERIOD, "month": _PERIOD, "quarter": _PERIOD, "contract_year": _PERIOD}},
        }}},
        "periods": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
            "benefit": _STR,
            "per": {"type": "string", "required": True, "allowed": ["month", "quarter", "contract_year"]},
            "period": _PERIOD,
            "sessions": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "integer", "min": 0}},
        }}},
    },
    "IncidentLog": {
        "as_of": {"type": "string", "required": True, "regex": TIMESTAMP_PATTERN},
        "incidents": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
            "id": _STR,
            "version": _STR,
            "open": {"type": "boolean", "required": True},
            "elapsed": {"type": "dict", "required": True, "schema": {
                "calendar": {"type": "number", "required": True, "min": 0},
                "business": {"type": "number", "required": True, "min": 0},
            }},
        }}},
    },
}


def _field(rules: dict, path: tuple, objects: list, refs: dict, checks: list) -> dict:
    out: dict = {"type": _TYPES[rules["type"]]}
    if rules.get("required"):
        out["required"] = True
    if rules.get("empty") is False or rules.get("minlength"):
        out["empty"] = False
    for key in _COPIED:
        if key in rules:
            out[key] = rules[key]
    check: dict = {}
    if "check_with" in rules:
        fmt, pattern = _FORMATS[rules["check_with"]]
        if fmt:
            check["format"] = fmt  # worded by the checks; the JSON Schema holds the pattern
        else:
            out["regex"] = pattern
    if path in refs:
        check["ref"] = refs[path]
    if check:
        # The Rego reads these sites directly: a field, a field of a field, or a field of each item.
        assert len(path) in (2, 3) and "*" not in path or len(path) == 4 and path[2] == "*", path
        checks.append({"at": list(path), **check})
    nested = rules.get("schema")
    if rules["type"] == "dict" and nested:
        _object(nested, path, objects, refs, checks)
    elif rules["type"] == "list" and nested:
        item = _field(nested, (*path, "*"), objects, refs, checks)
        item.pop("required", None)
        out["items"] = item
    return out


def _object(schema: dict, path: tuple, objects: list, refs: dict, checks: list) -> None:
    entry = {"at": list(path), "fields": {}}
    objects.append(entry)
    for name, rules in schema.items():
        entry["fields"][name] = _field(rules, (*path, name), objects, refs, checks)


def bulk_body(pattern: str) -> str | None:
    """A field's pattern (``^...$``) as it can be matched inside JSON text, between the quotes of
    the value: negated classes also refuse a quote and a backslash (so a match never runs past the
    value; a value with an escape then goes the slow way, field by field, which judges it the
    same). None when the pattern could still match a quote (``.``, ``\\S``, ...)."""
    if not (pattern.startswith("^") and pattern.endswith("$")) or '"' in pattern:
        return None
    body, out, i, in_class = pattern[1:-1], [], 0, False
    while i < len(body):
        char = body[i]
        if char == "\\":
            if body[i + 1] in "SWDpP":
                return None
            out.append(body[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if body[i + 1] == "^":
                out.append('[^"\\\\')
                i += 2
                continue
        elif char in ".^$":
            return None
        out.append(char)
        i += 1
    return "".join(out)


def _pattern(rules: dict) -> str | None:
    if "check_with" in rules and "regex" not in rules:
        return _SCHEMA_PATTERNS[rules["check_with"]]
    if "regex" in rules and "check_with" not in rules:
        return rules["regex"]
    return None


def _patterns_by_name(rules: dict, out: dict) -> bool:
    """Each field name of a rule set (at any depth) with the patterns its fields carry (None: a
    field without one); False when some mapping takes fields the schema does not list."""
    nested = rules.get("schema")
    kind = rules.get("type", "dict")
    if kind == "dict" and not nested:
        return False
    closed = True
    if kind == "dict":
        for name, sub in nested.items():
            out.setdefault(name, set()).add(_pattern(sub))
            closed = _patterns_by_name(sub, out) and closed
    elif kind == "list" and nested:
        closed = _patterns_by_name(nested, out) and closed
    return closed


def bulk_fields(rules: dict) -> dict[str, str]:
    """The fields of a document (or of the facts) whose date or timestamp pattern is checked in
    bulk: {name: pattern}, for names that every field of that name shares with the same pattern,
    in a rule set whose every mapping is closed (so that, in the JSON text of the whole value,
    `"name":"` begins one of these fields and nothing else)."""
    names: dict = {}
    if not _patterns_by_name(rules, names):
        return {}
    return {name: next(iter(found)) for name, found in names.items()
            if len(found) == 1 and next(iter(found)) and bulk_body(next(iter(found))) and name.isidentifier()}


def bulk_checks(rules: dict) -> list[dict]:
    """The bulk checks of a rule set: [{"fields": [names], "pattern": the value's pattern}], one per
    pattern. In Rego, the value as JSON must hold as many `"name":"<pattern>"` as `"name":"`."""
    by_pattern: dict = {}
    for name, pattern in sorted(bulk_fields(rules).items()):
        by_pattern.setdefault(pattern, []).append(name)
    checks = []
    for pattern, names in sorted(by_pattern.items()):
        key = '"(?:' + "|".join(names) + ')":"'
        checks.append({"fields": names, "key": key, "pattern": f'{key}(?:{bulk_body(pattern)})"'})
    return checks


def json_schema(rules: dict, bulk: frozenset = frozenset()) -> dict:
    """The JSON Schema of one Cerberus rule set: the same types, required and unknown fields,
    values, bounds and patterns (formats by their calendar-exact pattern; plan and benefit ids
    are checked in Rego). Fields named in ``bulk`` go without their pattern (checked in bulk)."""
    kind = rules.get("type", "dict")
    out: dict = {"type": [_TYPES[kind], "null"] if rules.get("nullable") else _TYPES[kind]}
    nested = rules.get("schema")
    if kind == "dict" and nested:
        out["properties"] = {name: json_schema(sub, bulk) for name, sub in nested.items()}
        for name in bulk:
            out["properties"].get(name, {}).pop("pattern", None)
        out["required"] = [name for name, sub in nested.items() if sub.get("required")]
        out["additionalProperties"] = False
    if kind == "list":
        if nested:
            out["items"] = json_schema(nested, bulk)
        if rules.get("minlength"):
            out["minItems"] = rules["minlength"]
    if kind == "string" and rules.get("empty") is False:
        out["minLength"] = 1
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"]) + ([None] if rules.get("nullable") else [])
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    patterns = [rules["regex"]] if "regex" in rules else []
    if "check_with" in rules:
        patterns.append(_SCHEMA_PATTERNS[rules["check_with"]])
    if patterns:
        out["pattern"] = patterns[-1] if len(patterns) == 1 else None
        if len(patterns) > 1:
            del out["pattern"]
            out["allOf"] = [{"pattern": p} for p in patterns]
    return out


@functools.lru_cache(maxsize=1)
def input_spec() -> dict:
    """``data.aacompliance.inputs``: ``{"kinds": {kind: {date_field, facts, schema, objects, checks}}}``.

    ``schema`` (JSON Schema of the document and of the facts) is the decision's fast path, with
    ``bulk``: the fields' patterns, each checked once over the whole value as JSON
    (compiling a pattern per field costs more than the check); when both accept, only ``checks`` remain (calendar dates, timestamps, plan
    and benefit ids of the revision); otherwise ``objects`` let the Rego name every problem."""
    kinds = {}
    for name, kind in KINDS.items():
        if not kind.judged:
            continue  # not a kind the decision judges (a Waiver travels in input.waivers)
        schema = kind.schema
        objects: list = []
        checks: list = []
        refs = dict(REFS.get(name, {}))
        document = {**schema, "kind": {"type": "string", "required": True, "allowed": [name]}}
        _object(document, ("document",), objects, refs, checks)
        if name in FACTS:
            _object(FACTS[name], ("facts",), objects, refs, checks)
        doc_rules = {"type": "dict", "schema": document}
        facts_rules = {"type": "dict", "schema": FACTS.get(name, {})}
        kinds[name] = {
            "date_field": list(kind.date_field),
            "facts": name in FACTS,
            "schema": {"document": json_schema(doc_rules, frozenset(bulk_fields(doc_rules))),
                       **({"facts": json_schema(facts_rules, frozenset(bulk_fields(facts_rules)))}
                          if name in FACTS else {})},
            "bulk": {"document": bulk_checks(doc_rules), **({"facts": bulk_checks(facts_rules)} if name in FACTS else {})},
            "objects": objects,
            "checks": checks,
        }
    return {"kinds": kinds}
