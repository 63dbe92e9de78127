"""The embedded default engine: regorus (Rust), in-process.

Decisions run on regorus's compiled virtual machine (RVM): the policies and the
data are compiled once into a program for the decision entrypoint, which
evaluates about six times faster than the tree-walking interpreter. The
interpreter is kept for evaluating arbitrary rules (the Rego unit tests) and as
a fallback should a policy use something the compiler does not support.

The RVM stops every run after 25,000 instructions. No gordon-to-regorus release
(0.11.0 to 0.13.0, the latest) lets a caller raise that cap: ``Rvm`` has no such
setter, and the suspendable execution mode stops at the same count. Large
documents are therefore evaluated by the interpreter, which decides the same
(tests/test_engines.py compares them). Rather than run 25,000 wasted instructions
first, the engine predicts by size: per document kind it keeps the size (bytes of
the input as JSON) of the smallest input the VM could not finish and of the largest
it finished, and sends inputs at least as large as both straight to the interpreter
(a document with many violations needs more instructions than its size suggests, so
sizes the VM has finished keep going to the VM). The thresholds are learnt, not
written down, so they follow the policies and the regorus build.
"""
from __future__ import annotations

import json

import regorus

from aacompliance.errors import EngineError
from aacompliance.engines import DECISION_PATH, Engine
from aacompliance.engines.program_cache import compile_program


def _first_line(exc: Exception) -> str:
    text = str(exc).split("Stack backtrace:")[0].strip()
    return " ".join(text.split())[:400] or type(exc).__name__


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self, route_by_size: bool = True):
        self._rule = "data." + DECISION_PATH.replace("/", ".")
        self._modules: dict[str, str] = {}
        self._data_json = "{}"
        self._interpreter: regorus.Engine | None = None
        self._vm: regorus.Rvm | None = None
        self.route_by_size = route_by_size
        #: Per kind: bytes of the smallest input the VM stopped on (its instruction cap), and
        #: of the largest it finished.
        self.too_big: dict[str, int] = {}
        self.fits: dict[str, int] = {}
        #: Which evaluator decided the last input ("vm" or "interpreter"), for benchmarks.
        self.last_run = ""

    def load(self, modules: dict[str, str], data: dict) -> None:
        self._modules = dict(modules)
        self._data_json = json.dumps(data)
        self._interpreter = None
        try:
            program = compile_program(self._data_json, list(self._modules.items()), [self._rule])
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

    def _execute(self, input_json: str, kind=None) -> str:
        key = kind if isinstance(kind, str) else ""
        if self._vm is not None and not self._predicted_too_big(key, len(input_json)):
            self._vm.set_input_json(input_json)
            try:
                value = self._vm.execute()
                self.last_run = "vm"
                self.fits[key] = max(len(input_json), self.fits.get(key, 0))
                return value
            except RuntimeError as exc:
                # The VM caps instructions per run (25,000, not configurable): the interpreter
                # decides instead, and inputs of this kind at least this large skip the VM.
                if "instruction limit" not in str(exc):
                    raise
                self.too_big[key] = min(len(input_json), self.too_big.get(key, len(input_json)))
        engine = self.interpreter()
        engine.set_input_json(input_json)
        self.last_run = "interpreter"
        return engine.eval_rule_as_json(self._rule)

    def _predicted_too_big(self, key: str, size: int) -> bool:
        limit = self.too_big.get(key)
        return self.route_by_size and limit is not None and size >= limit and size > self.fits.get(key, 0)

    def decide(self, inputs: list[dict]) -> list[dict]:
        out = []
        for doc in inputs:
            text = json.dumps(doc)
            try:
                raw = self._execute(text, doc.get("kind") if isinstance(doc, dict) else None)
            except RuntimeError as exc:
                raise EngineError(self.name, _first_line(exc), self._rule) from None
            out.append(self.check_decision(json.loads(raw), self._rule))
        return out
