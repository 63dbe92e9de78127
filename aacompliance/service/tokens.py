"""API tokens: named, scoped, stored only as hashes.

A token is 32 random bytes from :mod:`secrets` (256 bits), shown once as
``aac_<urlsafe base64>``. The file keeps ``sha256(token)`` only. A slow password
hash (scrypt, argon2) exists to make guessing a *low-entropy* secret expensive;
a 256-bit random token cannot be guessed whatever the hash costs, so SHA-256 is
enough and keeps each request's check to a microsecond (a slow hash on every
API call would cap the service's throughput). Comparisons are constant-time.

The file is JSON, written atomically with mode 0600::

    {"version": 1, "tokens": [{"name", "scopes", "sha256", "created"}]}
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from aacompliance.errors import AacError, InputError, Problem, UsageError

#: What a token may do. ``check`` also grants the read-only catalogue endpoints.
SCOPES = ("check", "statement", "diff")
PREFIX = "aac_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass(frozen=True)
class Token:
    name: str
    scopes: tuple[str, ...]
    sha256: str
    created: str

    def as_dict(self) -> dict:
        return {"name": self.name, "scopes": list(self.scopes), "sha256": self.sha256, "created": self.created}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_scopes(text: str) -> tuple[str, ...]:
    scopes = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise UsageError(f"unknown scope(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(SCOPES)}")
    return scopes


class TokenStore:
    """The tokens file: add, list, revoke, and authenticate a presented token."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._tokens: list[Token] | None = None
        self._mtime: float | None = None

    # -- file ----------------------------------------------------------------

    def _read(self) -> list[Token]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise UsageError(f"cannot read tokens file {self.path}: {exc.strerror or exc}") from None
        try:
            raw = json.loads(text)
            return [Token(t["name"], tuple(t["scopes"]), t["sha256"], t.get("created", "")) for t in raw["tokens"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(Problem(str(self.path), f"not an aacompliance tokens file ({exc})")) from None

    def tokens(self) -> list[Token]:
        """The tokens, re-read when the file changed (``tokens revoke`` takes effect
        on a running server without a restart)."""
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if self._tokens is None or mtime != self._mtime:
            self._tokens, self._mtime = self._read(), mtime
        return self._tokens

    def _write(self, tokens: list[Token]) -> None:
        from aacompliance.util.files import write_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"version": 1, "tokens": [t.as_dict() for t in tokens]}, indent=2) + "\n"
        write_atomic(self.path, body, mode=0o600)
        self._tokens = None

    # -- commands --------------------------------------------------------------

    def add(self, name: str, scopes: tuple[str, ...]) -> str:
        """Create a token; return the secret (the only time it exists in clear)."""
        if not _NAME.match(name):
            raise UsageError(f"token name {name!r}: use letters, digits, '.', '_', '@', '-' (at most 64)")
        tokens = self._read()
        if any(t.name == name for t in tokens):
            raise UsageError(f"a token named {name!r} already exists in {self.path}; revoke it first")
        secret = PREFIX + secrets.token_urlsafe(32)
        created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        self._write([*tokens, Token(name, scopes, digest(secret), created)])
        return secret

    def revoke(self, name: str) -> None:
        tokens = self._read()
        kept = [t for t in tokens if t.name != name]
        if len(kept) == len(tokens):
            raise UsageError(f"no token named {name!r} in {self.path}")
        self._write(kept)

    # -- requests ----------------------------------------------------------------

    def authenticate(self, secret: str | None) -> Token | None:
        """The token whose hash matches ``secret``; None when none does."""
        if not secret or not secret.startswith(PREFIX) or len(secret) > 128:
            return None
        presented = digest(secret)
        found = None
        for token in self.tokens():
            if hmac.compare_digest(token.sha256, presented):
                found = token
        return found


class TokenError(AacError):
    """A request without a valid token (401) or without the scope it needs (403)."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def check_file_mode(path: Path) -> str | None:
    """A warning when the tokens file is readable by others."""
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        return None
    return f"{path} is readable by group or others (mode {mode:o}); chmod 600 it" if mode & 0o077 else None
