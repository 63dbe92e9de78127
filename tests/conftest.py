from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: The French source text of the terms, beside the repository (a worktree sits one level deeper).
SOURCE_TEXT = next((p for p in (base / "shared" / "seeds" / "000_931afb1389baa8d2.txt"
                                for base in (ROOT.parent, ROOT.parent.parent)) if p.exists()),
                   ROOT.parent / "shared" / "seeds" / "000_931afb1389baa8d2.txt")


def available_engines() -> list[str]:
    engines = ["regorus"]
    if importlib.util.find_spec("opa_bindings"):
        engines.append("opa-go")
    return engines


def expected_rules(path: Path) -> list[str] | None:
    """The verdict a document declares: `# expected: compliant` or `# expected: RULE, RULE (...)`."""
    sidecar = path.with_suffix(".expected")
    text = sidecar.read_text() if sidecar.exists() else path.read_text()
    match = re.search(r"^# expected: (.+)$", text, re.M)
    if not match:
        return None
    verdict = re.sub(r"\(.*\)", "", match.group(1)).strip()
    if verdict == "compliant":
        return []
    return sorted(r.strip() for r in verdict.split(","))


def documents_with_verdicts() -> list[Path]:
    paths = sorted((ROOT / "examples").glob("*.y*ml")) + sorted((DATA / "documents").glob("*"))
    return [p for p in paths if p.suffix in (".yaml", ".yml", ".json") and expected_rules(p) is not None]


@pytest.fixture
def contracts_copy(tmp_path) -> Path:
    """A writable copy of the contracts folder."""
    target = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", target)
    return target
