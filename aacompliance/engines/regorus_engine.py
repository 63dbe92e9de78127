"""The embedded default engine: regorus (Rust), in-process.

Decisions run on regorus's compiled virtual machine (RVM): the policies and the
data are compiled once into one program, which evaluates about six times faster
than the tree-walking interpreter. The interpreter is kept for evaluating arbitrary
rules (the Rego unit tests) and as a fallback should a policy use something the
compiler does not support.

The RVM stops every run after 25,000 instructions. No gordon-to-regorus release
(0.11.0 to 0.13.0, the latest) lets a caller raise that cap: ``Rvm`` has no such
setter, and the suspendable execution mode stops at the same count (and must never
be used: it answered compliant at the cap). A program compiled with several
entrypoints gives each run its own budget, so the engine asks the VM for the whole
decision in one run where that fits, and otherwise for its parts, one run each:

1. ``data.aacompliance.validation.errors``; with errors the decision stops there;
2. the violations of each rule of the kind's group (``data.aacompliance.rules.<group>.<rule>
   .violations``, from the rule catalogue) and the group's report;
3. ``data.aacompliance.main.assembled``: the same Rego function that makes
   ``decision`` (``assemble`` in main.rego) applied to the parts, given beside the input
   (``input.parts``) so that waivers still read the input. The decision is defined once,
   in Rego; tests/test_decision_parts.py holds this route equal to ``decision`` on every
   example and test document, valid or not, with waivers.

A part the VM cannot finish is evaluated by the interpreter, which decides the same.
Rather than run 25,000 wasted instructions first, the engine predicts by size: per
kind and run (the whole decision, each part) it keeps the size (characters of the
input as JSON) of the smallest input the VM could not finish and of the largest it
finished, and sends inputs at least as large as both past the VM (a document with many
violations needs more instructions than its size suggests, so sizes the VM has
finished keep going to the VM). The thresholds are learnt, not written down, so they
follow the policies and the regorus build. When every rule and the report of an input
go to the interpreter, it evaluates the whole decision at once instead (there the
parts share work: an incident log's rule and report both measure every incident).
``last_run``, ``last_runs`` and ``runs`` tell benchmarks where the runs went.

Inputs and outputs cross the boundary as JSON through orjson, with the standard
library wherever orjson would change a meaning: an input it cannot write (an integer
beyond 64 bits), an input whose JSON holds a null (orjson writes NaN and the infinities
as null; util/yamlio.py refuses them anyway). regorus writes no integer orjson would
read otherwise (from 2**64 up, orjson reads a float; regorus writes one itself).
"""
from __future__ import annotations

import json
from collections import Counter

import orjson
import regorus

from aacompliance.errors import EngineError
from aacompliance.engines import DECISION_PATH, Engine
from aacompliance.engines.program_cache import compile_program

VALIDATION = "data.aacompliance.validation.errors"
ASSEMBLED = "data.aacompliance.main.assembled"
#: The key of the input of ``assembled`` that holds the parts (main.rego).
PARTS_KEY = "parts"
#: How regorus shows an undefined value.
UNDEFINED = '"<undefined>"'


def _first_line(exc: Exception) -> str:
    text = str(exc).split("Stack backtrace:")[0].strip()
    return " ".join(text.split())[:400] or type(exc).__name__


def _dumps(value) -> str:
    """``value`` as JSON, by orjson where it means what the standard library would write. orjson
    writes NaN and the infinities as null: JSON with a null is written again by the standard
    library, which keeps them as ``NaN`` and ``Infinity`` (regorus refuses both: an EngineError,
    never a verdict)."""
    try:
        text = orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits, a key that is not a string
        return json.dumps(value)
    return json.dumps(value) if b"null" in text else text.decode()


def _loads(text: str):
    """regorus's JSON: orjson reads every number regorus writes as the standard library does
    (regorus writes an integer beyond 64 bits as a float itself: tests/test_decision_parts.py)."""
    return orjson.loads(text)


def _check_part(name: str, value: str, brackets: str) -> str:
    """``value``, a part of a decision as JSON, if it is what it must be (an array ``[]``, an
    object ``{}``): an undefined value, shown as "<undefined>", would drop what the part holds
    silently."""
    text = value.strip()
    if not (text.startswith(brackets[0]) and text.endswith(brackets[1])):
        raise EngineError("regorus", f"a part of the decision is undefined or malformed: {name} = {value[:120]}",
                          "data." + DECISION_PATH.replace("/", "."))
    return value


class _Capped(Exception):
    """The VM stopped at its instruction cap."""


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self, route_by_size: bool = True, whole_on_vm: bool = True):
        self._rule = "data." + DECISION_PATH.replace("/", ".")
        self._modules: dict[str, str] = {}
        self._data_json = "{}"
        self._interpreter: regorus.Engine | None = None
        self._interpreter_input: str | None = None
        self._vm: regorus.Rvm | None = None
        self._vm_input: str | None = None
        #: Per kind: the entrypoints of each rule's violations and of the report.
        self._parts: dict[str, list[tuple[str, str, str]]] = {}
        self.route_by_size = route_by_size
        #: Try the whole decision in one VM run first (cheaper when it fits); False: by parts.
        self.whole_on_vm = whole_on_vm
        #: Per kind and part ("kind/part"): bytes of the smallest input the VM stopped on (its
        #: instruction cap), and of the largest it finished.
        self.too_big: dict[str, int] = {}
        self.fits: dict[str, int] = {}
        #: Which evaluator decided the last input: "vm" (every part), "interpreter" (every part)
        #: or "both"; ``last_runs`` counts its parts by evaluator ("vm", "interpreter", and
        #: "capped" for VM runs stopped at the cap) and ``runs`` every part so far, for benchmarks.
        self.last_run = ""
        self.last_runs: Counter = Counter()
        self.runs: Counter = Counter()

    def load(self, modules: dict[str, str], data: dict) -> None:
        self._modules = dict(modules)
        self._data_json = _dumps(data)
        self._interpreter = None
        self._interpreter_input = None
        self._vm_input = None
        catalogue = data.get("aacompliance", {}).get("catalogue", {})
        self._parts = {}
        for kind, group in catalogue.get("kinds", {}).items():
            parts = [("violations", name, f"data.aacompliance.rules.{group}.{name}.violations")
                     for name in catalogue.get("rules", {}).get(group, {})]
            if group in catalogue.get("reports", []):
                parts.append(("report", group, f"data.aacompliance.reports.{group}.report"))
            self._parts[kind] = parts
        entrypoints = [self._rule, VALIDATION, ASSEMBLED, *sorted({e for ps in self._parts.values() for *_, e in ps})]
        try:
            program = compile_program(self._data_json, list(self._modules.items()), entrypoints)
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
            self._interpreter_input = None
        return self._interpreter

    def eval_rule(self, rule: str, input_doc: dict | None = None):
        """Evaluate any rule with the interpreter (used by the Rego unit-test runner)."""
        engine = self.interpreter()
        if input_doc is not None:
            engine.set_input_json(_dumps(input_doc))
            self._interpreter_input = None
        try:
            return _loads(engine.eval_rule_as_json(rule))
        except RuntimeError as exc:
            raise EngineError(self.name, _first_line(exc), rule) from None

    # --- evaluation -------------------------------------------------------------------

    def _predicted_too_big(self, key: str, size: int) -> bool:
        limit = self.too_big.get(key)
        return self.route_by_size and limit is not None and size >= limit and size > self.fits.get(key, 0)

    def _on_vm(self, key: str, input_json: str, entrypoint: str) -> str:
        """``entrypoint`` evaluated by the VM; _Capped when it stopped at its instruction cap."""
        if self._vm_input is not input_json:
            self._vm_input = None
            self._vm.set_input_json(input_json)
            self._vm_input = input_json
        try:
            value = self._vm.execute_entry_point(entrypoint)
        except RuntimeError as exc:
            # The VM caps instructions per run (25,000, not configurable): the interpreter
            # decides instead, and inputs of this kind at least this large skip the VM.
            if "instruction limit" not in str(exc):
                raise
            self.too_big[key] = min(len(input_json), self.too_big.get(key, len(input_json)))
            self._count("capped")
            raise _Capped from None
        self.fits[key] = max(len(input_json), self.fits.get(key, 0))
        self._count("vm")
        return value

    def _interpreter_on(self, input_json: str) -> regorus.Engine:
        """The interpreter, its input set to ``input_json`` (kept from the last call when the same)."""
        engine = self.interpreter()
        if self._interpreter_input is not input_json:
            self._interpreter_input = None
            engine.set_input_json(input_json)
            self._interpreter_input = input_json
        return engine

    def _on_interpreter(self, input_json: str, entrypoint: str) -> str:
        value = self._interpreter_on(input_json).eval_rule_as_json(entrypoint)
        self._count("interpreter")
        return value

    def _on_interpreter_together(self, input_json: str, entrypoints: list[str]) -> dict[str, str]:
        """The values of ``entrypoints`` (as JSON, UNDEFINED when undefined), evaluated by the
        interpreter in one query: parts share work there (an incident log's rule and report
        both measure every incident)."""
        if len(entrypoints) < 2:
            return {e: self._on_interpreter(input_json, e) for e in entrypoints}
        query = "x := [" + ", ".join(f"[v | v := {e}]" for e in entrypoints) + "]"
        results = _loads(self._interpreter_on(input_json).eval_query_as_json(query)).get("result") or [{}]
        values = results[0].get("bindings", {}).get("x")
        if (len(results) != 1 or not isinstance(values, list) or len(values) != len(entrypoints)
                or not all(isinstance(v, list) and len(v) <= 1 for v in values)):
            raise EngineError(self.name, f"the parts of the decision are undefined or malformed: {str(values)[:120]}",
                              self._rule)
        for _ in entrypoints:
            self._count("interpreter")
        return {e: _dumps(v[0]) if v else UNDEFINED for e, v in zip(entrypoints, values)}

    def _count(self, where: str) -> None:
        self.last_runs[where] += 1
        self.runs[where] += 1

    def _part(self, kind: str, part: str, input_json: str, entrypoint: str) -> str:
        """One part of a decision: on the VM unless predicted too big or capped."""
        key = f"{kind}/{part}"
        if self._vm is not None and not self._predicted_too_big(key, len(input_json)):
            try:
                return self._on_vm(key, input_json, entrypoint)
            except _Capped:
                pass
        return self._on_interpreter(input_json, entrypoint)

    def _whole(self, kind: str, input_json: str) -> str:
        """The decision in one run, for an input that cannot carry parts (no kind of the catalogue)."""
        return self._part(kind, "decision", input_json, self._rule)

    def _decide_one(self, doc, input_json: str) -> str:
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if not isinstance(kind, str) or kind not in self._parts or PARTS_KEY in doc or not input_json.endswith("}"):
            return self._whole(kind if isinstance(kind, str) else "", input_json)
        size = len(input_json)
        if self._vm is not None and self.whole_on_vm and not self._predicted_too_big(f"{kind}/decision", size):
            try:  # in one run when it fits: cheaper than by parts
                return self._on_vm(f"{kind}/decision", input_json, self._rule)
            except _Capped:
                pass
        if self._vm is None or (self._predicted_too_big(f"{kind}/validation", size) and all(
                self._predicted_too_big(f"{kind}/{part}:{name}", size) for part, name, _ in self._parts[kind])):
            # Every part on the interpreter: the whole decision there in one evaluation.
            return self._on_interpreter(input_json, self._rule)
        errors = self._part(kind, "validation", input_json, VALIDATION)
        _check_part("errors", errors, "[]")
        violations, reports = [], []
        if not _loads(errors):  # what validation refuses is not judged
            values = {}
            left = []  # for the interpreter
            for part, name, entrypoint in self._parts[kind]:
                key = f"{kind}/{part}:{name}"
                if not self._predicted_too_big(key, size):
                    try:
                        values[entrypoint] = self._on_vm(key, input_json, entrypoint)
                        continue
                    except _Capped:
                        pass
                left.append(entrypoint)
            values.update(self._on_interpreter_together(input_json, left))
            for part, name, entrypoint in self._parts[kind]:
                value = values[entrypoint]
                if part == "violations":
                    violations.append(f"{json.dumps(name)}:{_check_part(name, value, '[]')}")
                elif value.strip() != UNDEFINED:  # as in `decision`: no report where it is undefined
                    reports.append(f"{json.dumps(name)}:{_check_part(name, value, '{}')}")
        parts = (f'"{PARTS_KEY}":{{"errors":{errors},"violations":{{{",".join(violations)}}},'
                 f'"report":{{{",".join(reports)}}}}}')
        assembled_input = input_json[:-1] + "," + parts + "}"
        return self._part(kind, "assembled", assembled_input, ASSEMBLED)

    def decide(self, inputs: list[dict]) -> list[dict]:
        out = []
        for doc in inputs:
            self.last_runs = Counter()
            try:
                value = _loads(self._decide_one(doc, _dumps(doc)))
            except (RuntimeError, ValueError) as exc:  # regorus's errors; JSON that does not parse
                raise EngineError(self.name, _first_line(exc), self._rule) from None
            where = [w for w in ("vm", "interpreter") if self.last_runs[w]]
            self.last_run = "both" if len(where) > 1 else "".join(where)
            out.append(self.check_decision(value, self._rule))
        return out
