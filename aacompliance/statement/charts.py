"""Charts for statements: SVG shapes (bars, marks) laid out with their labels in small
fixed-layout HTML tables.

The shapes are SVG written here as plain strings (no plotting library, no clock, no
randomness, two-decimal coordinates), so the same figures always give the same bytes.
Labels and values are HTML text beside the shapes, not SVG text: WeasyPrint sets SVG text
letter by letter (no shaping for Arabic or Devanagari, a text layer out of reading
order), HTML text is shaped, read in order by ``verify`` and screen readers, and cheaper.
Every chart carries a text alternative (``summary``), printed as its caption; each shape
has its own <title>; the tables under the charts list every figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

BAR_W, BAR_H = 200, 10
#: Rows drawn at most (the tables beside the charts carry every row).
MAX_ROWS = 40
MAX_COLUMNS = 10
GOOD, BAD, CAP, GRID, MUTED = "#1f7a3d", "#b3261e", "#0b3d63", "#d5dee7", "#9aa8b5"
MARKS = {"covered": "M5 10 L8.5 13.5 L15 6.5", "uncovered": "M6 6 L14 14 M14 6 L6 14", "out_of_scope": "M6 10 L14 10"}
COLOURS = {"covered": GOOD, "uncovered": BAD, "out_of_scope": MUTED}


@dataclass
class Chart:
    kind: str  #: "bars" or "grid"
    title: str
    summary: str
    rows: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    note: str | None = None


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _bar(share: float, colour: str, title: str, *, marker: float | None = None, dashed: bool = False) -> str:
    """A horizontal bar: ``share`` (0–1) of the track filled, a marker line at ``marker``."""
    body = [f'<rect width="{BAR_W}" height="{BAR_H}" fill="{GRID}"/>']
    if share > 0:
        body.append(f'<rect width="{_n(BAR_W * min(share, 1.0))}" height="{BAR_H}" fill="{colour}"/>')
    if marker is not None:
        x = _n(min(max(marker, 0.0), 1.0) * (BAR_W - 1.5) + 0.75)
        dash = ' stroke-dasharray="3 2"' if dashed else ""
        body.append(f'<path d="M{x} 0 V{BAR_H}" stroke="{CAP}" stroke-width="1.5"{dash}/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{BAR_W}" height="{BAR_H}">'
            f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def _mark(status: str, title: str, size: int = 20) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size}" height="{size}" viewBox="0 0 20 20">'
            f'<title>{escape(title)}</title><rect width="20" height="20" fill="{COLOURS[status]}"/>'
            f'<path d="{MARKS[status]}" fill="none" stroke="white" stroke-width="2"/></svg>')


def usage_vs_cap(rows: list[dict], *, title: str, summary: str) -> Chart | None:
    """Used against the cap, one bar per capped ledger row; the cap is the marker line
    (the track extends to the largest overrun), rows over their cap in red.
    ``rows``: label, used, cap, shown."""
    rows = [r for r in rows if r["cap"]][:MAX_ROWS]
    if not rows:
        return None
    scale = max(max(r["used"] / r["cap"] for r in rows), 1.0)
    out = []
    for r in rows:
        over = r["used"] > r["cap"]
        out.append({"label": r["label"], "shown": r["shown"], "over": over,
                    "svg": _bar(r["used"] / r["cap"] / scale, BAD if over else GOOD, f"{r['label']}: {r['shown']}",
                                marker=1 / scale)})
    return Chart("bars", title, summary, out)


def attainment(rows: list[dict], objective: float, *, title: str, summary: str, objective_label: str) -> Chart | None:
    """Share of incidents meeting their initial-response target, one bar per severity,
    the plan's objective as a dashed marker. ``rows``: label, percent or None, shown."""
    rows = rows[:MAX_ROWS]
    if not rows:
        return None
    out = []
    for r in rows:
        below = r["percent"] is not None and r["percent"] < objective
        out.append({"label": r["label"], "shown": r["shown"], "over": below,
                    "svg": _bar((r["percent"] or 0) / 100, BAD if below else GOOD, f"{r['label']}: {r['shown']}",
                                marker=objective / 100, dashed=True)})
    return Chart("bars", title, summary, out, note=objective_label)


def coverage_grid(rows: list[str], columns: list[str], cells: dict[tuple[str, str], str], *, title: str,
                  summary: str, legend: dict[str, str]) -> Chart | None:
    """Subscriptions (rows) by region (columns): a coloured, marked square where the
    subscription is, by its status (``covered``, ``uncovered``, ``out_of_scope``)."""
    if not rows or not columns:
        return None
    columns = columns[:MAX_COLUMNS]
    out = [{"label": row, "cells": [_mark(cells[(row, col)], legend[cells[(row, col)]]) if (row, col) in cells else ""
                                    for col in columns]}
           for row in rows[:MAX_ROWS]]
    marks = [{"svg": _mark(status, text, size=9), "text": text} for status, text in legend.items()]
    return Chart("grid", title, summary, out, columns=columns, legend=marks)
