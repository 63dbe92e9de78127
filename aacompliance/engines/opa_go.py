"""OPA v1 itself, in-process, through opa-golib-python-bindings."""
from __future__ import annotations

from aacompliance.errors import EngineError
from aacompliance.engines import DECISION_PATH, Engine


class OpaGoEngine(Engine):
    name = "opa-go"

    def __init__(self):
        import opa_bindings  # noqa: PLC0415 - heavy, optional

        self._errors = (opa_bindings.OpaError,)
        self._engine = opa_bindings.OpaEngine()
        self._path = DECISION_PATH.replace("/", ".")

    def load(self, modules: dict[str, str], data: dict) -> None:
        try:
            for path, source in modules.items():
                self._engine.add_policy(path, source)
            self._engine.add_data(data)
        except self._errors as exc:
            raise EngineError(self.name, f"could not load the policies: {exc}") from None

    def eval_rule(self, rule: str, input_doc: dict | None = None):
        path = rule.removeprefix("data.")
        try:
            return self._engine.eval_document(path, input_doc)
        except self._errors as exc:
            raise EngineError(self.name, str(exc), rule) from None

    def decide(self, inputs: list[dict]) -> list[dict]:
        out = []
        for doc in inputs:
            try:
                value = self._engine.eval_document(self._path, doc)
            except self._errors as exc:
                raise EngineError(self.name, str(exc), "data." + self._path) from None
            out.append(self.check_decision(value, "data." + self._path))
        return out

    def close(self) -> None:
        self._engine.close()
