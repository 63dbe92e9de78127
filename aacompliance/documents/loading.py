"""Finding, reading and validating the documents users submit (SPEC §3)."""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.documents.base import Document
from aacompliance.documents.registry import KINDS
from aacompliance.errors import InputError, Problem
from aacompliance.util import yamlio
from aacompliance.util.files import DOCUMENT_SUFFIXES, is_document_name
from aacompliance.util.validation import SchemaValidator

SUFFIXES = DOCUMENT_SUFFIXES
#: The path that names standard input.
STDIN = "-"


@dataclass
class Discovery:
    """What ``discover`` found: the document files, the problems, what it skipped and why."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files inside the folders given that are not documents by their suffix.
    skipped: list[str] = field(default_factory=list)
    #: ``-`` was named: one document is read from standard input.
    stdin: bool = False
    #: (device, inode) of every file found: the same file is found once.
    inodes: set = field(default_factory=set, repr=False)

    def includes(self, path: str | Path) -> bool:
        """Whether ``path`` is (a link or a hard link to) one of the files found."""
        try:
            st = os.stat(path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) in self.inodes

    def __iter__(self):  # files, problems = discover(...)
        return iter((self.files, self.problems))

    def __getitem__(self, index):  # discover(...)[0]: the files, as when it returned a pair
        return (self.files, self.problems)[index]


_SPECIAL = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
            (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def special_kind(mode: int) -> str | None:
    """What a file that is neither a folder nor a regular file is, or None."""
    for test, name in _SPECIAL:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a regular file"


def _not_regular(path: str, what: str) -> Problem:
    hint = "; use - to read a document from standard input" if "FIFO" in what or "character" in what else ""
    return Problem(path, f"not a regular file: {what}, not a document{hint}")


def _cannot(path: str, exc: OSError) -> Problem:
    if isinstance(exc, FileNotFoundError):
        return Problem(path, "no such file or directory")
    return Problem(path, f"cannot read: {(exc.strerror or str(exc)).lower()}")


def discover(paths: list[str]) -> Discovery:
    """Every document file under ``paths`` (folders recursively), in a stable order.

    Never shrinks the input silently: an unreadable folder or file, a special file (FIFO,
    device, socket: never opened) and a broken link are problems naming them; files in a
    folder that are not documents by their suffix are listed in ``skipped``. The same file
    named twice (also through a link, or as ``./x`` and ``x``) counts once; links to
    folders are followed once (a loop ends)."""
    found = Discovery()
    seen: set[tuple[int, int]] = found.inodes
    folders: set[tuple[int, int]] = set()

    def add(path: Path, st: os.stat_result) -> None:
        key = (st.st_dev, st.st_ino)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    def walk(folder: Path, st: os.stat_result) -> None:
        key = (st.st_dev, st.st_ino)
        if key in folders:
            return  # a link back to a folder already walked: a loop, or the same folder twice
        folders.add(key)
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as exc:
            found.problems.append(_cannot(str(folder), exc))
            return
        subfolders = []
        for name in names:
            path = folder / name
            try:
                st_item = os.stat(path)
            except OSError as exc:
                if is_document_name(name) or os.path.isdir(path):
                    found.problems.append(_cannot(str(path), exc))  # e.g. a broken link named *.yaml
                else:
                    found.skipped.append(str(path))
                continue
            if stat.S_ISDIR(st_item.st_mode):
                subfolders.append((path, st_item))
            elif not is_document_name(name):
                found.skipped.append(str(path))
            elif stat.S_ISREG(st_item.st_mode):
                add(path, st_item)
            else:
                found.problems.append(_not_regular(str(path), special_kind(st_item.st_mode)))
        for path, st_item in subfolders:
            walk(path, st_item)

    for raw in paths:
        if raw == STDIN:
            found.stdin = True
            continue
        path = Path(raw)
        try:
            st = os.stat(path)
        except OSError as exc:
            found.problems.append(_cannot(raw, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            walk(path, st)
        elif stat.S_ISREG(st.st_mode):
            add(path, st)  # named explicitly: a document whatever its suffix
        else:
            found.problems.append(_not_regular(raw, special_kind(st.st_mode)))
    return found


def read_document_bytes(path: Path, limit: int = yamlio.MAX_FILE_BYTES) -> bytes:
    """A document file's bytes, read safely: never blocks on a FIFO or reads a device
    endlessly (the file is opened non-blocking and must be a regular file), and stops
    past ``limit``."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(_cannot(name, exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(_not_regular(name, special_kind(st.st_mode)))
        if st.st_size > limit:
            raise InputError(Problem(name, f"file is {st.st_size} bytes, above the {limit}-byte limit"))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise InputError(_cannot(name, exc)) from None
    finally:
        os.close(fd)


def read_stdin(stream=None, limit: int = yamlio.MAX_FILE_BYTES) -> bytes:
    """One document from standard input (``-``), at most ``limit`` bytes (decode refuses more)."""
    stream = stream if stream is not None else sys.stdin.buffer
    return stream.read(limit + 1)


_validators: dict[str, SchemaValidator] = {}


def _validator(kind: str) -> SchemaValidator:
    if kind not in _validators:
        _validators[kind] = SchemaValidator(KINDS[kind].schema)
    return _validators[kind]


def load(path: Path) -> Document:
    """Read, parse and schema-check one document file; raise InputError with every problem."""
    return parse(yamlio.decode(read_document_bytes(Path(path)), str(path)), str(path))


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
