"""The layout holds: floors respected (import-linter), no import circle, every command documented."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aacompliance.cli import main
from conftest import ROOT


def test_layers_contract_is_kept():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_import_circle():
    import grimp

    graph = grimp.build_graph("aacompliance", cache_dir=None)
    modules = sorted(graph.modules)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str):
        state[module] = 1
        stack.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported == "aacompliance":
                continue  # the package's lazy re-exports
            if state.get(imported) == 1:
                cycle = stack[stack.index(imported):] + [imported]
                pytest.fail("import circle: " + " → ".join(cycle))
            if imported not in state:
                visit(imported)
        stack.pop()
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module)


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in _commands(main)])
def test_every_command_has_help_and_is_documented(path):
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    command = dict((" ".join(p), c) for p, c in _commands(main))[path]
    assert (command.help or "").strip(), f"{path} has no help text"
    docs = (ROOT / "README.md").read_text() + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    assert f"aacompliance {path}" in docs, f"`aacompliance {path}` is not documented in README.md or docs/"
