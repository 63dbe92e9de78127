"""The JSON Schemas for editors agree with the validator they are generated from (issue 13)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aacompliance import documents
from aacompliance.cli.main import main
from aacompliance.documents import KINDS
from aacompliance.documents.jsonschema import ANY, UnsupportedRule, field, schema
from aacompliance.errors import InputError
from aacompliance.util import yamlio
from conftest import DATA, ROOT

jsonschema = pytest.importorskip("jsonschema")

VALID = sorted((ROOT / "examples").rglob("*.y*ml")) + sorted(
    p for p in (DATA / "documents").iterdir() if p.suffix in (".yaml", ".yml", ".json"))
INVALID = sorted((DATA / "invalid").iterdir())
#: Invalid test documents that are rejected only once the contract revision is known (or
#: by the order of two values): their shape is right, so the JSON Schema accepts them.
SEMANTIC_ONLY = {
    "before_first_revision.yaml": "signed before the first revision of the terms",
    "unknown_plan.yaml": "plan id not in the revision in force",
    "unknown_benefit.yaml": "benefit id not in the revision in force",
    "response_before_opened.yaml": "first response before the incident was opened (order of two values)",
}


def _validator(kind: str):
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _stage(path: Path) -> tuple[str, object]:
    """Where aacompliance rejects ``path``: ("parse", None) before there is data to give a
    JSON Schema, ("schema", data) at schema level, ("valid", data) if its shape is right."""
    name = str(path)
    try:
        data = yamlio.parse(yamlio.read_text(path), name)
    except InputError:
        return "parse", None
    try:
        documents.parse(yamlio.read_text(path), name)
    except InputError:
        return "schema", data
    return "valid", data


def test_every_schema_is_valid_json_schema_2020_12():
    for kind in [*KINDS, ANY]:
        jsonschema.Draft202012Validator.check_schema(schema(kind))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_every_valid_document_passes_its_schema_and_the_any_schema(path):
    stage, data = _stage(path)
    assert stage == "valid"
    for kind in (data["kind"], ANY):
        errors = [e.message for e in _validator(kind).iter_errors(data)]
        assert not errors, (kind, errors)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_document_rejected_at_schema_level_is_rejected_by_the_json_schema(path):
    stage, data = _stage(path)
    if stage == "parse":
        pytest.skip("refused while reading (encoding, YAML tags, aliases, duplicate keys, non-finite numbers, "
                    "several documents): there is no data for a JSON Schema to judge")
    if path.name in SEMANTIC_ONLY:
        assert stage == "valid", f"{path.name} is now rejected at schema level: take it out of SEMANTIC_ONLY"
        assert _validator(data["kind"]).is_valid(data) and _validator(ANY).is_valid(data)
        return
    assert stage == "schema", f"{path.name} passes the schema: list it in SEMANTIC_ONLY with the reason"
    assert not _validator(ANY).is_valid(data)
    if data.get("kind") in KINDS:
        assert not _validator(data["kind"]).is_valid(data)


def test_the_invalid_set_covers_both_sides():
    stages = {p.name: _stage(p)[0] for p in INVALID}
    assert {n for n, s in stages.items() if s == "valid"} == set(SEMANTIC_ONLY)
    assert sum(s == "schema" for s in stages.values()) >= 3


def test_a_cerberus_rule_without_translation_is_an_error():
    with pytest.raises(UnsupportedRule, match="excludes"):
        field({"type": "string", "excludes": "other"})


def test_schema_command(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["schema", "--list"])
    assert listed.exit_code == 0 and listed.output.split() == [*KINDS, ANY]
    target = tmp_path / "OrderForm.json"
    made = runner.invoke(main, ["schema", "orderform", "-o", str(target)])
    assert made.exit_code == 0, made.output
    assert json.loads(target.read_text()) == schema("OrderForm")
    wrong = runner.invoke(main, ["schema", "Invoice"])
    assert wrong.exit_code == 2 and "unknown kind 'Invoice'" in wrong.output
