"""Run the Rego unit tests (``*_test.rego``) on any engine that can evaluate a rule.

A test is a rule named ``test_*`` in a ``*_test.rego`` module; it passes when it
evaluates to ``true``. Tests run with the real contract data loaded, the same
data every engine holds in production.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aacompliance.engines import create
from aacompliance.errors import EngineError
from aacompliance.pipeline.evaluate import Evaluator, Settings
from aacompliance.policy.rules import PolicySet

_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.M)
_TEST = re.compile(r"^(test_\w+)\s+if\b", re.M)


@dataclass(frozen=True)
class RegoTest:
    module: str
    package: str
    name: str

    @property
    def rule(self) -> str:
        return f"data.{self.package}.{self.name}"


@dataclass(frozen=True)
class Outcome:
    test: RegoTest
    passed: bool
    detail: str = ""


def discover(policies: PolicySet) -> list[RegoTest]:
    tests = []
    for path, source in policies.modules.items():
        if not path.endswith("_test.rego"):
            continue
        package = _PACKAGE.search(source).group(1)
        tests.extend(RegoTest(path, package, name) for name in _TEST.findall(source))
    return tests


def run(engine_name: str = "regorus", settings: Settings | None = None) -> list[Outcome]:
    settings = settings or Settings()
    evaluator = Evaluator(settings)
    policies = PolicySet(evaluator.policies.root, with_tests=True)
    engine = create(engine_name)
    engine.load(policies.modules, evaluator.data_document())
    outcomes = []
    for test in discover(policies):
        try:
            value = engine.eval_rule(test.rule)
            outcomes.append(Outcome(test, value is True, "" if value is True else f"got {value!r}"))
        except EngineError as exc:
            outcomes.append(Outcome(test, False, str(exc)))
    engine.close()
    return outcomes


def as_report(outcomes: list[Outcome], engine_name: str):
    """The outcomes as a check report (one "document" per test), so that ``rules --test``
    speaks every format ``check`` does: a failed test is a violation of ``REGO-TEST``."""
    from aacompliance.pipeline.results import DocumentResult, Report, Violation

    report = Report()
    for o in outcomes:
        result = DocumentResult(o.test.module, "RegoTest", o.test.name, {"id": "rego-test", "version": engine_name})
        if not o.passed:
            result.violations = [Violation("REGO-TEST", f"{o.test.rule} failed: {o.detail}", {}, result.contract,
                                           {"rule": o.test.rule})]
        report.documents.append(result)
    return report
