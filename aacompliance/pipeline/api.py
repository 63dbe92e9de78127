"""The Python API for notebooks and other services: one document in, one result out.

The same pipeline as ``aacompliance check`` (one decision everywhere): the document is
parsed and validated with the same rules, judged by the revision in force on its date,
and evaluated by the same engine; the result is the CLI's result model.
"""
from __future__ import annotations

import dataclasses
import json
import threading

from aacompliance import documents
from aacompliance.errors import InputError
from aacompliance.pipeline.evaluate import Evaluator, Settings
from aacompliance.pipeline.results import DocumentResult
from aacompliance.util import yamlio

_lock = threading.Lock()
_evaluators: dict[tuple, Evaluator] = {}


def _evaluator(settings: Settings) -> Evaluator:
    key = (settings.contracts_dir, settings.policy_dir, settings.engine, settings.revision,
           json.dumps(settings.engine_options, sort_keys=True, default=str))
    with _lock:
        if key not in _evaluators:
            _evaluators[key] = Evaluator(settings)
        return _evaluators[key]


def _iso(value):
    """Dates and times in a mapping (as ``yaml.safe_load`` gives them) in ISO 8601."""
    import datetime as dt
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_document(document: dict | str | bytes, name: str = "<input>") -> documents.Document:
    """A document given as a mapping, YAML/JSON text or bytes, parsed and schema-checked
    exactly as a file would be. Raises :class:`InputError` with every problem."""
    if isinstance(document, bytes):
        text = yamlio.decode(document, name)
    elif isinstance(document, str):
        text = document
    elif isinstance(document, dict):
        try:  # through text, so that a mapping meets the same strict rules as a file
            text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False, default=_iso)
        except (TypeError, ValueError) as exc:
            from aacompliance.errors import Problem
            raise InputError(Problem(name, f"not a plain JSON-like mapping: {exc}")) from None
    else:
        raise TypeError(f"expected a dict, str or bytes document, got {type(document).__name__}")
    if not isinstance(document, dict):
        return documents.parse(text, name)
    # A mapping has no lines of its own: problems and violations name the field only.
    try:
        doc = documents.parse(text, name)
    except InputError as exc:
        raise InputError([dataclasses.replace(p, line=None) for p in exc.problems]) from None
    doc.text, doc.positions = "", None
    return doc


def check_document(document: dict | str | bytes, *, name: str = "<input>", settings: Settings | None = None,
                   evaluator: Evaluator | None = None, keep_document: bool = False,
                   waivers: list[dict | str | bytes] = ()) -> DocumentResult:
    """Evaluate one document (a mapping, YAML or JSON text, or bytes).

    Returns a :class:`DocumentResult`: ``compliant`` True/False with ``violations`` (and
    ``waived``: those the ``waivers`` given, in the same forms, cover), or ``errors``
    (file/line/field problems) when the document or a waiver cannot be used — never an
    exception for bad input. Engine failures raise :class:`EngineError`.
    """
    try:
        doc = to_document(document, name)
    except InputError as exc:
        return DocumentResult(name, errors=exc.problems)
    ev = evaluator or _evaluator(settings or Settings())
    index = None
    if waivers:
        from aacompliance.pipeline.waivers import validated
        problems, docs = [], []
        for i, w in enumerate(waivers):
            try:
                docs.append(to_document(w, f"{name} waivers[{i}]"))
            except InputError as exc:
                problems += exc.problems
        index, more = validated(docs, {r.id: r for r in ev.policies.rules}, ev.resolver)
        if problems or more:  # fail closed: a document is not judged with a waiver that cannot be read
            return DocumentResult(name, doc.kind, errors=problems + more)
    return ev.evaluate_documents([doc], keep_documents=keep_document, waivers=index)[0]
