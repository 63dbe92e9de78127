"""Discovery never shrinks the input silently (issue 11, item 3)."""
from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.documents import discover
from aacompliance.pipeline.evaluate import check_paths
from conftest import ROOT

GOOD = ROOT / "examples" / "order-form-gold-ok.yaml"


def _cli(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(*args, stdin=None, timeout=30):
    """The CLI in a subprocess: a hang fails the test instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "aacompliance", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=_env(), cwd=ROOT)


def test_unreadable_folder_is_an_error_naming_it(tmp_path, monkeypatch):
    shutil.copy(GOOD, tmp_path / "a.yaml")
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(ROOT / "examples" / "order-form-silver-missing-region.yaml", locked / "b.yaml")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)  # root reads any folder: deny it this way
    report = check_paths([str(tmp_path)])
    assert [p.path for p in report.problems] == [str(locked)]
    assert "permission denied" in report.problems[0].message
    assert report.exit_code == 2  # not "compliant" with the violation hidden in the locked folder


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_folder_for_real(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(GOOD, locked / "a.yaml")
    locked.chmod(0)
    try:
        result = _run("check", str(tmp_path))
    finally:
        locked.chmod(0o700)
    assert result.returncode == 2 and str(locked) in result.stdout


@pytest.mark.parametrize("special", ["fifo", "socket", "dev-zero"])
def test_special_files_are_input_errors_never_a_hang(tmp_path, special):
    if special == "fifo":
        target = tmp_path / "pipe.yaml"
        os.mkfifo(target)
        words = "FIFO"
    elif special == "socket":
        target = tmp_path / "s.yaml"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
        words = "socket"
    else:
        target = tmp_path / "zero.yaml"
        target.symlink_to("/dev/zero")
        words = "character device"
    shutil.copy(GOOD, tmp_path / "ok.yaml")
    for paths in ([str(tmp_path)], [str(target), str(tmp_path / "ok.yaml")]):
        result = _run("check", "--no-color", *paths, timeout=30)
        assert result.returncode == 2, result.stdout + result.stderr
        assert str(target) in result.stdout and words in result.stdout
        assert "1 compliant" in result.stdout
    if special == "socket":
        sock.close()


def test_a_fifo_swapped_in_after_discovery_does_not_hang(tmp_path):
    fifo = tmp_path / "late.yaml"
    os.mkfifo(fifo)
    code = ("from pathlib import Path; from aacompliance.documents import load; from aacompliance.errors import "
            f"InputError\ntry:\n    load(Path({str(fifo)!r}))\nexcept InputError as exc:\n    print(exc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=_env())
    assert "FIFO" in result.stdout, result.stderr


def test_no_documents_is_exit_2_unless_allowed(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    code, out = _cli("check", "--no-color", str(tmp_path))
    assert code == 2 and "no documents found" in out and "--allow-empty" in out
    code, out = _cli("check", "--no-color", "--allow-empty", str(tmp_path))
    assert code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _cli("check", str(empty))[0] == 2


def test_suffixes_match_in_any_case_and_skipped_files_are_reported(tmp_path):
    shutil.copy(ROOT / "examples" / "order-form-silver-missing-region.yaml", tmp_path / "ORDER.YAML")
    shutil.copy(GOOD, tmp_path / "good.Yml")
    (tmp_path / "readme.txt").write_text("not a document")
    (tmp_path / "order.yaml.bak").write_text("an old copy")
    code, out = _cli("check", "--no-color", str(tmp_path))
    assert code == 1, out  # the violation in ORDER.YAML is found
    assert "ORDER.YAML" in out and "good.Yml" in out
    assert "skipped 2 file(s)" in out and "readme.txt" in out
    code, out = _cli("check", "--format", "json", str(tmp_path))
    assert sorted(json.loads(out)["skipped"]) == sorted([str(tmp_path / "order.yaml.bak"),
                                                         str(tmp_path / "readme.txt")])


def test_the_same_file_named_twice_counts_once(tmp_path, monkeypatch):
    shutil.copy(GOOD, tmp_path / "a.yaml")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "a.yaml")
    os.link(tmp_path / "a.yaml", tmp_path / "hard.yaml")
    monkeypatch.chdir(tmp_path)
    found = discover(["a.yaml", "./a.yaml", str(tmp_path / "a.yaml"), "link.yaml", "."])
    assert [str(f) for f in found.files] == ["a.yaml"]
    assert not found.problems


def test_symlink_loops_end(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    shutil.copy(GOOD, sub / "doc.yaml")
    (sub / "up").symlink_to(tmp_path / "a")
    (sub / "self").symlink_to(sub)
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = _run("check", "--no-color", str(tmp_path), timeout=30)
    assert "1 compliant" in result.stdout
    assert str(tmp_path / "broken.yaml") in result.stdout and result.returncode == 2


def test_linked_folder_is_followed(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(GOOD, real / "doc.yaml")
    top = tmp_path / "top"
    top.mkdir()
    (top / "docs").symlink_to(real)
    assert [f.name for f in discover([str(top)]).files] == ["doc.yaml"]


def test_dash_reads_one_document_from_standard_input():
    code, out = _cli("check", "--format", "json", "-", input=GOOD.read_text())
    doc = json.loads(out)
    assert code == 0 and doc["documents"][0]["path"] == "<stdin>" and doc["documents"][0]["compliant"] is True
    code, out = _cli("check", "--no-color", "-", input="kind: Nothing\n")
    assert code == 2 and "<stdin>" in out
    report = check_paths(["-", "-"], stdin=io.BytesIO(GOOD.read_bytes()))
    assert len(report.documents) == 1
