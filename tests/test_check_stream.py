"""Long and piped runs: streamed formats, -q, --failures-only, the progress bar (issue 13)."""
from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.render.github import annotation
from conftest import DATA, ROOT

EXAMPLES = str(ROOT / "examples")
BAR = "━"  # what rich's progress bar is drawn with


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_jsonl_is_one_decision_per_line_then_the_summary():
    code, out = run("check", "--format", "jsonl", EXAMPLES, str(DATA / "invalid" / "unknown_plan.yaml"), "missing.yaml")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(lines) == 1 + 7 + 1  # the missing path, 6 examples and unknown_plan, the summary
    assert lines[0] == {"path": "missing.yaml", "kind": None, "id": None,
                        "errors": [{"message": "no such file or directory"}]}
    assert {d["path"].rsplit("/", 1)[-1] for d in lines[1:-1]} >= {"order-form-gold-ok.yaml", "unknown_plan.yaml"}
    assert lines[-1]["summary"] == {"documents": 7, "compliant": 5, "violations": 1, "errors": 2, "waived": 1,
                                    "waivers": {"applied": 1, "expired": 0, "unused": 0}}
    assert [w["id"] for w in lines[-1]["waivers"]] == ["W-2025-014"]


def test_github_annotations_escape_what_github_requires():
    line = annotation("a,b:c.yaml", 3, "R: x", "100% sure\nsecond line")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=R%3A x::100%25 sure%0Asecond line\n"


def test_quiet_prints_the_summary_only_and_failures_only_lists_what_needs_attention():
    code, out = run("check", "-q", EXAMPLES)
    assert code == 1 and out == ("6 document(s): 5 compliant, 1 with violations, 0 with errors; 1 violation(s) waived; "
                                 "waivers: 1 applied, 0 expired, 0 unused\n")
    code, out = run("check", "--failures-only", "--no-color", EXAMPLES)
    assert code == 1 and "✓" not in out and "✗ examples" not in out  # paths as given
    assert "order-form-silver-missing-region.yaml" in out and "6 document(s): 5 compliant" in out
    code, out = run("check", "--failures-only", "--format", "json", EXAMPLES)
    doc = json.loads(out)
    assert [d["compliant"] for d in doc["documents"]] == [False] and doc["summary"]["documents"] == 6


def _with_tty_stderr(*args) -> tuple[int, str, str]:
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    stdout = proc.stdout.read().decode()
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=120), stdout, seen.decode(errors="replace")


def test_progress_bar_on_a_terminal_only_for_people_and_never_in_the_report():
    code, stdout, stderr = _with_tty_stderr("check", "--no-color", EXAMPLES)
    assert code == 1 and "checking" in stderr and BAR in stderr and "/6" in stderr
    assert BAR not in stdout and "6 document(s)" in stdout.splitlines()[-1]
    code, stdout, stderr = _with_tty_stderr("check", "--format", "json", EXAMPLES)
    assert code == 1 and BAR not in stderr and json.loads(stdout)["summary"]["documents"] == 6
    code, stdout, stderr = _with_tty_stderr("check", "-q", EXAMPLES)
    assert code == 1 and BAR not in stderr
    piped = subprocess.run([sys.executable, "-m", "aacompliance", "check", EXAMPLES], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert piped.returncode == 1 and piped.stderr == ""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    for n in range(600):
        shutil.copy(ROOT / "examples" / "roster-silver.yaml", folder / f"roster-{n:03d}.yaml")
    return folder


def test_results_are_written_while_the_run_goes_on(many):
    """The first decision reaches the reader long before the last document is judged."""
    folder = many
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", "check", "--format", "jsonl", "--jobs", "1",
                             str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    first = json.loads(proc.stdout.readline())
    still_running = proc.poll() is None
    rest = proc.stdout.read().decode().splitlines()
    assert proc.wait(timeout=300) == 0
    assert first["path"].endswith("roster-000.yaml") and first["compliant"] is True
    assert still_running, "the first line came only when the run had ended"
    assert len(rest) == 600 and json.loads(rest[-1])["summary"]["documents"] == 600


def test_a_closed_pipe_stops_the_run_quietly(many):
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", "check", "--format", "jsonl", "--jobs", "1",
                             str(many)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert json.loads(proc.stdout.readline())["compliant"] is True
    proc.stdout.close()  # the reader goes away, as `| head -n 1` does
    assert proc.wait(timeout=300) == 141
    assert proc.stderr.read() == b""
