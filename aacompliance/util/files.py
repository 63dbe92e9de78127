"""Writing outputs without ever destroying an input.

- A regular file is written atomically (a temporary file in the same folder, then a
  rename): a reader sees the previous file or the new one, never half of one. A link
  to a regular file is followed, so the link stays a link.
- Anything that is not a regular file (``/dev/null``, a FIFO, a terminal) is written
  straight to; a rename over it would replace the device with a plain file.
- A new file gets the mode the umask gives (as ``>`` in a shell); a replaced file keeps
  its mode.
- :func:`check_output` refuses, before any work, an output that names one of the inputs
  or that cannot be written; every failure is a :class:`UsageError` with a sentence.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from aacompliance.errors import UsageError


#: What makes a file in a folder a document (in any case: ``ORDER.YAML`` is one).
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def is_document_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_private(path: str | Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (a link is not followed) owned by this
    user, writable by no one else, and at most ``limit`` bytes; None otherwise. What a cache
    believes without checking it again must come from a file only this user could write."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o022
                or st.st_size > limit):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _cannot_write(path, exc: OSError) -> UsageError:
    return UsageError(f"cannot write {path}: {(exc.strerror or str(exc)).lower()}")


def write_atomic(path: str | Path, data: bytes | str, mode: int | None = None) -> None:
    """Write ``data`` to ``path``: atomically when it is (or will be) a regular file,
    straight to it otherwise. ``mode`` defaults to the existing file's, else 0o666 less
    the umask."""
    if isinstance(data, str):
        data = data.encode("utf-8", "backslashreplace")  # a lone surrogate from a document stays visible
    try:
        with _writer(Path(path), mode, binary=True) as handle:
            handle.write(data)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output(target: str | Path | None, *, files=(), folders=(), document_folders=(),
                 option: str = "--output") -> None:
    """Refuse, before any work, an output that would overwrite an input or cannot be written.

    ``files``: input files (compared by resolved path and by inode, so a link or a
    hard link to an input is refused too); ``folders``: inputs read whole (contracts,
    policies: nothing in them may be written); ``document_folders``: folders searched for
    documents (an existing document file in them may not be written)."""
    if not target:
        return
    real = os.path.realpath(target)
    try:
        st = os.stat(target)
    except OSError:
        st = None
    keys = set()
    for item in files:
        if item in (None, "-"):
            continue
        try:
            s = os.stat(item)
            keys.add((s.st_dev, s.st_ino))
        except OSError:
            pass
        if os.path.realpath(item) == real:
            raise UsageError(f"{option} {target} is one of the inputs; writing it would destroy it")
    if st is not None and stat.S_ISREG(st.st_mode):
        if (st.st_dev, st.st_ino) in keys:
            raise UsageError(f"{option} {target} is one of the inputs; writing it would destroy it")
        for folder in document_folders:
            if folder and _inside(real, os.path.realpath(folder)) and is_document_name(real):
                raise UsageError(f"{option} {target} is a document under the input {folder}; "
                                 "writing it would destroy it")
    for folder in folders:
        if folder and _inside(real, os.path.realpath(folder)):
            raise UsageError(f"{option} {target} is inside the input folder {folder}; write it elsewhere")
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{option} {target} is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            if not os.access(target, os.W_OK):
                raise UsageError(f"{option} {target} cannot be written: permission denied")
            return
    parent = os.path.dirname(real) or "."
    if not os.path.isdir(parent):
        raise UsageError(f"{option} {target} cannot be written: its folder {os.path.dirname(str(target))} "
                         "does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {target} cannot be written: its folder is not writable")


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: int | None = None) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` atomically when the block ends without
    an error (written as it goes, so a long report need not be held in memory).

    As :func:`write_atomic`: a device, a FIFO or a terminal is written straight to (never
    renamed over); a link to a regular file is followed; a new file gets 0o666 less the
    umask, a replaced one keeps its mode."""
    with _writer(Path(path), mode, binary=False) as handle:
        yield handle


@contextlib.contextmanager
def _writer(path: Path, mode: int | None, *, binary: bool):
    """The one mechanism behind both writers (see the module docstring)."""
    open_args = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "errors": "backslashreplace"}
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"cannot write {path}: it is a folder")
        try:
            handle = open(path, **open_args)  # a device, a FIFO, a terminal: never renamed over
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        with handle:
            yield handle
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # replace the file the link names, keep the link
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, **open_args) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
