"""JSON Schema (2020-12) for each document kind, generated from its Cerberus schema.

The Cerberus schema in each kind's module (``KINDS[name].schema``) stays the one source:
this module translates it, at run time, for editors (``# yaml-language-server:
$schema=…``) and other tools; ``aacompliance schema KIND`` prints the result. A
Cerberus rule this translator does not know is an error, so a schema cannot silently
drift from its translation (the tests translate every kind).

What JSON Schema cannot say is left to ``aacompliance check``: a date that does not
exist (``2025-02-30``: the ``date`` format says so, for validators that check formats),
and everything that needs the contract revision (plan and benefit ids, dates in force).
"""
from __future__ import annotations

import functools

from aacompliance.documents.registry import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The schema covering every kind, chosen by the document's ``kind``.
ANY = "any"

_TYPES = {"string": "string", "boolean": "boolean", "integer": "integer", "number": "number", "float": "number",
          "dict": "object", "list": "array"}
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"


class UnsupportedRule(ValueError):
    """A Cerberus rule with no JSON Schema translation here."""


@functools.lru_cache(maxsize=1)
def _time_zones() -> list[str]:
    import zoneinfo

    return sorted(zoneinfo.available_timezones())


def _check_with(name: str) -> dict:
    if name == "iso_date":
        return {"format": "date", "pattern": _DATE, "examples": ["2025-03-14"]}
    if name == "timestamp":
        return {"format": "date-time", "pattern": _TIMESTAMP, "examples": ["2025-04-03T09:12:00+02:00"]}
    if name == "timezone":
        zones = _time_zones()
        return {"enum": zones} if zones else {"examples": ["Europe/Paris"]}
    raise UnsupportedRule(f"check_with: {name}")


def field(rules: dict) -> dict:
    """The JSON Schema of one Cerberus field."""
    rules = dict(rules)
    rules.pop("required", None)  # said by the parent object
    out: dict = {}
    kind = rules.pop("type", None)
    if kind is not None:
        if kind not in _TYPES:
            raise UnsupportedRule(f"type: {kind}")
        out["type"] = _TYPES[kind]
    nullable = rules.pop("nullable", False)
    if rules.pop("empty", True) is False:
        if kind == "list":
            out["minItems"] = 1
        elif kind == "dict":
            out["minProperties"] = 1
        else:
            out["minLength"] = 1
    if "allowed" in rules:
        allowed = list(rules.pop("allowed"))
        if kind == "list":
            out["items"] = {"enum": allowed}
        else:
            out["enum"] = allowed
    if "regex" in rules:  # Cerberus matches the whole value; JSON Schema searches
        out["pattern"] = "^(?:" + rules.pop("regex").removeprefix("^").removesuffix("$") + ")$"
    for cerberus, json_name in (("min", "minimum"), ("max", "maximum")):
        if cerberus in rules:
            out[json_name] = rules.pop(cerberus)
    for cerberus, bound in (("minlength", "min"), ("maxlength", "max")):
        if cerberus in rules:
            out[{"list": f"{bound}Items", "dict": f"{bound}Properties"}.get(kind, f"{bound}Length")] = rules.pop(cerberus)
    if "check_with" in rules:
        out.update(_check_with(rules.pop("check_with")))
    if "schema" in rules:
        nested = rules.pop("schema")
        if kind == "dict":
            out.update(mapping(nested))
        else:
            out["items"] = field(nested)
    if "keysrules" in rules:
        out["propertyNames"] = field(rules.pop("keysrules"))
    if "valuesrules" in rules:
        out["additionalProperties"] = field(rules.pop("valuesrules"))
    if rules:
        raise UnsupportedRule(", ".join(sorted(rules)))
    if nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def mapping(schema: dict) -> dict:
    """The JSON Schema of a Cerberus mapping schema: unknown fields are refused, as Cerberus does."""
    out: dict = {"type": "object", "properties": {name: field(rules) for name, rules in schema.items()},
                 "additionalProperties": False}
    required = [name for name, rules in schema.items() if rules.get("required")]
    if required:
        out["required"] = required
    return out


def kind_names() -> list[str]:
    return list(KINDS)


def _body(kind: str) -> dict:
    body = mapping(KINDS[kind].schema)
    body["properties"]["kind"] = {"const": kind}
    return body


def schema(kind: str) -> dict:
    """The JSON Schema document of one kind (a name from :data:`KINDS`), or of :data:`ANY`."""
    if kind == ANY:
        defs = {name: _body(name) for name in KINDS}
        return {"$schema": DIALECT, "$id": f"urn:aacompliance:schema:{ANY}",
                "title": "aacompliance document (any kind)",
                "description": "An aacompliance/v1 document; its `kind` selects the schema.",
                "type": "object", "required": ["apiVersion", "kind"],
                "properties": {"kind": {"enum": list(KINDS)}},
                "allOf": [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                           "then": {"$ref": f"#/$defs/{name}"}} for name in KINDS],
                "$defs": defs}
    if kind not in KINDS:
        raise KeyError(kind)
    return {"$schema": DIALECT, "$id": f"urn:aacompliance:schema:{kind}",
            "title": f"aacompliance {kind}",
            "description": f"An aacompliance/v1 {kind} document (generated from aacompliance's own schema; "
                           "`aacompliance check` also checks what needs the contract terms).",
            **_body(kind)}
