"""The Python API (aacompliance.check_document): same pipeline and result model as the CLI."""
from __future__ import annotations

import json

import pytest
import yaml

import aacompliance
from aacompliance.pipeline.evaluate import check_paths
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "order-form-silver-missing-region.yaml"


@pytest.mark.parametrize("form", ["dict", "text", "bytes"])
def test_a_document_in_any_form_gets_the_same_verdict_as_check(form):
    text = EXAMPLE.read_text()
    given = {"dict": yaml.safe_load(text), "text": text, "bytes": text.encode()}[form]
    result = aacompliance.check_document(given, name="order.yaml")
    from_cli = check_paths([str(EXAMPLE)]).documents[0]
    assert result.compliant is False
    assert [(v.rule, v.data) for v in result.violations] == [(v.rule, v.data) for v in from_cli.violations]
    strip = (lambda v: {k: x for k, x in v.items() if k != "line"}) if form == "dict" else (lambda v: v)
    assert [strip(v) for v in result.as_dict()["violations"]] == [strip(v) for v in from_cli.as_dict()["violations"]]
    if form == "dict":  # a mapping has no lines: none is invented
        assert all(v.line is None for v in result.violations)


def test_bad_input_is_a_result_with_errors_not_an_exception():
    result = aacompliance.check_document({"apiVersion": "aacompliance/v1", "kind": "OrderForm"}, name="crm")
    assert result.compliant is None
    assert {p.field for p in result.errors} >= {"customer", "signed_on", "subscriptions"}
    assert all(p.path == "crm" for p in result.errors)


def test_a_violation_in_text_has_its_line():
    result = aacompliance.check_document(EXAMPLE.read_text())
    assert all(v.line for v in result.violations if "field" in v.data)


def test_a_non_document_is_a_type_error():
    with pytest.raises(TypeError):
        aacompliance.check_document(42)
