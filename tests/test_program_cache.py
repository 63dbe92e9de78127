"""Compiled RVM programs kept between runs (engines/program_cache.py): reused only for exactly
the policies and terms that produced them, never loaded when damaged."""
from __future__ import annotations

import json

import pytest
import regorus

from aacompliance.engines import program_cache
from aacompliance.pipeline.evaluate import Evaluator
from conftest import ROOT

FORM = ROOT / "examples" / "order-form-silver-missing-region.yaml"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("AACOMPLIANCE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aacompliance"


def _verdict() -> tuple:
    result = Evaluator().evaluate_files([FORM])[0]
    return result.compliant, sorted(v.rule for v in result.violations), json.dumps(result.report, sort_keys=True)


def _count_compiles(monkeypatch) -> list:
    calls = []
    real = regorus.Program.compile_from_modules

    class Spy:
        @staticmethod
        def compile_from_modules(*args):
            calls.append(args)
            return real(*args)

        deserialize_binary = regorus.Program.deserialize_binary

    monkeypatch.setattr(program_cache.regorus, "Program", Spy)
    return calls


def test_second_run_reads_the_program_and_decides_the_same(cache_home, monkeypatch):
    calls = _count_compiles(monkeypatch)
    first = _verdict()
    entries = list(cache_home.glob("program-*.bin"))
    assert len(calls) == 1 and len(entries) == 1
    assert entries[0].stat().st_mode & 0o777 == 0o600
    assert _verdict() == first and first[0] is False and "OF-COVERAGE" in first[1]
    assert len(calls) == 1  # read back, not compiled


def test_a_damaged_entry_is_compiled_afresh_and_replaced(cache_home, monkeypatch):
    calls = _count_compiles(monkeypatch)
    expected = _verdict()
    entry = next(cache_home.glob("program-*.bin"))
    raw = bytearray(entry.read_bytes())
    for at in (len(raw) // 2, len(raw) - 1):  # a flipped byte, then a truncated file
        damaged = raw.copy()
        damaged[at] ^= 0xFF
        entry.write_bytes(bytes(damaged) if at != len(raw) - 1 else bytes(raw[:at]))
        assert _verdict() == expected
    assert len(calls) == 3
    assert entry.read_bytes() == bytes(raw)  # rewritten whole


def test_the_key_binds_every_input():
    modules = [("a.rego", "package a\nx := 1\n")]
    base = program_cache.key("{}", modules, ["data.a.x"])
    assert program_cache.key("{}", modules, ["data.a.x"]) == base
    assert program_cache.key('{"a": 1}', modules, ["data.a.x"]) != base
    assert program_cache.key("{}", [("a.rego", "package a\nx := 2\n")], ["data.a.x"]) != base
    assert program_cache.key("{}", [("b.rego", "package a\nx := 1\n")], ["data.a.x"]) != base
    assert program_cache.key("{}", modules, ["data.a.y"]) != base


def test_no_cache_folder_means_compiling_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("AACOMPLIANCE_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    calls = _count_compiles(monkeypatch)
    _verdict()
    _verdict()
    assert len(calls) == 2 and not (tmp_path / "cache" / "aacompliance").exists()


def test_an_entry_others_can_write_is_never_read(cache_home, monkeypatch):
    calls = _count_compiles(monkeypatch)
    _verdict()
    entry = next(cache_home.glob("program-*.bin"))
    entry.chmod(0o666)
    _verdict()
    assert len(calls) == 2
