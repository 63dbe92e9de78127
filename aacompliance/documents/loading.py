"""Finding, reading and validating the documents users submit (SPEC §3)."""
from __future__ import annotations

from pathlib import Path

from aacompliance.documents.base import Document
from aacompliance.documents.registry import KINDS
from aacompliance.errors import InputError, Problem
from aacompliance.util import yamlio
from aacompliance.util.validation import SchemaValidator

SUFFIXES = (".yaml", ".yml", ".json")


def discover(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """Every document file under ``paths`` (folders recursively), in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            found = [path]
        else:
            problems.append(Problem(raw, "no such file or directory"))
            continue
        for item in found:
            if item not in seen:
                seen.add(item)
                files.append(item)
    return files, problems


_validators: dict[str, SchemaValidator] = {}


def _validator(kind: str) -> SchemaValidator:
    if kind not in _validators:
        _validators[kind] = SchemaValidator(KINDS[kind].schema)
    return _validators[kind]


def load(path: Path) -> Document:
    """Read, parse and schema-check one document file; raise InputError with every problem."""
    return parse(yamlio.read_text(path), str(path))


def parse(text: str, name: str = "<input>") -> Document:
    """Parse and schema-check one document given as text (YAML or JSON); ``name`` is what
    problems call it. Raise InputError with every problem."""
    positions: dict = {}
    data = yamlio.parse(text, name, positions=positions)
    doc = Document(name, text, data, positions)
    if not isinstance(data, dict):
        raise InputError(Problem(name, "expected a mapping with apiVersion and kind at the top", 1))
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        known = ", ".join(KINDS)
        message = "required field is missing" if kind is None else f"unknown kind {kind!r}; expected one of {known}"
        raise InputError(doc.problem("kind", message))
    errors = _validator(kind).errors(data)
    if errors:
        raise InputError([doc.problem(fld, msg) for fld, msg in errors])
    return doc
