"""The decision refuses what it cannot judge, on every engine (issue 11 item 5)."""
from __future__ import annotations

import json

import pytest
import yaml

from aacompliance.engines import create, decision_problem
from aacompliance.errors import EngineError
from aacompliance.documents import KINDS, Document
from aacompliance.pipeline.evaluate import Evaluator, apply_decision
from aacompliance.pipeline.results import DocumentResult
from conftest import DATA, ROOT, available_engines
from opa_rest_double import OpaRestTestDouble

CONTRACT = {"id": "technical-support-terms", "version": "2024-11-18"}


def _raw_input(path) -> dict:
    """What a careless caller would send: the file's data as parsed (or its text when it does not
    parse) as the document, with the facts aacompliance would compute when it can."""
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        document = yaml.safe_load(text)
        json.dumps(document)
    except Exception:  # noqa: BLE001 - anything that does not parse is sent as text
        document = text
    kind = document.get("kind") if isinstance(document, dict) else None
    facts: dict = {}
    if isinstance(kind, str) and kind in KINDS and KINDS[kind].facts:
        ev = Evaluator()
        try:
            doc = Document(str(path), text, document)
            facts = KINDS[kind].facts(doc, ev.store.resolve(CONTRACT["version"]), ev.resolver)
        except Exception:  # noqa: BLE001 - no facts for what Python cannot measure
            facts = {}
    return {"kind": kind, "document": document, "contract": CONTRACT, "facts": json.loads(json.dumps(facts))}


def _inputs() -> list[tuple[str, dict]]:
    cases = [(p.name, _raw_input(p)) for p in sorted((DATA / "invalid").iterdir())]
    good = Evaluator().prepare(ROOT / "examples" / "order-form-gold-ok.yaml")[1]
    silver = json.loads(json.dumps(good))
    for line in silver["document"]["support"]:
        line["plan"] = line["plan"].capitalize()  # as a pick-list sends it
    return [*cases, ("{}", {}), ("capitalised plan", silver), ("no contract", {**good, "contract": None}),
            ("boolean hours", _boolean_hours())]


def _boolean_hours() -> dict:
    ev = Evaluator()
    _, inp = ev.prepare(ROOT / "examples" / "benefit-usage-silver.yaml")
    inp = json.loads(json.dumps(inp))
    inp["document"]["sessions"][0]["hours"] = True
    return inp


CASES = _inputs()


def _engines():
    ev = Evaluator()
    for name in available_engines():
        engine = create(name)
        engine.load(ev.policies.modules, ev.data_document())
        yield name, engine


@pytest.fixture(scope="module")
def rest_double():
    pytest.importorskip("opa_bindings")
    ev = Evaluator()
    with OpaRestTestDouble() as double:
        create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
        yield double


def test_the_good_example_is_judged():
    good = Evaluator().prepare(ROOT / "examples" / "order-form-gold-ok.yaml")[1]
    for name, engine in _engines():
        decision = engine.decide([good])[0]
        assert decision["compliant"] is True and decision["errors"] == [], name


def test_nothing_malformed_comes_back_compliant_on_embedded_engines():
    assert len(CASES) > 20
    for name, engine in _engines():
        decisions = engine.decide([inp for _, inp in CASES])
        for (case, _), decision in zip(CASES, decisions):
            assert decision["compliant"] is False, (name, case)
            assert decision["errors"] and decision["violations"] == [], (name, case, decision)


def test_nothing_malformed_comes_back_compliant_from_an_opa_server(rest_double):
    engine = create("opa", url=rest_double.url, timeout=20)
    decisions = engine.decide([inp for _, inp in CASES])
    reference = list(_engines())[0][1].decide([inp for _, inp in CASES])
    for (case, _), decision, ref in zip(CASES, decisions, reference):
        assert decision["compliant"] is False and decision["errors"], case
        assert decision["errors"] == ref["errors"], case  # the same words on every engine


def test_errors_name_the_field():
    silver = dict(CASES)["capitalised plan"]
    for name, engine in _engines():
        errors = engine.decide([silver])[0]["errors"]
        assert [e["field"] for e in errors] == ["support[0].plan"], name
        assert "unknown plan \"Gold\"" in errors[0]["message"]


def test_decision_errors_become_input_errors_at_their_line():
    text = "apiVersion: aacompliance/v1\nkind: Roster\nplan: Silver\n"
    result = DocumentResult("r.yaml", kind="Roster", document=Document("r.yaml", text, yaml.safe_load(text)))
    apply_decision(result, {"compliant": False, "violations": [], "report": {},
                            "errors": [{"field": "plan", "message": "unknown plan"},
                                       {"field": "input.facts", "message": "facts needed"}]})
    assert result.compliant is None
    assert [(p.field, p.line) for p in result.errors] == [("plan", 3), ("input.facts", None)]


@pytest.mark.parametrize(("decision", "words"), [
    ({"violations": [], "errors": [], "report": {}}, "'compliant' must be true or false"),
    ({"compliant": "yes", "violations": [], "errors": []}, "'compliant' must be true or false"),
    ({"compliant": True, "violations": {}, "errors": []}, "'violations' must be a list"),
    ({"compliant": True, "violations": []}, "'errors' must be a list"),
    ({"compliant": True, "violations": [], "errors": [{"field": "x", "message": "bad"}]}, "'compliant' is true with 1"),
    ({"compliant": False, "violations": [{"rule": "R", "key": "r.x"}], "errors": []}, "violations[0].message is missing"),
    ({"compliant": False, "violations": [{"rule": "R", "message": "m", "clause": {}, "data": {}}], "errors": []},
     "violations[0].key is missing"),
    ({"compliant": False, "violations": [], "errors": ["bad"]}, "errors[0] must be {field, message}"),
    ([], "expected an object"),
])
def test_malformed_decisions_are_engine_errors_naming_what(decision, words):
    assert words in decision_problem(decision)
    engine = create("regorus")
    with pytest.raises(EngineError, match="malformed") as info:
        engine.check_decision(decision, "data.aacompliance.main.decision")
    assert words in str(info.value)
