"""`aacompliance check` on the examples and test documents, with a golden output per format.

These goldens pin what every user-facing format says, so that moving code around is proven
to keep behaviour. Regenerate deliberately with AAC_UPDATE_GOLDEN=1 and review the diff.
"""
from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from conftest import DATA, ROOT

GOLDEN = DATA / "golden"
INPUTS = ["examples", "tests/data/documents"]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _normalise(text: str) -> str:
    # The tool's own version is not behaviour, nor is the folder the check ran in (SARIF's SRCROOT).
    text = re.sub(r'("version": )"\d+\.\d+\.\d+[^"]*"', r'\1"X"', text)
    return text.replace(ROOT.as_uri() + "/", "file:///ROOT/")


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "junit", "sarif", "github"])
def test_check_output_matches_golden(fmt):
    result = CliRunner().invoke(main, ["check", "--format", fmt, "--no-color", *INPUTS], catch_exceptions=False)
    assert result.exit_code == 1, result.output  # the examples break OF-COVERAGE on purpose
    out = _normalise(result.output)
    path = GOLDEN / f"check.{fmt}"
    if os.environ.get("AAC_UPDATE_GOLDEN"):
        path.write_text(out)
    assert out == path.read_text()
