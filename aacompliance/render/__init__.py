"""Output formats, all rendered from one :class:`~aacompliance.results.Report`."""
from __future__ import annotations

FORMATS = ("text", "json", "junit", "sarif")


def render(report, fmt: str, *, color: bool | None = None, rules=None) -> str:
    if fmt == "json":
        import json
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        from .junit import render_junit
        return render_junit(report)
    if fmt == "sarif":
        from .sarif import render_sarif
        return render_sarif(report, rules or [])
    from .text import render_text
    return render_text(report, color=color)
