"""The fast validation path never accepts what Cerberus rejects (hypothesis)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aacompliance.util import yamlio
from aacompliance.documents import KINDS

DOCUMENT_KINDS = {name: kind.schema for name, kind in KINDS.items()}
from aacompliance.util.validation import SchemaValidator, compile_fast_check
from conftest import documents_with_verdicts
from hostile import mutated

#: Documents with a verdict, and the example waivers (a Waiver has no verdict of its own).
SEEDS = [(p, yamlio.load(p)) for p in documents_with_verdicts()]
SEEDS += [(p, yamlio.load(p)) for p in sorted((Path(__file__).parent.parent / "examples" / "waivers").glob("waiver-*.yaml"))]

@st.composite
def mutated_seed(draw):
    _, seed = draw(st.sampled_from(SEEDS))
    return draw(mutated(seed))


def test_fast_path_covers_every_document_schema():
    assert all(compile_fast_check(schema) is not None for schema in DOCUMENT_KINDS.values())


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_seeds_valid(kind):
    seeds = [doc for _, doc in SEEDS if doc["kind"] == kind]
    assert seeds and all(SchemaValidator(DOCUMENT_KINDS[kind]).errors(doc) == [] for doc in seeds)


@settings(max_examples=int(__import__("os").environ.get("AAC_EXAMPLES", "1500")), deadline=None)
@given(doc=mutated_seed())
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
