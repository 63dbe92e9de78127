"""The embedded default engine: regorus (Rust), in-process."""
from __future__ import annotations

import json

import regorus

from ..errors import EngineError
from . import DECISION_PATH, Engine


def _first_line(exc: Exception) -> str:
    text = str(exc).split("Stack backtrace:")[0].strip()
    return " ".join(text.split())[:400] or type(exc).__name__


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self):
        self._engine = regorus.Engine()
        self._rule = "data." + DECISION_PATH.replace("/", ".")

    def load(self, modules: dict[str, str], data: dict) -> None:
        try:
            for path, source in modules.items():
                self._engine.add_policy(path, source)
            self._engine.add_data_json(json.dumps(data))
        except RuntimeError as exc:
            raise EngineError(self.name, f"could not load the policies: {_first_line(exc)}") from None

    def eval_rule(self, rule: str, input_doc: dict | None = None):
        """Evaluate any rule (used by the Rego unit-test runner)."""
        if input_doc is not None:
            self._engine.set_input_json(json.dumps(input_doc))
        try:
            return json.loads(self._engine.eval_rule_as_json(rule))
        except RuntimeError as exc:
            raise EngineError(self.name, _first_line(exc), rule) from None

    def decide(self, inputs: list[dict]) -> list[dict]:
        out = []
        for doc in inputs:
            self._engine.set_input_json(json.dumps(doc))
            try:
                raw = self._engine.eval_rule_as_json(self._rule)
            except RuntimeError as exc:
                raise EngineError(self.name, _first_line(exc), self._rule) from None
            out.append(self.check_decision(json.loads(raw), self._rule))
        return out
