"""Inline SVG charts for statements: plain strings, no plotting library, no clock, no
randomness, so the same figures always give the same bytes.

Each chart comes with its text alternative (``summary``), printed as the figure's
caption and kept as the SVG's <title>/<desc>; the tables beside the charts carry the
same figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 480
#: Rows drawn at most (the tables beside the charts carry every row).
MAX_ROWS = 40
ROW = 18
LABEL_W = 190
BAR_W = WIDTH - LABEL_W - 90
FONT = "'Noto Sans', 'Noto Sans CJK JP', 'DejaVu Sans', sans-serif"
GOOD, BAD, CAP, GRID, MUTED = "#1f7a3d", "#b3261e", "#0b3d63", "#d5dee7", "#9aa8b5"


@dataclass
class Chart:
    svg: str
    summary: str


def _n(value: float) -> str:
    """Coordinates with two decimals at most (stable text)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(height: float, title: str, summary: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{_n(height)}" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" font-family="{escape(FONT)}" font-size="8">'
            f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>{''.join(body)}</svg>")


def _width(text: str) -> float:
    """Approximate width of ``text`` at the charts' 8 px (wide East Asian characters count double)."""
    import unicodedata

    return sum(8.0 if unicodedata.east_asian_width(ch) in "WF" else 4.6 for ch in text)


def _label(x: float, y: float, text: str, anchor: str = "start", fill: str = "#1d2733") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'


def usage_vs_cap(rows: list[dict], *, title: str, summary: str) -> Chart | None:
    """One bar per capped ledger row: used against the cap (the cap is the full bar's
    end line); rows over their cap in red. ``rows``: label, used, cap, shown."""
    rows = [r for r in rows if r["cap"]][:MAX_ROWS]
    if not rows:
        return None
    scale = max(max(r["used"] / r["cap"] for r in rows), 1.0)
    body = []
    for i, r in enumerate(rows):
        y = 6 + i * ROW
        share = r["used"] / r["cap"] / scale
        over = r["used"] > r["cap"]
        body.append(_label(0, y + 10, r["label"]))
        body.append(f'<rect x="{LABEL_W}" y="{_n(y + 2)}" width="{BAR_W}" height="11" fill="{GRID}"/>')
        body.append(f'<rect x="{LABEL_W}" y="{_n(y + 2)}" width="{_n(BAR_W * share)}" height="11" '
                    f'fill="{BAD if over else GOOD}"/>')
        cap_x = LABEL_W + BAR_W / scale
        body.append(f'<line x1="{_n(cap_x)}" y1="{_n(y)}" x2="{_n(cap_x)}" y2="{_n(y + 15)}" stroke="{CAP}" '
                    'stroke-width="1.5"/>')
        body.append(_label(LABEL_W + BAR_W + 6, y + 10, r["shown"], fill=BAD if over else "#1d2733"))
    return Chart(_svg(12 + len(rows) * ROW, title, summary, body), summary)


def attainment(rows: list[dict], objective: float, *, title: str, summary: str, objective_label: str) -> Chart | None:
    """One bar per severity: share of incidents whose initial response met its target,
    against the plan's objective (vertical line). ``rows``: label, percent or None, shown."""
    rows = rows[:MAX_ROWS]
    if not rows:
        return None
    body = []
    top = 14
    for i, r in enumerate(rows):
        y = top + i * ROW
        body.append(_label(0, y + 10, r["label"]))
        body.append(f'<rect x="{LABEL_W}" y="{_n(y + 2)}" width="{BAR_W}" height="11" fill="{GRID}"/>')
        if r["percent"] is not None:
            below = r["percent"] < objective
            body.append(f'<rect x="{LABEL_W}" y="{_n(y + 2)}" width="{_n(BAR_W * r["percent"] / 100)}" '
                        f'height="11" fill="{BAD if below else GOOD}"/>')
        body.append(_label(LABEL_W + BAR_W + 6, y + 10, r["shown"]))
    x = LABEL_W + BAR_W * objective / 100
    bottom = top + len(rows) * ROW
    body.append(f'<line x1="{_n(x)}" y1="{_n(top - 2)}" x2="{_n(x)}" y2="{_n(bottom)}" stroke="{CAP}" '
                'stroke-width="1.5" stroke-dasharray="3 2"/>')
    body.append(_label(x, top - 5, objective_label, anchor="middle", fill=CAP))
    return Chart(_svg(bottom + 6, title, summary, body), summary)


def coverage_grid(rows: list[str], columns: list[str], cells: dict[tuple[str, str], str], *, title: str,
                  summary: str, legend: dict[str, str]) -> Chart | None:
    """Subscriptions (rows) by region (columns); a cell's status is ``covered``,
    ``uncovered`` or ``out_of_scope``, drawn as a coloured square with a mark."""
    if not rows or not columns:
        return None
    rows = rows[:MAX_ROWS]  # the table below the chart lists every subscription
    cell = 22
    left = LABEL_W
    column = max(cell, min(40, (WIDTH - left) / len(columns)))
    columns = columns[: int((WIDTH - left) // column)]
    top = 16
    colours = {"covered": GOOD, "uncovered": BAD, "out_of_scope": MUTED}
    marks = {"covered": "M6 11 L9.5 14.5 L16 7.5", "uncovered": "M7 7 L15 15 M15 7 L7 15",
             "out_of_scope": "M7 11 L15 11"}  # drawn, not typeset: no font needed
    body = [_label(left + j * column + cell / 2, top - 5, col, anchor="middle") for j, col in enumerate(columns)]
    for i, row in enumerate(rows):
        y = top + i * cell
        body.append(_label(0, y + 14, row))
        for j, col in enumerate(columns):
            x = left + j * column
            status = cells.get((row, col))
            if status is None:
                body.append(f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{cell - 2}" height="{cell - 2}" '
                            f'fill="none" stroke="{GRID}"/>')
                continue
            body.append(f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{cell - 2}" height="{cell - 2}" '
                        f'fill="{colours[status]}"/>')
            body.append(f'<path transform="translate({_n(x)} {_n(y)})" d="{marks[status]}" fill="none" '
                        'stroke="white" stroke-width="2"/>')
    y = top + len(rows) * cell + 12
    x = 0.0
    for status, text in legend.items():
        body.append(f'<rect x="{_n(x)}" y="{_n(y - 8)}" width="9" height="9" fill="{colours[status]}"/>')
        body.append(_label(x + 12, y, text))
        x += 24 + _width(text)
    return Chart(_svg(y + 6, title, summary, body), summary)
