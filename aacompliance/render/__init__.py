"""Output formats, all rendered from one :class:`~aacompliance.results.Report`."""
from __future__ import annotations

FORMATS = ("text", "json", "junit", "sarif")


def render(report, fmt: str, *, color: bool | None = None, rules=None) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "junit":
        from aacompliance.render.junit import render_junit
        return render_junit(report)
    if fmt == "sarif":
        from aacompliance.render.sarif import render_sarif
        return render_sarif(report, rules or [])
    from aacompliance.render.text import render_text
    return render_text(report, color=color)


def render_json(report) -> str:
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
    return out + "}\n"
