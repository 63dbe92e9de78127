"""The embedded default engine: regorus (Rust), in-process.

Decisions run on regorus's compiled virtual machine (RVM): the policies and the
data are compiled once into a program for the decision entrypoint, which
evaluates about six times faster than the tree-walking interpreter. The
interpreter is kept for evaluating arbitrary rules (the Rego unit tests) and as
a fallback should a policy use something the compiler does not support.
"""
from __future__ import annotations

import json

import regorus

from aacompliance.errors import EngineError
from aacompliance.engines import DECISION_PATH, Engine


def _first_line(exc: Exception) -> str:
    text = str(exc).split("Stack backtrace:")[0].strip()
    return " ".join(text.split())[:400] or type(exc).__name__


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self):
        self._rule = "data." + DECISION_PATH.replace("/", ".")
        self._modules: dict[str, str] = {}
        self._data_json = "{}"
        self._interpreter: regorus.Engine | None = None
        self._vm: regorus.Rvm | None = None

    def load(self, modules: dict[str, str], data: dict) -> None:
        self._modules = dict(modules)
        self._data_json = json.dumps(data)
        self._interpreter = None
        try:
            program = regorus.Program.compile_from_modules(self._data_json, list(self._modules.items()),
                                                           [self._rule])
            vm = regorus.Rvm()
            vm.load_program(program)
            vm.set_data_json(self._data_json)
            self._vm = vm
        except (RuntimeError, ValueError):
            self._vm = None  # the interpreter below reports any real error in the policies
            self.interpreter()

    def interpreter(self) -> regorus.Engine:
        if self._interpreter is None:
            engine = regorus.Engine()
            try:
                for path, source in self._modules.items():
                    engine.add_policy(path, source)
                engine.add_data_json(self._data_json)
            except RuntimeError as exc:
                raise EngineError(self.name, f"could not load the policies: {_first_line(exc)}") from None
            self._interpreter = engine
        return self._interpreter

    def eval_rule(self, rule: str, input_doc: dict | None = None):
        """Evaluate any rule with the interpreter (used by the Rego unit-test runner)."""
        engine = self.interpreter()
        if input_doc is not None:
            engine.set_input_json(json.dumps(input_doc))
        try:
            return json.loads(engine.eval_rule_as_json(rule))
        except RuntimeError as exc:
            raise EngineError(self.name, _first_line(exc), rule) from None

    def _execute(self, input_json: str) -> str:
        if self._vm is not None:
            self._vm.set_input_json(input_json)
            try:
                return self._vm.execute()
            except RuntimeError as exc:
                # The VM caps instructions per run (25,000 in this build, not configurable);
                # large documents are evaluated by the interpreter instead, which decides the same.
                if "instruction limit" not in str(exc):
                    raise
        engine = self.interpreter()
        engine.set_input_json(input_json)
        return engine.eval_rule_as_json(self._rule)

    def decide(self, inputs: list[dict]) -> list[dict]:
        out = []
        for doc in inputs:
            text = json.dumps(doc)
            try:
                raw = self._execute(text)
            except RuntimeError as exc:
                raise EngineError(self.name, _first_line(exc), self._rule) from None
            out.append(self.check_decision(json.loads(raw), self._rule))
        return out
