"""The embedded engine decides in parts (validation, each rule, the report, each in its own VM
run) and has main.rego's `assemble` put them together: one definition of the decision, in Rego.
Here the parts route must give exactly `decision` as the interpreter evaluates it, on every
example and test document, valid or not, with waivers of every outcome."""
from __future__ import annotations

import json

import pytest

from aacompliance.engines.regorus_engine import RegorusEngine
from aacompliance.errors import EngineError
from aacompliance.pipeline.evaluate import Evaluator
from conftest import DATA, ROOT
from test_decision import CASES

DECISION = "data.aacompliance.main.decision"


def _get(doc, path):
    for key in path:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def _waivers(inp: dict, decision: dict, data: dict) -> list[dict]:
    """Waivers of every outcome for ``inp``: rule-wide and by subject over each violation (in
    force), expired, unused, malformed, and one naming another document."""
    catalogue = data["aacompliance"]["catalogue"]
    identity = data["aacompliance"]["documents"][inp["kind"]]
    subjects = {r["id"]: r.get("subject") for rules in catalogue["rules"].values() for r in rules.values()}
    doc = inp["document"]
    base = {"account": _get(doc, identity["account"]), "document": _get(doc, identity["id"]), "reason": "r",
            "approved_by": "d", "approved_on": "2024-01-01", "expires_on": _get(doc, identity["date"])}
    out = []
    for i, v in enumerate(decision["violations"]):
        if i % 2 and subjects.get(v["rule"]):
            out.append({**base, "id": f"W-{i}", "rule": v["rule"], "subject": v["data"].get(subjects[v["rule"]])})
        else:
            out.append({**base, "id": f"W-{i}", "rule": v["rule"]})
    any_rule = next(iter(subjects))
    return [*out, {**base, "id": "W-expired", "rule": any_rule, "expires_on": "2000-01-01"},
            {**base, "id": "W-unused", "rule": "NO-SUCH-RULE"}, {**base, "rule": any_rule},
            {**base, "id": "W-other", "document": "another", "rule": any_rule}]


@pytest.fixture(scope="module")
def cases():
    ev = Evaluator()
    data = ev.data_document()
    paths = [*sorted((ROOT / "examples").rglob("*.y*ml")), *sorted((DATA / "documents").iterdir())]
    prepared = [(p.name, inp) for p in paths if p.suffix in (".yaml", ".yml", ".json")
                for inp in [ev.prepare(p)[1]] if inp is not None]
    assert len(prepared) >= 15
    out = [*prepared, *CASES]
    for name, inp in prepared:
        decision = ev.engine.eval_rule(DECISION, inp)
        out.append((f"{name} with waivers", {**inp, "waivers": _waivers(inp, decision, data)}))
    invalid = dict(CASES)["capitalised plan"]
    out.append(("capitalised plan with waivers", {**invalid, "waivers": _waivers(invalid, {"violations": []}, data)}))
    return ev, out


class _AlteredVm:
    """The engine's VM with its answers altered by ``change(entrypoint, value)``."""

    def __init__(self, vm, change):
        self.vm, self.change = vm, change

    def set_input_json(self, text):
        self.vm.set_input_json(text)

    def execute_entry_point(self, entrypoint):
        return self.change(entrypoint, self.vm.execute_entry_point(entrypoint))


def _engine(ev, **options) -> RegorusEngine:
    engine = RegorusEngine(**options)
    engine.load(ev.policies.modules, ev.data_document())
    return engine


def test_the_parts_route_decides_as_decision_on_every_document(cases):
    ev, inputs = cases
    engine = _engine(ev, whole_on_vm=False)
    reference = [ev.engine.eval_rule(DECISION, inp) for _, inp in inputs]
    for (name, inp), expected in zip(inputs, reference):
        assert engine.decide([inp]) == [expected], name
    # The cases cover what the assembly does: errors, violations, waivers of each outcome, reports.
    assert engine.runs["vm"] > 3 * len(inputs)
    assert any(d["errors"] for d in reference) and any(d["violations"] for d in reference)
    assert {w["status"] for d in reference for w in d["waivers"]} == {"applied", "expired", "unused"}
    assert sum(len(d["waived"]) for d in reference) >= 5 and all(d["report"] for d in reference if not d["errors"])


def test_a_part_left_to_the_interpreter_decides_the_same(cases):
    """A part the VM could not finish is evaluated by the interpreter; the rest stay on the VM."""
    ev, inputs = cases
    engine = _engine(ev, whole_on_vm=False)
    groups = ev.data_document()["aacompliance"]["catalogue"]["kinds"]
    rules = ev.data_document()["aacompliance"]["catalogue"]["rules"]
    for kind, group in groups.items():
        engine.too_big[f"{kind}/violations:{next(iter(rules[group]))}"] = 0  # as if it had capped
    judged = [(name, inp) for name, inp in inputs if not ev.engine.eval_rule(DECISION, inp)["errors"]]
    assert len(judged) >= 15
    for name, inp in judged:
        assert engine.decide([inp]) == [ev.engine.eval_rule(DECISION, inp)], name
        assert engine.last_run == "both" and engine.last_runs["interpreter"] == 1, name


def test_parts_left_to_the_interpreter_are_evaluated_together_and_decide_the_same(cases):
    """Every rule and the report past the VM, validation on it: the interpreter evaluates them in one
    query (they share work there), the VM validates and assembles."""
    ev, inputs = cases
    engine = _engine(ev, whole_on_vm=False)
    catalogue = ev.data_document()["aacompliance"]["catalogue"]
    for kind, group in catalogue["kinds"].items():
        for name in catalogue["rules"][group]:
            engine.too_big[f"{kind}/violations:{name}"] = 0
        engine.too_big[f"{kind}/report:{group}"] = 0
    judged = [(name, inp) for name, inp in inputs if not ev.engine.eval_rule(DECISION, inp)["errors"]]
    for name, inp in judged:
        assert engine.decide([inp]) == [ev.engine.eval_rule(DECISION, inp)], name
        group = catalogue["kinds"][inp["kind"]]
        assert engine.last_runs == {"vm": 2, "interpreter": len(catalogue["rules"][group]) + 1}, name


def test_an_undefined_part_is_an_engine_error_never_a_verdict(cases):
    ev, inputs = cases
    engine = _engine(ev, whole_on_vm=False)
    good = ev.prepare(ROOT / "examples" / "order-form-gold-ok.yaml")[1]

    # A VM that shows one rule's violations as undefined.
    engine._vm = _AlteredVm(engine._vm, lambda entrypoint, value:
                            '"<undefined>"' if entrypoint.endswith(".coverage.violations") else value)
    with pytest.raises(EngineError, match="part of the decision is undefined or malformed: coverage"):
        engine.decide([good])


def test_an_input_that_already_has_parts_is_decided_whole(cases):
    """`parts` in an input cannot forge a decision: the engine then asks for `decision` itself."""
    ev, _ = cases
    engine = _engine(ev, whole_on_vm=False)
    bad = json.loads(json.dumps(dict(CASES)["capitalised plan"]))
    bad["parts"] = {"errors": [], "violations": {}, "report": {}}
    decision = engine.decide([bad])[0]
    assert decision == ev.engine.eval_rule(DECISION, bad) and decision["errors"] and not decision["compliant"]
    assert engine.last_runs == {"vm": 1}


def test_json_through_orjson_keeps_every_meaning():
    """Inputs: NaN and the infinities stay what the standard library writes (regorus refuses them:
    an engine error), integers beyond 64 bits too, non-ASCII text as is. Outputs: regorus writes an
    integer beyond 64 bits as a float itself, so orjson reads every number as json does."""
    import regorus

    from aacompliance.engines.regorus_engine import _dumps, _loads

    for value in ({"a": float("nan")}, {"a": [float("-inf")], "b": None}, {"a": 2 ** 70}):
        assert _dumps(value) == json.dumps(value)  # NaN, -Infinity, 1180591620717411303424
    text = {"é": "Chloé — 東京", "x": 0.1 + 0.2, "n": 2 ** 53 + 1, "m": -(2 ** 63)}
    assert _loads(_dumps(text)) == text
    engine = RegorusEngine()
    engine.load({"a.rego": "package a\n\nx := [9223372036854775807 * 1000, 18446744073709551615 + 1, "
                           "18446744073709551615, -9223372036854775808, 9007199254740993 * 3, 0.1 + 0.2, "
                           "to_number(\"123456789012345678901234567890\"), \"é\"]\n"}, {})
    raw = engine.interpreter().eval_rule_as_json("data.a.x")
    assert _loads(raw) == json.loads(raw) and _loads(raw)[2] == 18446744073709551615
    with pytest.raises(RuntimeError):
        regorus.Engine().set_input_json(_dumps({"a": float("nan")}))


def test_output_that_is_not_json_is_an_engine_error(cases):
    ev, _ = cases
    engine = _engine(ev)
    good = ev.prepare(ROOT / "examples" / "order-form-gold-ok.yaml")[1]

    engine._vm = _AlteredVm(engine._vm, lambda entrypoint, value: value[:-3])
    with pytest.raises(EngineError, match="policy engine 'regorus' failed"):
        engine.decide([good])
