"""Policy engines behind one small interface.

Every engine is given the same Rego modules and the same data document, and
answers ``data.aacompliance.main.decision`` for a batch of inputs. Rules and the
CLI never know which engine runs. Engines are imported lazily by name.
"""
from __future__ import annotations

import abc
import importlib
import json

from aacompliance.engines.registry import ENGINES, engine_names
from aacompliance.errors import EngineError, UsageError

#: The document every engine is asked for.
DECISION_PATH = "aacompliance/main/decision"

_ENGINES = ENGINES


class Engine(abc.ABC):
    """A Rego engine holding policies and data, evaluating decisions."""

    name: str = "engine"

    @abc.abstractmethod
    def load(self, modules: dict[str, str], data: dict) -> None:
        """Install the Rego ``modules`` (path → source) and the ``data`` document."""

    @abc.abstractmethod
    def decide(self, inputs: list[dict]) -> list[dict]:
        """The decision for each input, in order."""

    @abc.abstractmethod
    def eval_rule(self, rule: str, input: dict | None = None):
        """The value of one rule (``data.pkg.name``), e.g. a Rego unit test; None when undefined."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""

    def check_decision(self, value, where: str) -> dict:
        """``value`` if it is a decision of the documented shape (docs/opa.md), else an EngineError
        naming what is malformed: a wrong decision must never read as a verdict."""
        problem = decision_problem(value)
        if problem:
            raise EngineError(self.name, f"the decision is undefined or malformed: {problem}", where)
        return value


def _shown(value) -> str:
    return json.dumps(value, default=str)[:120]


def decision_problem(value) -> str | None:
    """What is wrong with the shape of a decision; None when it has the documented shape."""
    if not isinstance(value, dict):
        return f"expected an object {{compliant, errors, violations, report}}, got {_shown(value)}"
    if not isinstance(value.get("compliant"), bool):
        return f"'compliant' must be true or false, got {_shown(value.get('compliant'))}"
    for name in ("errors", "violations"):
        if not isinstance(value.get(name), list):
            return f"{name!r} must be a list, got {_shown(value.get(name))}"
    if not isinstance(value.get("report", {}), dict):
        return f"'report' must be an object, got {_shown(value.get('report'))}"
    for name in ("waived", "waivers"):  # waiver outcomes: a list of objects when present
        items = value.get(name, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return f"{name!r} must be a list of objects, got {_shown(items)}"
    for i, error in enumerate(value["errors"]):
        if not (isinstance(error, dict) and isinstance(error.get("message"), str)
                and isinstance(error.get("field"), (str, type(None)))):
            return f"errors[{i}] must be {{field, message}} with string values, got {_shown(error)}"
    for i, violation in enumerate(value["violations"]):
        if not isinstance(violation, dict):
            return f"violations[{i}] must be an object, got {_shown(violation)}"
        for key, kind in (("rule", str), ("key", str), ("message", str), ("clause", dict), ("data", dict)):
            if not isinstance(violation.get(key), kind):
                return f"violations[{i}].{key} is missing or of the wrong type ({_shown(violation.get(key))})"
    if value["compliant"] != (not value["errors"] and not value["violations"]):
        return (f"'compliant' is {json.dumps(value['compliant'])} with {len(value['errors'])} error(s) and "
                f"{len(value['violations'])} violation(s)")
    return None


def create(name: str, **options) -> Engine:
    """A new engine by name (``regorus``, ``opa-go``, ``opa``)."""
    try:
        module_name, class_name = _ENGINES[name]
    except KeyError:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(_ENGINES)}") from None
    try:
        module = importlib.import_module(module_name)
        return getattr(module, class_name)(**options)
    except ImportError as exc:
        from aacompliance.util.extras import install_command

        command = install_command(exc.name)
        hint = f"; install it with: {command}" if command else ""
        raise EngineError(name, f"its Python package is not installed ({exc.name}){hint}") from None
