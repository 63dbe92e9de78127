"""The decision log: one JSON line per decision, shaped like OPA's decision logs.

Each entry says what was decided, when, under which terms and for whom::

    {"decision_id": "…", "timestamp": "2026-…Z", "path": "aacompliance/main/decision",
     "labels": {"app": "aacompliance", "version": "0.1.0", "engine": "regorus"},
     "bundles": {"aacompliance": {"revision": "sha256:…"}},
     "requested_by": "<token name>", "endpoint": "/v1/check",
     "input_sha256": "…", "input": … (only with --log-inputs),
     "result": {"compliant": false, "documents": [{"name", "kind", "id", "account",
                "contract", "compliant", "rules": ["OF-COVERAGE"], "input_sha256"}]},
     "accounts": ["NORD-77"], "metrics": {"timer_server_handler_ns": 812345}}

The file is rotated by size (``FILE``, ``FILE.1`` … ``FILE.N``, as
:class:`logging.handlers.RotatingFileHandler` does). Several worker processes share
it: each write and each rotation happens under an exclusive ``flock`` on
``FILE.lock``, and a writer reopens the file when another process rotated it.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import logging.handlers
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from aacompliance.errors import UsageError

DECISION_PATH = "aacompliance/main/decision"


class _SharedRotatingHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler made safe for several processes appending to one file."""

    def __init__(self, filename: str, max_bytes: int, backups: int):
        super().__init__(filename, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        os.chmod(filename, 0o600)
        self._lock_fd = os.open(filename + ".lock", os.O_RDWR | os.O_CREAT, 0o600)

    def _reopen_if_rotated(self) -> None:
        try:
            on_disk = os.stat(self.baseFilename).st_ino
        except FileNotFoundError:
            on_disk = None
        if self.stream is None or on_disk != os.fstat(self.stream.fileno()).st_ino:
            if self.stream is not None:
                self.stream.close()
            self.stream = self._open()

    def emit(self, record: logging.LogRecord) -> None:
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            self._reopen_if_rotated()
            super().emit(record)
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def doRollover(self) -> None:
        super().doRollover()
        os.chmod(self.baseFilename, 0o600)

    def close(self) -> None:
        super().close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def now_rfc3339() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


class DecisionLog:
    """Appends decisions to a size-rotated JSON-lines file (or nowhere, when no file is set)."""

    def __init__(self, path: str | Path | None, *, max_bytes: int = 50 * 1024 * 1024, backups: int = 10):
        self.path = Path(path) if path else None
        self._logger: logging.Logger | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            logger = logging.getLogger(f"aacompliance.decisions.{id(self)}")
            logger.propagate = False
            logger.setLevel(logging.INFO)
            handler = _SharedRotatingHandler(str(self.path), max_bytes, backups)
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)
            self._logger = logger

    def append(self, entry: dict) -> None:
        if self._logger is not None:
            self._logger.info(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))

    def close(self) -> None:
        if self._logger is not None:
            for handler in list(self._logger.handlers):
                handler.close()
                self._logger.removeHandler(handler)
            self._logger = None


# -- reading (``aacompliance decisions``) ------------------------------------------------

def log_files(path: str | Path) -> list[Path]:
    """The log and its rotated files, newest first."""
    path = Path(path)
    if not path.exists() and not path.with_name(path.name + ".1").exists():
        raise UsageError(f"no decision log at {path}")
    rotated = sorted((p for p in path.parent.glob(path.name + ".*") if p.suffix[1:].isdigit()),
                     key=lambda p: int(p.suffix[1:]))
    return ([path] if path.exists() else []) + rotated


def entries(path: str | Path) -> Iterator[dict]:
    """Every entry, oldest first (a torn or foreign line is skipped)."""
    for file in reversed(log_files(path)):
        with open(file, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and "decision_id" in entry:
                    yield entry


def find(path: str | Path, decision_id: str) -> dict | None:
    for entry in entries(path):
        if entry["decision_id"] == decision_id:
            return entry
    return None


def select(path: str | Path, *, account: str | None = None, since: str | None = None,
           verdict: str | None = None) -> Iterator[dict]:
    """Entries for ``account`` (any of its documents), from ``since`` (a timestamp prefix
    compares as text), with ``verdict`` ``compliant``/``violations``/``errors``."""
    for entry in entries(path):
        if account is not None and account not in entry.get("accounts", []):
            continue
        if since is not None and entry.get("timestamp", "") < since:
            continue
        if verdict is not None and _verdict(entry) != verdict:
            continue
        yield entry


def _verdict(entry: dict) -> str:
    compliant = entry.get("result", {}).get("compliant")
    return {True: "compliant", False: "violations"}.get(compliant, "errors")
