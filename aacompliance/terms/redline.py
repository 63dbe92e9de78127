"""Renderings of a RevisionDiff: text (coloured), markdown, json, html (redline)."""
from __future__ import annotations

import html
import json

from aacompliance.terms.diff import BETTER, WORSE, RevisionDiff

_ARROW = "→"


def _group(key: str) -> str:
    parts = key.split(".")
    return parts[1] if parts[0] == "plans" else ""


def _cite(clause: dict | None) -> str:
    if not clause:
        return "—"
    line = f", line {clause['line']}" if clause.get("line") else ""
    return f"{clause['id']} ({clause.get('section', '')}{line})"


def _summary(d: RevisionDiff) -> str:
    return (f"{d.old.contract_id} {d.old.version} ({d.old.status}) {_ARROW} "
            f"{d.new.contract_id} {d.new.version} ({d.new.status}): "
            + ("identical" if d.identical else f"{len(d.changes)} change(s)"))


def _groups(d: RevisionDiff):
    names = {p: d.new.terms["plans"].get(p, d.old.terms["plans"].get(p, {})).get("label", {}).get("en", p)
             for p in {_group(c.key) for c in d.changes} if p}
    order = [p for p in d.new.plan_ids if p in names] + [p for p in d.old.plan_ids if p in names and
                                                         p not in d.new.plan_ids]
    for group in order + [""]:
        changes = [c for c in d.changes if _group(c.key) == group]
        if changes:
            yield (names.get(group) or "All plans"), changes


def _value_line(c, lang="en") -> str:
    label = c.label[lang]
    if c.kind == "changed":
        return f"{label}: {c.old.display[lang]} {_ARROW} {c.new.display[lang]}"
    if c.kind == "added":
        return f"{label}: added ({c.new.display[lang]})"
    if c.kind == "removed":
        return f"{label}: removed (was {c.old.display[lang]})"
    return f"{label}: reworded"


def render_text(d: RevisionDiff, color: bool = False) -> str:
    def paint(text, code):
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines = [paint(_summary(d), "1")]
    for title, changes in _groups(d):
        lines.append("")
        lines.append(paint(f"== {title}", "1"))
        for c in changes:
            mark = {"added": "+", "removed": "-", "changed": "~", "reworded": "~"}[c.kind]
            direction = ""
            if c.direction:
                direction = "  " + paint(f"[{c.direction} for the customer]",
                                         "32" if c.direction == BETTER else "31" if c.direction == WORSE else "33")
            lines.append(f"  {mark} {_value_line(c)}{direction}")
            if c.kind == "reworded":
                words = " ".join(paint(f"[-{t}-]", "31") if op == "delete" else paint(f"{{+{t}+}}", "34")
                                 if op == "insert" else t for op, t in c.words)
                lines.append(f"      {words}")
            else:
                lines.append(paint(f"      old: {_cite(c.old.clause if c.old else None)}", "2"))
                lines.append(paint(f"      new: {_cite(c.new.clause if c.new else None)}", "2"))
    return "\n".join(lines) + "\n"


def render_markdown(d: RevisionDiff) -> str:
    lines = [f"# Contract diff", "", _summary(d)]
    for title, changes in _groups(d):
        lines += ["", f"## {title}", "", "| change | old | new | for the customer | clauses (old / new) |",
                  "|---|---|---|---|---|"]
        for c in changes:
            if c.kind == "reworded":
                words = " ".join(f"~~{t}~~" if op == "delete" else f"**{t}**" if op == "insert" else t
                                 for op, t in c.words)
                lines.append(f"| {c.label['en']} (reworded) | | {words.replace('|', '/')} | | |")
                continue
            old = c.old.display["en"] if c.old else "—"
            new = c.new.display["en"] if c.new else "—"
            cites = f"{_cite(c.old.clause if c.old else None)} / {_cite(c.new.clause if c.new else None)}"
            lines.append(f"| {c.label['en']} ({c.kind}) | {old} | {new} | {c.direction or ''} | "
                         f"{cites.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def render_json(d: RevisionDiff) -> str:
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"


_CSS = """body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}
del{color:#c00;text-decoration:line-through}ins{color:#0645ad;text-decoration:underline}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
.better{color:#060}.worse{color:#c00}.cite{color:#666;font-size:.85em}"""


def render_html(d: RevisionDiff) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(_summary(d))}</title><style>{_CSS}</style></head><body>",
           f"<h1>Contract redline</h1><p>{e(_summary(d))}</p>"]
    for title, changes in _groups(d):
        out.append(f"<h2>{e(title)}</h2><table><tr><th>term</th><th>redline</th><th>for the customer</th>"
                   "<th>clauses</th></tr>")
        for c in changes:
            if c.kind == "reworded":
                red = " ".join(f"<del>{e(t)}</del>" if op == "delete" else f"<ins>{e(t)}</ins>" if op == "insert"
                               else e(t) for op, t in c.words)
            else:
                red = " ".join(filter(None, [f"<del>{e(c.old.display['en'])}</del>" if c.old else "",
                                             f"<ins>{e(c.new.display['en'])}</ins>" if c.new else ""]))
            cites = (f"old: {e(_cite(c.old.clause if c.old else None))}<br>"
                     f"new: {e(_cite(c.new.clause if c.new else None))}")
            out.append(f"<tr><td>{e(c.label['en'])}</td><td>{red}</td>"
                       f"<td class=\"{e(c.direction or '')}\">{e(c.direction or '')}</td>"
                       f"<td class=\"cite\">{cites}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json, "html": render_html}
