"""Small inline SVG bar charts (no script, no external file), with a text alternative."""
from __future__ import annotations

from html import escape
from markupsafe import Markup

WIDTH, BAR, GAP, LABEL = 720, 18, 10, 340


def _bars(rows: list[tuple[str, float, str, bool]], title: str, marker: float | None = None,
          marker_label: str = "") -> Markup:
    """rows: (label, share 0..n, value text, over). Bars are scaled so that 1.0 (the cap
    or the objective) sits at the same place for every row."""
    if not rows:
        return Markup("")
    scale_max = max([1.0, *(r[1] for r in rows)])
    usable = WIDTH - LABEL - 90
    height = len(rows) * (BAR + GAP) + GAP + 20
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
           f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, share, text, over) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        width = max(1.0, usable * share / scale_max)
        out.append(f'<text x="0" y="{y + BAR - 4}" class="chart-label">{escape(label[:54])}</text>')
        out.append(f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
                   f'class="{"bar-over" if over else "bar"}"/>')
        out.append(f'<text x="{LABEL + width + 6:.1f}" y="{y + BAR - 4}" class="chart-value">{escape(text)}</text>')
    if marker is not None:
        x = LABEL + usable * marker / scale_max
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 16}" class="chart-marker"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 2}" class="chart-value" text-anchor="middle">'
                   f'{escape(marker_label)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def ledger_chart(rows: list[dict], w: dict) -> Markup:
    """Use of each capped benefit in each period, against its cap (the marker)."""
    bars = []
    for row in rows:
        if row.get("max") in (None, 0):
            continue
        label = f"{row['label']} · {row['measure']}/{row['per'].replace('_', ' ')} · {row['period']['start']}"
        bars.append((label, row["used"] / row["max"], f"{row['used']:g} / {row['max']:g}", row["used"] > row["max"]))
    return _bars(bars, w["chart_ledger"], 1.0, w["max"])


def attainment_chart(attainment: dict, w: dict) -> Markup:
    """Share of incidents answered in time, by severity, against the objective (the marker)."""
    target = attainment.get("target_percent")
    bars = []
    for row in attainment.get("by_severity", []):
        if not row.get("counted"):
            continue
        share = 100 * row["met"] / row["counted"]
        bars.append((f"{w['severity']} {row['severity']}", share / 100, f"{share:.1f} %",
                     target is not None and share < target))
    return _bars(bars, w["chart_attainment"], (target or 0) / 100 if target is not None else None,
                 f"{w['objective']} {target:g} %" if target is not None else "")
