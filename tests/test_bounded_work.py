"""Bounded work (issue 11, item 8): --jobs capped; SIGTERM/SIGINT stop the workers cleanly.

(Business minutes per week: tests/test_businesstime.py.)
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.pipeline import evaluate
from aacompliance.pipeline.evaluate import resolve_jobs
from conftest import ROOT

GOOD = ROOT / "examples" / "order-form-gold-ok.yaml"


@pytest.mark.parametrize(("requested", "files", "cores", "expected"), [
    (1000, 5, 2, 1),  # 1,000 workers for 5 files: one chunk of work, one process
    (1000, 100_000, 2, 4),  # twice the cores at most
    (3, 100_000, 8, 3),  # a modest request is kept
    (8, 200, 8, 4),  # 200 files are four batches of 64: more workers would idle
    (0, 10, 4, 1),  # auto: small runs stay in one process
    (0, 10_000, 4, 4),  # auto: one per core
])
def test_jobs_are_capped(monkeypatch, requested, files, cores, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert resolve_jobs(requested, files) == expected


def test_a_capped_jobs_request_is_noted(tmp_path):
    for i in range(3):
        shutil.copy(GOOD, tmp_path / f"d{i}.yaml")
    result = CliRunner().invoke(main, ["check", "--jobs", "1000", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "--jobs 1000 capped at 1" in result.output


def test_negative_jobs_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "--jobs", "-3", str(GOOD)])
    assert result.exit_code == 2


def test_workers_never_outnumber_the_cap(monkeypatch, tmp_path):
    started = []
    real = evaluate._in_workers

    def spy(files, settings, jobs):
        started.append(jobs)
        return real(files, settings, jobs)
    monkeypatch.setattr(evaluate, "_in_workers", spy)
    monkeypatch.setattr(evaluate, "BATCH", 2)
    for i in range(8):
        shutil.copy(GOOD, tmp_path / f"d{i}.yaml")
    report = evaluate.check_paths([str(tmp_path)], jobs=1000)
    assert len(report.documents) == 8 and all(d.compliant for d in report.documents)
    assert started and started[0] <= 2 * (os.cpu_count() or 1)


def _children(pid: int) -> list[int]:
    """Live (non-zombie) processes whose parent is ``pid``."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_workers_without_orphans_or_tracebacks(tmp_path, signum):
    for i in range(1200):
        shutil.copy(GOOD, tmp_path / f"d{i:04}.yaml")
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", "check", "--jobs", "2", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        workers = _children(proc.pid)
        assert len(workers) == 2, "the workers did not start"
        time.sleep(0.3)  # inside the work
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, err
    assert b"Traceback" not in err and b"internal error" not in err, err
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "orphaned workers"
