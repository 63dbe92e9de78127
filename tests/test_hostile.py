"""Nothing a user feeds aacompliance crashes it, hangs it, or reads outside its inputs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from aacompliance.util import yamlio
from aacompliance.pipeline.evaluate import Evaluator
from aacompliance.util.files import write_atomic
from aacompliance.render import render
from conftest import ROOT, documents_with_verdicts
from hostile import alias_bomb_text, document_text, scalar_case

SEEDS = {}
for _path in documents_with_verdicts():
    _doc = yamlio.load(_path)
    SEEDS.setdefault(_doc["kind"], _doc)
EVALUATOR = Evaluator()
EXAMPLES = int(os.environ.get("AAC_FUZZ_EXAMPLES", "250"))


def _check_one(tmp_path: Path, suffix: str, data: bytes):
    from aacompliance.pipeline.evaluate import check_paths

    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    report = check_paths([str(path)], evaluator=EVALUATOR)
    (result,) = report.documents
    for problem in result.errors:
        assert problem.message.strip()
        assert problem.path == str(path)
    for fmt in ("text", "json", "junit", "sarif"):
        render(report, fmt)
    assert report.exit_code in (0, 1, 2)
    return result


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_generated_documents_never_crash(kind, tmp_path_factory):
    folder = tmp_path_factory.mktemp(kind)
    outcomes = {"compliant": 0, "violations": 0, "errors": 0}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=document_text(SEEDS[kind]))
    def run(case):
        result = _check_one(folder, *case)
        outcomes["errors" if result.errors else ("compliant" if result.compliant else "violations")] += 1
        if result.errors:
            assert all(p.message for p in result.errors)

    run()
    assert outcomes["errors"] > 0 and outcomes["compliant"] + outcomes["violations"] > 0, outcomes


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?")


def _faithful(written: str, value) -> bool:
    """``value`` is what ``written`` says, never a conversion of it."""
    if isinstance(value, str):
        return value == written or (written[:1] in "'\"" and value == written[1:-1])
    if value is None:
        return written in ("", "~", "null")
    if isinstance(value, bool):
        return written.lower() == str(value).lower()
    return bool(_DECIMAL.fullmatch(written)) and float(written) == value


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_generated_scalars_never_change_silently(kind, tmp_path_factory):
    """YAML 1.1 forms, booleans where numbers go, huge numbers, far dates: each is read as
    written or refused, a number or boolean field never takes anything else, nothing crashes."""
    folder = tmp_path_factory.mktemp(f"{kind}-scalars")
    seen = {"error": 0, "read": 0}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=scalar_case(SEEDS[kind]))
    def run(case):
        path, written, suffix, data = case
        result = _check_one(folder, suffix, data)
        original = SEEDS[kind]
        for part in path:
            original = original[part]
        try:
            value = yamlio.parse(data.decode(), f"doc{suffix}")
        except yamlio.InputError:
            assert result.errors
            seen["error"] += 1
            return
        for part in path:
            value = value[part]
        assert _faithful(written, value), (written, value)
        wants_number = isinstance(original, (int, float)) and not isinstance(original, bool)
        if (wants_number and not (isinstance(value, (int, float)) and not isinstance(value, bool))) or (
                isinstance(original, bool) and not isinstance(value, bool)):
            assert result.errors and any(p.field == _field(path) for p in result.errors), (written, result.errors)
        seen["read"] += 1

    run()
    assert seen["error"] and seen["read"], seen


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _run_cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "aacompliance", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def test_alias_bomb_rejected(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb_text())
    proc = _run_cli("check", str(bomb))
    assert proc.returncode == 2
    assert "anchors and aliases are not allowed" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_does_not_crash_the_parser(tmp_path, opener, closer):
    deep = tmp_path / "deep.yaml"
    deep.write_text("apiVersion: aacompliance/v1\nkind: OrderForm\nid: " + opener * 200_000 + "1" * (opener == "{a: ")
                    + closer * 200_000 + "\n")
    proc = _run_cli("check", str(deep))
    assert proc.returncode == 2, proc.returncode  # a crash would be -11 (SIGSEGV)
    assert "nesting deeper than 32 levels" in proc.stdout


def test_write_atomic_keeps_the_previous_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("previous")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content that never lands")
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_output_file_written_atomically_by_check(tmp_path):
    target = tmp_path / "out.json"
    proc = _run_cli("check", "examples", "--format", "json", "--output", str(target))
    assert proc.returncode == 1 and target.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
