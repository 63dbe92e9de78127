"""One bad document never loses the run (issue 11, item 2).

Whatever goes wrong while reading, checking, measuring or judging ONE document is an
error of that document ("could not evaluate: …", naming the file); the others are still
evaluated and the run exits 2. Exit 3 is kept for the policy engine failing.
"""
from __future__ import annotations

import dataclasses
import shutil

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.documents import KINDS
from aacompliance.errors import EngineError
from aacompliance.pipeline import evaluate
from aacompliance.pipeline.evaluate import Settings, check_paths
from conftest import ROOT

EXAMPLES = ROOT / "examples"


def _cli(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path):
    """The five examples, plus room for one bad document."""
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _write(folder, name, source, old, new):
    text = (EXAMPLES / source).read_text()
    assert old in text
    (folder / name).write_text(text.replace(old, new))
    return folder / name


# Real inputs that used to end the whole run with "internal error" and exit 3.
HOSTILE = [
    ("timestamp-overflow.yaml", "incident-log-gold.yaml", '"2025-04-03T09:40:00+02:00"',
     '"9999-12-31T23:59:00-14:00"'),
    ("year-9999.yaml", "benefit-usage-silver.yaml", "contract_year_start: 2025-04-01",
     "contract_year_start: 9999-06-01"),
    ("huge-number.yaml", "benefit-usage-silver.yaml", "hours: 3,", "hours: " + "9" * 5000 + ","),
]


@pytest.mark.parametrize(("name", "source", "old", "new"), HOSTILE, ids=[h[0] for h in HOSTILE])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_value_is_that_documents_error(folder, name, source, old, new, jobs):
    bad = _write(folder, name, source, old, new)
    code, out = _cli("check", "--no-color", "--jobs", jobs, str(folder))
    assert code == 2, out
    assert "internal error" not in out and "Traceback" not in out
    assert str(bad) in out
    assert "6 document(s): 4 compliant, 1 with violations, 1 with errors" in out


class Boom(Exception):
    pass


def _explode(*_args, **_kwargs):
    raise Boom("a bug in one document's path")


STAGES = ["load", "revision", "check", "facts", "decide", "apply"]


def _break(monkeypatch, stage):
    """Make one stage fail with an unexpected exception, for the incident log only."""
    kind = KINDS["IncidentLog"]
    if stage == "load":
        real = evaluate.documents.load

        def load(path):
            return _explode() if "incident" in str(path) else real(path)
        monkeypatch.setattr(evaluate.documents, "load", load)
    elif stage in ("revision", "check", "facts"):
        if stage == "revision":
            broken = dataclasses.replace(kind, date_field=("no", "such", "field"))  # KeyError inside
        else:
            broken = dataclasses.replace(kind, **{stage: _explode})
        monkeypatch.setitem(KINDS, "IncidentLog", broken)
    elif stage == "decide":
        real = evaluate.Evaluator.evaluate_inputs

        def decide(self, inputs):
            if any(i["kind"] == "IncidentLog" for i in inputs):
                raise TypeError("the engine cannot take this input")
            return real(self, inputs)
        monkeypatch.setattr(evaluate.Evaluator, "evaluate_inputs", decide)
    elif stage == "apply":
        real = evaluate.apply_decision

        def apply(result, decision):
            return _explode() if result.kind == "IncidentLog" else real(result, decision)
        monkeypatch.setattr(evaluate, "apply_decision", apply)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("jobs", [1, 2])
def test_unexpected_error_at_any_stage_is_one_documents_error(monkeypatch, stage, jobs):
    clean = {d.path: d.compliant for d in check_paths([str(EXAMPLES)], Settings()).documents}
    _break(monkeypatch, stage)
    monkeypatch.setattr(evaluate, "PARALLEL_THRESHOLD", 1)
    report = check_paths([str(EXAMPLES)], Settings(), jobs=jobs)
    broken = [d for d in report.documents if "incident" in d.path]
    others = [d for d in report.documents if "incident" not in d.path]
    assert len(broken) == 1 and len(others) == len(clean) - 1 >= 4
    assert broken[0].compliant is None
    assert broken[0].errors[0].message.startswith("could not evaluate: ")
    assert broken[0].errors[0].path.endswith("incident-log-gold.yaml")
    assert {d.path: d.compliant for d in others} == {p: c for p, c in clean.items() if "incident" not in p}
    assert None not in clean.values()  # the others judged as usual, as in a clean run
    assert report.exit_code == 2


def test_engine_failure_is_still_exit_3(monkeypatch):
    def fail(self, inputs):
        raise EngineError("regorus", "injected failure")
    monkeypatch.setattr(evaluate.Evaluator, "evaluate_inputs", fail)
    code, out = _cli("check", str(EXAMPLES))
    assert code == 3 and "injected failure" in out
