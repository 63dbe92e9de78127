"""Finding, reading and validating the documents users submit (SPEC §3)."""
from __future__ import annotations

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
    #: Where each field is written (recorded by the parse; see :class:`yamlio.Lines`).
    lines: yamlio.Lines | None = None

    def __post_init__(self):
        if self.lines is None:
            self.lines = yamlio.Lines(self.data, None, self.text)

    @property
    def kind(self) -> str:
        return self.data["kind"]

    def problem(self, field: str, message: str) -> Problem:
        """A problem at ``field`` of this document, with its line."""
        return Problem(self.path, message, self.lines.line(field), field)


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
    text = yamlio.read_text(path)
    positions: dict = {}
    data = yamlio.parse(text, str(path), positions=positions)
    doc = Document(str(path), text, data, yamlio.Lines(data, positions, text))
    if not isinstance(data, dict):
        raise InputError(Problem(str(path), "expected a mapping with apiVersion and kind at the top", 1))
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in DOCUMENT_KINDS:
        known = ", ".join(DOCUMENT_KINDS)
        message = "required field is missing" if kind is None else f"unknown kind {kind!r}; expected one of {known}"
        raise InputError(doc.problem("kind", message))
    errors = _validator(kind).errors(data)
    if errors:
        raise InputError([doc.problem(fld, msg) for fld, msg in errors])
    return doc
