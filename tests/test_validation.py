"""The fast validation path never accepts what Cerberus rejects (hypothesis)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aacompliance import yamlio
from aacompliance.schemas import DOCUMENT_KINDS
from aacompliance.validation import SchemaValidator, compile_fast_check
from conftest import documents_with_verdicts

SEEDS = [(p, yamlio.load(p)) for p in documents_with_verdicts()]

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False),
                     st.text(max_size=12), st.sampled_from(["", "2025-02-30", "2025-01-01", "en", "EN", "x@y",
                                                            "2025-04-03T09:12:00+02:00", "Europe/Paris",
                                                            "orange", "own", "account", "aacompliance/v1", "\n"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                       max_leaves=6)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated(draw):
    path, original = draw(st.sampled_from(SEEDS))
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        target = draw(st.sampled_from(paths))
        parent = doc
        for part in target[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[target[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(_values)
        else:
            parent[target[-1]] = draw(_values)
    return doc


def test_fast_path_covers_every_document_schema():
    assert all(compile_fast_check(schema) is not None for schema in DOCUMENT_KINDS.values())


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_seeds_valid(kind):
    seeds = [doc for _, doc in SEEDS if doc["kind"] == kind]
    assert seeds and all(SchemaValidator(DOCUMENT_KINDS[kind]).errors(doc) == [] for doc in seeds)


@settings(max_examples=int(__import__("os").environ.get("AAC_EXAMPLES", "1500")), deadline=None)
@given(doc=mutated())
def test_fast_path_is_sound(doc):
    kind = doc.get("kind") if isinstance(doc, dict) else None
    schema = DOCUMENT_KINDS.get(kind if isinstance(kind, str) else "", DOCUMENT_KINDS["OrderForm"])
    fast = compile_fast_check(schema)
    validator = SchemaValidator(schema)
    if fast(doc):
        assert validator._validator.validate(doc), validator._validator.errors


def test_empty_date_is_rejected(tmp_path: Path):
    doc = dict(SEEDS[0][1])
    schema = DOCUMENT_KINDS[doc["kind"]]
    for key in ("signed_on", "as_of", "contract_year_start"):
        if key in doc:
            doc[key] = ""
            assert SchemaValidator(schema).errors(doc)
