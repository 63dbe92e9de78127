"""Exceptions and exit codes.

Library code raises these; only the CLI turns them into text and an exit status.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    """Exit statuses of every ``aacompliance`` command (SPEC §5)."""

    OK = 0  #: every document compliant / revisions identical / signature valid
    VIOLATIONS = 1  #: at least one violation / revisions differ / verification failed
    INPUT = 2  #: unusable input or usage
    ENGINE = 3  #: the policy engine is unreachable or failed
    UNTRUSTED = 4  #: verify: signature intact and evidence consistent, but no trust anchor vouches for the signer


class AacError(Exception):
    """Base of every error aacompliance raises on purpose."""

    exit_code = ExitCode.INPUT


@dataclass(frozen=True)
class Problem:
    """One problem in one input file: where it is and what is wrong."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def as_dict(self) -> dict:
        out: dict = {"message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.field:
            out["field"] = self.field
        return out

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


class InputError(AacError):
    """An input file (document or contract revision) that cannot be used."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def __reduce__(self):
        return (type(self), (self.problems,))


class UsageError(AacError):
    """A command used wrongly (bad option value, missing revision, …)."""


class EngineError(AacError):
    """The policy engine is unreachable, timed out, or answered wrongly."""

    exit_code = ExitCode.ENGINE

    def __init__(self, engine: str, what: str, where: str | None = None):
        self.engine, self.what, self.where = engine, what, where
        text = f"policy engine {engine!r} failed: {what}"
        if where:
            text += f" ({where})"
        super().__init__(text)

    def __reduce__(self):
        return (type(self), (self.engine, self.what, self.where))
