"""Report formats, all rendered from one :class:`~aacompliance.pipeline.results.Report`.

The registry below is the only list of formats: ``--format`` choices come from it.
A renderer takes the report and keyword options (``color``, ``rules``) and returns text.
"""
from __future__ import annotations

import importlib
from typing import Callable

#: Format name → (module, function). Modules are imported only when their format is used.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("aacompliance.render.text", "render_text"),
    "json": ("aacompliance.render", "render_json"),
    "junit": ("aacompliance.render.junit", "render_junit"),
    "sarif": ("aacompliance.render.sarif", "render_sarif"),
}


def format_names() -> list[str]:
    return list(FORMATS)


def renderer(fmt: str) -> Callable[..., str]:
    module, function = FORMATS[fmt]
    return getattr(importlib.import_module(module), function)


def render(report, fmt: str, *, color: bool | None = None, rules=None) -> str:
    return renderer(fmt)(report, color=color, rules=rules or [])


def render_json(report, **_options) -> str:
    """The report as JSON: the summary, then one document per line.

    The same value as ``json.dumps(report.as_dict())``, but each document is encoded on
    its own by the C encoder (indentation would force the slow pure-Python encoder) and
    no second copy of the whole report is built.
    """
    import json

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    documents = ",\n".join("  " + dump(d.as_dict()) for d in report.documents)
    out = '{"summary": ' + dump(report.summary()) + ',\n "documents": [' + (f"\n{documents}\n " if documents else "")
    out += "]"
    if report.problems:
        out += ',\n "errors": ' + dump([{"path": p.path, **p.as_dict()} for p in report.problems])
    if report.waivers:
        out += ',\n "waivers": ' + dump([w.as_dict() for w in report.waivers])
    return out + "}\n"
