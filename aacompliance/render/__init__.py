"""Report formats, all written from one result model (:mod:`aacompliance.pipeline.results`).

The registry below is the only list of formats: ``--format`` choices come from it.
Every format is a :class:`Writer` that writes a report to a text stream as it goes —
``start`` (the problems found before any document), one ``document`` per result, as
results come, and ``finish`` (the summary) — so that ``aacompliance check`` holds no
more than one result at a time, however many documents it judges. :func:`render`
writes a whole report held in memory to a string.
"""
from __future__ import annotations

import importlib
import io
import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

#: Format name → (module, Writer class). Modules are imported only when their format is used.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("aacompliance.render.text", "TextWriter"),
    "json": ("aacompliance.render.jsonfmt", "JsonWriter"),
    "jsonl": ("aacompliance.render.jsonfmt", "JsonLinesWriter"),
    "junit": ("aacompliance.render.junit", "JunitWriter"),
    "sarif": ("aacompliance.render.sarif", "SarifWriter"),
    "github": ("aacompliance.render.github", "GithubWriter"),
}


class Writer:
    """One report format, written to ``out`` a document at a time.

    Options every writer accepts (and ignores when they do not apply): ``color`` (text),
    ``quiet`` (text: the summary only), ``rules`` (the rule catalogue, for SARIF).
    """

    #: Written for people (the text format) rather than for programs.
    for_people = False

    def __init__(self, out: TextIO, *, color: bool | None = None, quiet: bool = False, rules=(), **_options):
        self.out = out
        self.color = bool(color)
        self.quiet = quiet
        self.rules = list(rules or ())

    def start(self, report) -> None:
        """Before any document: ``report.problems`` (paths that could not be read) are known."""

    def document(self, result) -> None:
        raise NotImplementedError

    def finish(self, report) -> None:
        """After the last document: ``report.summary()`` counts every document."""


def format_names() -> list[str]:
    return list(FORMATS)


def writer_class(fmt: str) -> type[Writer]:
    module, name = FORMATS[fmt]
    return getattr(importlib.import_module(module), name)


def writer(fmt: str, out: TextIO, **options) -> Writer:
    return writer_class(fmt)(out, **options)


def render(report, fmt: str, *, color: bool | None = None, rules=None, **options) -> str:
    """A whole report (held in memory) in one format, as a string."""
    buffer = io.StringIO()
    w = writer(fmt, buffer, color=color, rules=rules or [], **options)
    w.start(report)
    for result in report.documents:
        w.document(result)
    w.finish(report)
    return buffer.getvalue()


def render_json(report, **options) -> str:
    """The report as ``--format json`` (for the service, which answers with it)."""
    return render(report, "json", **options)


def renderer(fmt: str):
    """``render`` for one format: ``renderer("json")(report)``."""
    return lambda report, **options: render(report, fmt, **options)


def relative_path(path: str) -> str:
    """``path`` relative to the current folder, with forward slashes, when it is inside it
    (CI annotations and SARIF locate files from the repository's root); else unchanged."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    text = candidate.as_posix()
    return text[2:] if text.startswith("./") else text


def relative_uri(path: str) -> tuple[str, bool]:
    """A URI for ``path``: (relative URI, True) inside the current folder, else (file URI, False)."""
    rel = relative_path(path)
    if os.path.isabs(rel):
        return Path(rel).as_uri(), False
    return quote(rel), True
