"""Compiled RVM programs kept between runs, so that `check` does not recompile the policies.

Compiling the policies and the data into a regorus program takes 25–40 ms, a sixth of a
one-file `check`; reading a compiled one back takes half a millisecond. A program is kept
in the same per-user cache folder as validated contract revisions
(:func:`aacompliance.terms.store.cache_dir`: a real folder, owned by this user, writable by
no one else), under a name that is the SHA-256 of everything it was compiled from — the
regorus version, this code's version, the data document, every Rego module and the
entrypoints — so a program is only ever reused for exactly the policies and terms that
produced it. The file carries the SHA-256 of its own bytes, checked on every read: a
truncated or damaged entry is recompiled and rewritten, never loaded.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import regorus

#: Bumped when the layout of an entry changes.
_FORMAT = b"aacompliance rvm program 1\n"
#: Larger entries are not read (today's programs are about 150 KiB).
_MAX_BYTES = 64 * 1024 * 1024


def _versions() -> str:
    """This code's version and the regorus build: its extension module's path, size and time
    (exact, and a stat instead of a scan of the installed distributions)."""
    from aacompliance.terms.store import _code_version

    try:
        native = Path(regorus.regorus.__file__ if hasattr(regorus, "regorus") else regorus.__file__)
        st = native.stat()
        engine = f"{native} {st.st_size} {st.st_mtime_ns}"
    except (AttributeError, OSError, TypeError):
        engine = "unknown"
    return f"regorus {engine}; aacompliance {_code_version()}"


def key(data_json: str, modules: list[tuple[str, str]], entrypoints: list[str]) -> str:
    """The name of the program compiled from exactly these inputs."""
    digest = hashlib.sha256(_FORMAT + _versions().encode() + b"\0")
    for part in (data_json, *(f"{path}\0{source}" for path, source in modules), *entrypoints):
        digest.update(hashlib.sha256(part.encode("utf-8")).digest())
    return digest.hexdigest()


def _read(path: Path) -> bytes | None:
    from aacompliance.util.files import read_private

    raw = read_private(path, _MAX_BYTES)
    if raw is None:
        return None
    head, digest, body = raw[:len(_FORMAT)], raw[len(_FORMAT):len(_FORMAT) + 32], raw[len(_FORMAT) + 32:]
    if head != _FORMAT or hashlib.sha256(body).digest() != digest:
        return None
    return body


def compile_program(data_json: str, modules: list[tuple[str, str]], entrypoints: list[str]):
    """The RVM program for ``entrypoints``: read from the cache when one was compiled from
    exactly these inputs, else compiled (and kept, when the cache folder is usable).
    Compilation errors propagate as regorus raises them."""
    from aacompliance.terms.store import cache_dir

    folder = cache_dir()
    path = folder / f"program-{key(data_json, modules, entrypoints)}.bin" if folder is not None else None
    if path is not None:
        body = _read(path)
        if body is not None:
            try:
                program, partial = regorus.Program.deserialize_binary(body)
                if not partial:
                    return program
            except (RuntimeError, ValueError):
                pass  # an entry this regorus cannot read: compile afresh and replace it
    program = regorus.Program.compile_from_modules(data_json, modules, entrypoints)
    if path is not None:
        _write(path, program)
    return program


def _write(path: Path, program) -> None:
    from aacompliance.errors import AacError
    from aacompliance.util.files import write_atomic

    try:
        body = bytes(program.serialize_binary())
        write_atomic(path, _FORMAT + hashlib.sha256(body).digest() + body, mode=0o600)
    except (OSError, RuntimeError, AacError):
        pass  # a read-only cache only costs speed
