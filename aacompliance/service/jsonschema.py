"""A minimal JSON Schema (2020-12) export of the document kinds' Cerberus schemas.

No exporter exists elsewhere in the package yet, so the service builds one from
the document kinds' schemas (``aacompliance.documents``) — the same definitions ``check`` validates with. It
covers the Cerberus rules the document schemas use (type, required, empty,
allowed, regex, min/max, minlength, nested schema, nullable, keys/values rules)
and the named checks (dates, timestamps, time zones) as formats. What depends on
the revision in force (plan and benefit ids) is not a schema matter and is
checked at evaluation, as for ``check``.
"""
from __future__ import annotations

_TYPES = {"string": "string", "boolean": "boolean", "integer": "integer", "number": "number",
          "dict": "object", "list": "array"}
_FORMATS = {"iso_date": ("date", "YYYY-MM-DD, e.g. 2025-03-14"),
            "timestamp": ("date-time", "RFC 3339 with an offset, e.g. 2025-04-03T09:12:00+02:00"),
            "timezone": (None, "an IANA time zone, e.g. Europe/Paris")}


def _field(rules: dict) -> dict:
    out: dict = {}
    kind = rules.get("type")
    if kind:
        out["type"] = _TYPES[kind]
    if rules.get("empty") is False:
        out["minLength" if kind == "string" else "minItems"] = 1
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"])
    if "regex" in rules:
        pattern = rules["regex"]
        out["pattern"] = pattern if pattern.startswith("^") else "^" + pattern
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    if "minlength" in rules:
        out["minLength" if kind == "string" else "minItems"] = rules["minlength"]
    if "check_with" in rules and rules["check_with"] in _FORMATS:
        fmt, text = _FORMATS[rules["check_with"]]
        if fmt:
            out["format"] = fmt
        out["description"] = text
    if "schema" in rules:
        if kind == "dict":
            out.update(_mapping(rules["schema"]))
        elif kind == "list":
            out["items"] = _field(rules["schema"])
    if "keysrules" in rules:
        out["propertyNames"] = _field(rules["keysrules"])
    if "valuesrules" in rules:
        out["additionalProperties"] = _field(rules["valuesrules"])
    if rules.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def _mapping(schema: dict) -> dict:
    return {"type": "object",
            "properties": {name: _field(rules) for name, rules in schema.items()},
            "required": [name for name, rules in schema.items() if rules.get("required")],
            "additionalProperties": False}


def export(kind: str, base_url: str = "") -> dict:
    """The JSON Schema of document ``kind`` (a key of ``documents.KINDS``)."""
    from aacompliance.documents import KINDS

    out = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "$id": f"{base_url}/v1/schemas/{kind}", "title": kind, **_mapping(KINDS[kind].schema)}
    out["properties"]["kind"] = {"const": kind}
    return out
