"""The contract cache can't change a verdict (issue 11, item 7)."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.terms import store
from conftest import ROOT

INPUTS = [str(ROOT / "examples"), str(ROOT / "tests" / "data" / "documents")]


def _cli(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("AACOMPLIANCE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aacompliance"


def _tamper(node):
    """Every number raised by 1000 and every flag flipped: caps, targets, ranks…"""
    if isinstance(node, dict):
        return {k: _tamper(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_tamper(v) for v in node]
    if isinstance(node, bool):
        return not node
    if isinstance(node, (int, float)):
        return node + 1000
    return node


def _tamper_cache(folder):
    entries = list(folder.glob("*.json"))
    assert entries, "the first run caches the revision"
    for entry in entries:
        entry.write_text(json.dumps(_tamper(json.loads(entry.read_text()))))


def test_editing_the_cache_changes_no_verdict(cache_home):
    before = _cli("check", "--format", "json", *INPUTS)
    _tamper_cache(cache_home)
    after = _cli("check", "--format", "json", *INPUTS)
    assert after == before
    assert before[0] == 1


def test_lint_and_show_never_read_the_cache(cache_home):
    _cli("check", *INPUTS)  # fills the cache
    _tamper_cache(cache_home)
    code, out = _cli("contracts", "show", "--on", "2025-01-01", "--format", "json")
    assert code == 0
    shown = json.loads(out)
    path = ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml"
    assert shown == store.load_revision(path, use_cache=False).terms
    code, out = _cli("contracts", "lint")
    assert code == 0, out


def test_the_cache_key_binds_text_schema_and_code_version(monkeypatch):
    key = store._cache_key("a: 1\n")
    assert key != store._cache_key("a: 2\n")
    monkeypatch.setattr(store, "_code_version", lambda: "9.9.9")
    assert key != store._cache_key("a: 1\n")


def test_a_new_cache_folder_is_0700(cache_home):
    _cli("check", str(ROOT / "examples"))
    assert stat.S_IMODE(os.stat(cache_home).st_mode) == 0o700
    for entry in cache_home.iterdir():
        assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600


def test_a_folder_others_may_write_is_never_believed(cache_home):
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    assert store.cache_dir() is None
    cache_home.chmod(0o755)  # ours, only readable by others (as older versions made it): tightened
    assert store.cache_dir() == cache_home and stat.S_IMODE(os.stat(cache_home).st_mode) == 0o700


def test_a_linked_cache_folder_is_never_believed(cache_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.parent.mkdir(parents=True)
    cache_home.symlink_to(elsewhere)
    assert store.cache_dir() is None


def test_an_entry_others_may_write_is_ignored(cache_home):
    before = _cli("check", "--format", "json", *INPUTS)
    for entry in cache_home.glob("*.json"):
        data = json.loads(entry.read_text())
        data["terms"] = _tamper(data["terms"])
        data["terms_sha256"] = store._terms_digest(data["terms"])  # a forger who knows the format
        entry.write_text(json.dumps(data))
        entry.chmod(0o666)
    assert _cli("check", "--format", "json", *INPUTS) == before


@pytest.mark.parametrize("home", [None, "/nonexistent/home", "/proc", "relative/home"])
def test_no_usable_home_means_no_cache_and_commands_still_work(home, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME", "AACOMPLIANCE_NO_CACHE")}
    env["PYTHONPATH"] = str(ROOT)
    if home is not None:
        env["HOME"] = home
    for args in (["check", "examples/order-form-gold-ok.yaml"], ["contracts", "list"], ["rules"]):
        result = subprocess.run([sys.executable, "-m", "aacompliance", *args], capture_output=True, text=True,
                                cwd=ROOT, env=env, timeout=120)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("start", "end", "words"), [
    ("17:00", "08:00", "at or before they start"),
    ("08:00", "08:00", "at or before they start"),
    ("08:00", "24:30", "the latest end is 24:00"),
])
def test_a_revision_lint_calls_an_error_is_refused_when_loaded(contracts_copy, cache_home, start, end, words):
    path = contracts_copy / "technical-support-terms" / "2024-11-18.yaml"
    text = path.read_text()
    old = 'start: "08:00"\n  end: "17:00"'
    assert old in text
    path.write_text(text.replace(old, f'start: "{start}"\n  end: "{end}"'))
    for _ in range(2):  # also once cached
        code, out = _cli("check", "--contracts", str(contracts_copy), "examples")
        assert code == 2 and "business_hours.end" in out and words in out, out
    code, out = _cli("contracts", "lint", "--contracts", str(contracts_copy))
    assert code == 2 and words in out
