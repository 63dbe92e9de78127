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
        if not isinstance(value, dict) or not isinstance(value.get("violations"), list):
            raise EngineError(self.name, "the decision is undefined or malformed "
                              f"(expected an object with a 'violations' list, got {json.dumps(value)[:120]})",
                              where)
        for key in ("waived", "waivers"):  # waiver outcomes: a list of objects when present
            items = value.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise EngineError(self.name, f"the decision's {key!r} is malformed (expected a list of objects, "
                                  f"got {json.dumps(items)[:120]})", where)
        return value


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
