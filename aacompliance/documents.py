"""Finding, reading and validating the documents users submit (SPEC §3)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from . import yamlio
from .errors import InputError, Problem
from .schemas import DOCUMENT_KINDS
from .validation import SchemaValidator

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Document:
    path: str
    text: str
    data: dict

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @functools.cached_property
    def _lines(self) -> yamlio.LineFinder:
        return yamlio.LineFinder(self.text)

    def problem(self, field: str, message: str) -> Problem:
        """A problem at ``field`` of this document, with its line."""
        return Problem(self.path, message, self._lines.line(field), field)


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
        _validators[kind] = SchemaValidator(DOCUMENT_KINDS[kind])
    return _validators[kind]


def load(path: Path) -> Document:
    """Read, parse and schema-check one document; raise InputError with every problem."""
    return parse_document(yamlio.read_text(path), str(path))


def parse_document(text: str, path: str) -> Document:
    """Parse and schema-check one document already in memory (``path`` names it in errors
    and decides YAML or JSON)."""
    data = yamlio.parse(text, path)
    doc = Document(path, text, data)
    if not isinstance(data, dict):
        raise InputError(Problem(path, "expected a mapping with apiVersion and kind at the top", 1))
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in DOCUMENT_KINDS:
        known = ", ".join(DOCUMENT_KINDS)
        message = "required field is missing" if kind is None else f"unknown kind {kind!r}; expected one of {known}"
        raise InputError(doc.problem("kind", message))
    errors = _validator(kind).errors(data)
    if errors:
        raise InputError([doc.problem(fld, msg) for fld, msg in errors])
    return doc
