"""JSON (one object) and JSON lines (one decision per line), written as results come."""
from __future__ import annotations

import json

import orjson

from aacompliance.render import Writer


def _dump(value) -> str:
    # Each document is encoded on its own (no copy of the whole report is ever built), by
    # orjson: a sixth of the time of json's C encoder, which matters in the parent of
    # `--jobs N`, where every report is written. orjson refuses what is not valid UTF-8
    # (a lone surrogate from a document's escape): json's encoder writes that one.
    try:
        return orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _problems(report) -> list[dict]:
    return [{"path": p.path, **p.as_dict()} for p in report.problems]


class JsonWriter(Writer):
    """``{"documents": [...], "summary": {...}, "errors": [...]}``, one document per line.

    The summary comes after the documents: it is known only once they are all written.
    """

    def start(self, report) -> None:
        self.out.write('{"documents": [')
        self._count = 0

    def document(self, result) -> None:
        self.out.write(("\n  " if not self._count else ",\n  ") + _dump(result.as_dict()))
        self._count += 1

    def finish(self, report) -> None:
        self.out.write(("\n ]" if self._count else "]") + ',\n "summary": ' + _dump(report.summary()))
        if report.problems:
            self.out.write(',\n "errors": ' + _dump(_problems(report)))
        if getattr(report, "skipped", None):
            self.out.write(',\n "skipped": ' + _dump(list(report.skipped)))
        if report.waivers:
            self.out.write(',\n "waivers": ' + _dump([w.as_dict() for w in report.waivers]))
        self.out.write("}\n")


class JsonLinesWriter(Writer):
    """One JSON object per line: one per document (the shape of ``--format json``'s
    documents; a path that could not be read is a line with ``errors``), flushed as it is
    decided, then a last line ``{"summary": {...}}`` (with ``skipped`` and ``waivers``, when the
    run had any)."""

    def start(self, report) -> None:
        for problem in report.problems:
            self.out.write(_dump({"path": problem.path, "kind": None, "id": None, "errors": [problem.as_dict()]}) + "\n")

    def document(self, result) -> None:
        self.out.write(_dump(result.as_dict()) + "\n")
        self.out.flush()

    def finish(self, report) -> None:
        last = {"summary": report.summary()}
        if getattr(report, "skipped", None):
            last["skipped"] = list(report.skipped)
        if report.waivers:
            last["waivers"] = [w.as_dict() for w in report.waivers]
        self.out.write(_dump(last) + "\n")
