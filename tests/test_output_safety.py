"""Output never destroys input (issue 11, item 4)."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.errors import UsageError
from aacompliance.util.files import write_atomic
from conftest import DATA, ROOT

GOOD = ROOT / "examples" / "order-form-gold-ok.yaml"
REVISION = ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml"


def _cli(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# -- an output that names an input is refused before any work ------------------------

def _inputs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(GOOD, docs / "a.yaml")
    (docs / "link.yaml").symlink_to(docs / "a.yaml")
    os.link(docs / "a.yaml", tmp_path / "hard.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "via-link.yaml").symlink_to(docs / "a.yaml")
    return docs


@pytest.mark.parametrize("how", ["same", "dot-slash", "symlink", "hardlink", "found-through-a-link-in-a-folder",
                                 "document-in-a-folder"])
def test_check_output_naming_an_input_is_refused(tmp_path, monkeypatch, how):
    docs = _inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = {
        "same": (["docs/a.yaml"], "docs/a.yaml"),
        "dot-slash": (["docs/a.yaml"], "./docs/../docs/a.yaml"),
        "symlink": (["docs/a.yaml"], "docs/link.yaml"),
        "hardlink": (["docs/a.yaml"], "hard.yaml"),
        "found-through-a-link-in-a-folder": (["sub"], "docs/a.yaml"),
        "document-in-a-folder": (["docs"], "docs/a.yaml"),
    }[how]
    before = GOOD.read_bytes()
    for fmt in ("text", "json"):
        code, out = _cli("check", "--format", fmt, "--output", args[1], *args[0])
        assert code == 2, out
        assert "destroy" in out and "document(s)" not in out  # refused before evaluating
        assert (docs / "a.yaml").read_bytes() == before
        assert (docs / "link.yaml").is_symlink()


def test_other_commands_refuse_to_overwrite_their_inputs(tmp_path, contracts_copy):
    draft = tmp_path / "draft.yaml"
    shutil.copy(DATA / "revisions" / "2025-06-01.yaml", draft)
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    rego = next(policies.rglob("*.rego"))
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(GOOD, docs / "a.yaml")
    cases = [
        (["diff", "2024-11-18", str(draft), "--output", str(draft)], draft),
        (["diff", "2024-11-18", "2024-11-18", "--contracts", str(contracts_copy), "--output",
          str(contracts_copy / "technical-support-terms" / "2024-11-18.yaml")],
         contracts_copy / "technical-support-terms" / "2024-11-18.yaml"),
        (["diff", "2024-11-18", str(draft), "--impact", str(docs), "--output", str(docs / "a.yaml")],
         docs / "a.yaml"),
        (["rules", "--policies", str(policies), "--output", str(rego)], rego),
        (["bundle", "--policies", str(policies), "--out", str(rego)], rego),
        (["check", "--revision", str(draft), str(docs), "--output", str(draft)], draft),
        (["statement", str(docs), "--out", str(docs / "a.yaml"), "--signed-off-by", "A", "--role", "B"],
         docs / "a.yaml"),
        (["statement", str(docs), "--out", str(tmp_path / "s.pdf"), "--html", str(docs / "a.yaml"),
          "--signed-off-by", "A", "--role", "B"], docs / "a.yaml"),
    ]
    for args, victim in cases:
        before = victim.read_bytes()
        code, out = _cli(*args)
        assert code == 2, (args, out)
        assert victim.read_bytes() == before, args


# -- what is not a regular file is written to, never renamed over ------------------------

def test_a_fifo_output_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    # A daemon reader: if the FIFO were renamed over, it would wait for ever, and must not hold the tests.
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _ = _cli("check", "--format", "json", "--output", str(fifo), str(GOOD))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    reader.join(10)
    assert code == 0
    assert received and json.loads(received[0])["summary"]["compliant"] == 1


def test_a_device_is_written_to_not_replaced(tmp_path):
    # A null device of our own: never the machine's /dev/null, which the code this test
    # guards against would replace with a plain file when run as root.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    before = os.stat(device)
    code, _ = _cli("check", "--output", str(device), str(GOOD))
    write_atomic(device, "nothing\n")
    after = os.stat(device)
    assert code == 0
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_link_to_the_output_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


# -- unwritable output: exit 2 with a sentence, before the work -------------------------

@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_unwritable_output_is_exit_2_before_the_work(tmp_path, where):
    target = tmp_path / "no" / "such" / "r.txt" if where == "missing-folder" else tmp_path
    for command in (["check", str(GOOD)], ["rules"], ["diff", "2024-11-18", "2024-11-18"]):
        code, out = _cli(*command, "--output", str(target))
        assert code == 2, out
        assert "cannot be written" in out or "is a folder" in out or "is a directory" in out
        assert "Traceback" not in out and "internal error" not in out


def test_write_failure_is_a_usage_error(tmp_path, monkeypatch):
    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(UsageError, match="cannot write .*permission denied"):
        write_atomic(tmp_path / "r.txt", "x")


# -- the umask is kept ----------------------------------------------------------------------

@pytest.mark.parametrize(("umask", "mode"), [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        code, _ = _cli("check", "--output", str(tmp_path / "r.txt"), str(GOOD))
        write_atomic(tmp_path / "b.txt", "x")
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(os.stat(tmp_path / "r.txt").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "b.txt").st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600 and target.read_text() == "new"


# -- a closed pipe ends quietly -------------------------------------------------------------

@pytest.mark.parametrize("command", [["rules"], ["check", "--format", "json", "examples", "tests/data/documents"],
                                     ["diff", "2024-11-18", "tests/data/revisions/2025-06-01.yaml"]])
def test_closed_pipe_exits_quietly(command):
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    proc.stdout.close()  # the reader is gone before the first byte, as `| head -0` would
    _, err = proc.communicate(timeout=60)
    assert b"internal error" not in err and b"Traceback" not in err and b"Exception ignored" not in err, err
    assert proc.returncode == 141, err


def test_head_of_a_large_report_in_a_shell(tmp_path):
    for i in range(200):
        shutil.copy(GOOD, tmp_path / f"d{i:03}.yaml")
    shell = f"{sys.executable} -m aacompliance check --no-color {tmp_path} | head -1"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=120)
    assert result.stdout.startswith("✓ ") and result.stderr == "", result.stderr


# -- control characters from files and documents are neutralised -----------------------------

HOSTILE_NAME = "Automation\\e]0;pwned\\a 360\\e[2J\\r✓ compliant\\u202e\\x9b31m\\ud800"


def _hostile_document(tmp_path):
    text = GOOD.read_text().replace("product: Automation 360 Cloud Enterprise", f'product: "{HOSTILE_NAME}"')
    text = text.replace("support:\n  - {plan: gold", "support:\n  - {plan: silver")  # a violation, with messages
    path = tmp_path / "evil\x1b[2J\u202ename.yaml"
    path.write_text(text)
    return path


def test_text_output_shows_controls_as_escapes(tmp_path):
    path = _hostile_document(tmp_path)
    for color in ("--no-color", "--color"):
        code, out = _cli("check", color, str(path))
        assert code in (1, 2)
        visible = out.replace("\x1b[", "") if color == "--color" else out  # rich's own colour codes
        for bad in ("\x1b]", "\x07", "\r", "\u202e", "\x9b", "\x1b[2J"):
            assert bad not in visible, (color, repr(bad))
        assert "\\x1b" in out and "\\u202e" in out


def test_text_output_never_reads_values_as_markup(tmp_path):
    # Brackets and emoji codes in a document are text: printed as written, with and without colour.
    text = GOOD.read_text().replace("product: Automation 360 Cloud Enterprise",
                                    'product: "[red]A360[/] [bold]x[/bold] :warning: \\\\[dim]"')
    text = text.replace("support:\n  - {plan: gold", "support:\n  - {plan: silver")
    path = tmp_path / "[red]form[bold].yaml"
    path.write_text(text)
    for color in ("--no-color", "--color"):
        code, out = _cli("check", color, str(path))
        assert code == 1, out
        plain = out
        for sgr in ("\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[0m"):
            plain = plain.replace(sgr, "")
        assert "[red]A360[/] [bold]x[/bold] :warning: \\[dim]" in plain, (color, out)
        assert "[red]form[bold].yaml" in plain
        assert ("\x1b[" in out) == (color == "--color")


def test_stderr_errors_show_controls_as_escapes(tmp_path):
    missing = tmp_path / "gone\x1b]0;x\x07.yaml"
    result = subprocess.run([sys.executable, "-m", "aacompliance", "check", "--output", str(missing / "r.txt"),
                             str(GOOD)], capture_output=True, cwd=ROOT, env=_env(), timeout=60)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr and b"\\x1b" in result.stderr


def test_junit_and_sarif_stay_valid_with_any_character(tmp_path):
    path = _hostile_document(tmp_path)
    (tmp_path / "other.yaml").write_text("kind: \"\\x01\\x0b\\e\\ud800\"\n")  # an error message quoting them
    code, out = _cli("check", "--format", "junit", str(tmp_path))
    suite = ET.fromstring(out.encode("utf-8"))
    assert suite.get("tests") == "2" and code == 2
    code, out = _cli("check", "--format", "sarif", str(tmp_path))
    sarif = json.loads(out)
    assert len(sarif["runs"][0]["results"]) >= 2
    code, out = _cli("check", "--format", "json", str(path))
    assert json.loads(out)["documents"][0]["path"] == str(path)


def test_markdown_diff_escapes_html_and_pipes(tmp_path):
    text = REVISION.read_text()
    old = 'en: "Weekdays 8:00–17:00"}, clause: table.support_hours}'
    assert old in text
    draft = tmp_path / "draft.yaml"
    draft.write_text(text.replace(old, 'en: "<script>alert(1)</script> | x\\n| y"}, clause: table.support_hours}', 1)
                     .replace("status: published", "status: draft"))
    code, out = _cli("diff", "--format", "markdown", "2024-11-18", str(draft))
    assert code == 1
    assert "<script>" not in out and "&lt;script&gt;" in out
    row = next(line for line in out.splitlines() if "script" in line)
    assert row.count("|") - row.count("\\|") == 6  # five columns, whatever the cell says


def test_github_and_jsonl_show_controls_as_escapes(tmp_path):
    # The streamed machine formats: a workflow log renders escape sequences as a terminal
    # would, so the github format shows them as escapes; JSON lines escapes them by itself.
    path = _hostile_document(tmp_path)
    code, out = _cli("check", "--format", "github", str(path))
    assert code in (1, 2) and out.startswith("::")
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in out, repr(bad)
    assert "\\x1b" in out
    code, out = _cli("check", "--format", "jsonl", str(tmp_path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["path"] == str(path) and "summary" in lines[-1]
    assert "\x1b" not in out and "\x07" not in out


def test_skipped_files_are_reported_in_every_streamed_format(tmp_path):
    shutil.copy(GOOD, tmp_path / "good.yaml")
    (tmp_path / "notes.txt").write_text("not a document")
    code, out = _cli("check", "--format", "jsonl", str(tmp_path))
    assert code == 0 and json.loads(out.splitlines()[-1])["skipped"] == [str(tmp_path / "notes.txt")]
    code, out = _cli("check", "--format", "github", str(tmp_path))
    assert code == 0 and "skipped 1 file(s)" in out and "notes.txt" in out
    code, out = _cli("check", "--format", "text", "--no-color", str(tmp_path))
    assert code == 0 and "skipped 1 file(s)" in out
