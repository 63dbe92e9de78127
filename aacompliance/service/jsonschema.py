"""The JSON Schema (2020-12) of a document kind, as the service serves it at
``/v1/schemas/<kind>``: the package's one exporter (:mod:`aacompliance.documents.jsonschema`,
also behind ``aacompliance schema``), with the service's own ``$id`` and title."""
from __future__ import annotations


def export(kind: str, base_url: str = "") -> dict:
    """The JSON Schema of document ``kind`` (a key of ``documents.KINDS``)."""
    from aacompliance.documents.jsonschema import schema

    out = schema(kind)
    out["$id"] = f"{base_url}/v1/schemas/{kind}"
    out["title"] = kind
    return out
