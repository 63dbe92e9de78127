"""The input contract of the decision, as data the Rego checks itself with.

``data.aacompliance.main.decision`` refuses what it cannot judge: an unknown kind,
a revision that does not exist, a plan that is not a plan of that revision, a
missing field, a boolean where a number goes, a date that does not parse, facts
missing for a kind that needs them. The shapes it checks come from here, as data
(``data.aacompliance.inputs``), never hand-copied into the Rego:

- each document kind's fields and types, converted from the Cerberus schemas that
  validate documents in Python (``schemas.py``), so both sides check one format;
- which fields name a plan or a benefit (``ref``: a section of the revision whose
  keys are the allowed values — plan ids come from the contract data);
- the date that selects the revision (``kinds.py``);
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

from .kinds import KINDS
from .schemas import DOCUMENT_KINDS

_TYPES = {"dict": "object", "list": "array", "string": "string", "number": "number", "integer": "integer",
          "boolean": "boolean"}
_FORMATS = {"iso_date": "date", "timestamp": "timestamp", "timezone": "timezone"}
_COPIED = ("allowed", "regex", "min", "max", "nullable")

#: Fields whose value must be a key of a section of the revision named by ``input.contract``.
REFS = {
    "OrderForm": {("document", "support", "*", "plan"): "plans"},
    "Roster": {("document", "plan"): "plans"},
    "BenefitUsage": {("document", "plan"): "plans", ("document", "sessions", "*", "benefit"): "benefits"},
    "IncidentLog": {("document", "plan"): "plans"},
}

# The facts aacompliance computes (kinds.py), in the same Cerberus notation as the documents.
_INT = {"type": "integer", "required": True, "min": 0}
_STR = {"type": "string", "required": True, "empty": False}
_DATE = {"type": "string", "required": True, "check_with": "iso_date"}
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
        "as_of": {"type": "string", "required": True, "check_with": "timestamp"},
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


def _field(rules: dict, path: tuple, objects: list, refs: dict) -> dict:
    out: dict = {"type": _TYPES[rules["type"]]}
    if rules.get("required"):
        out["required"] = True
    if rules.get("empty") is False:
        out["empty"] = False
    if rules.get("minlength"):
        out["empty"] = False
    for key in _COPIED:
        if key in rules:
            out[key] = rules[key]
    if "check_with" in rules:
        out["format"] = _FORMATS[rules["check_with"]]
    if path in refs:
        out["ref"] = refs[path]
    nested = rules.get("schema")
    if rules["type"] == "dict" and nested:
        _object(nested, path, objects, refs)
    elif rules["type"] == "list" and nested:
        item = _field(nested, (*path, "*"), objects, refs)
        item.pop("required", None)
        out["items"] = item
    return out


def _object(schema: dict, path: tuple, objects: list, refs: dict) -> None:
    entry = {"at": list(path), "fields": {}}
    objects.append(entry)
    for name, rules in schema.items():
        entry["fields"][name] = _field(rules, (*path, name), objects, refs)


@functools.lru_cache(maxsize=1)
def input_spec() -> dict:
    """``data.aacompliance.inputs``: ``{"kinds": {kind: {date_field, objects}}}``."""
    kinds = {}
    for name, schema in DOCUMENT_KINDS.items():
        objects: list = []
        refs = {path: ref for path, ref in REFS.get(name, {}).items()}
        _object({**schema, "kind": {"type": "string", "required": True, "allowed": [name]}}, ("document",), objects,
                refs)
        if name in FACTS:
            _object(FACTS[name], ("facts",), objects, refs)
        kinds[name] = {"date_field": list(KINDS[name].date_field), "facts": name in FACTS, "objects": objects}
    return {"kinds": kinds}
