"""Human output: one block per document, each violation with its clause.

Colours are ANSI SGR codes written here rather than rich markup: no value from a
document is ever parsed as markup (a name such as ``[red]`` or ``:warning:`` prints
as written), and `check` does not pay rich's import (~35 ms of its start).
"""
from __future__ import annotations

from aacompliance.render import Writer
from aacompliance.util.safetext import neutralise

_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def styler(color: bool):
    """``paint(style, text)``: ``text`` made safe to show (:func:`neutralise`), in ``style`` (a key
    of ``_SGR``) when ``color``."""
    if not color:
        return lambda style, text: neutralise(str(text))
    return lambda style, text: f"\x1b[{_SGR[style]}m{neutralise(str(text))}\x1b[0m"


def _mark(paint, compliant) -> str:
    return {True: paint("green", "✓"), False: paint("red", "✗"), None: paint("yellow", "!")}[compliant]


def _safe(value) -> str:
    """A value from a file or a document, shown: no control character reaches the terminal."""
    return neutralise(str(value))


def _clause(clause: dict) -> str:
    where = clause.get("section", "")
    if clause.get("line"):
        where += f", line {clause['line']}"
    label = clause.get("label", {}).get("en", "")
    return f"{label} — {where} [{clause.get('id', '')}]"


def _report_lines(result, paint) -> list[str]:
    s = _safe
    lines = []
    coverage = result.report.get("order_form", {}).get("coverage")
    if coverage:
        lines.append("  " + paint("bold", "Coverage"))
        for row in coverage:
            status = {"covered": paint("green", "covered"), "uncovered": paint("red", "not covered"),
                      "out_of_scope": paint("dim", "out of scope")}[row["status"]]
            needs = f" — needs {', '.join(row['required_plans'])}" if row["required_plans"] else ""
            by = f", covered by {', '.join(row['covered_by'])}" if row["covered_by"] else ""
            lines.append(f"    {s(row['subscription'])} {s(row['product'])} · {s(row['region'])} · "
                         f"{s(row['start'])}…{s(row['end'])}: {status}{s(needs + by)}")
    ledger = result.report.get("benefits", {}).get("ledger")
    if ledger:
        lines.append("  " + paint("bold", "Benefit ledger"))
        for row in ledger:
            period = f"{row['period']['start']}…{row['period']['end']}"
            head = s(f"    {row['benefit']} · {row['measure']} per {row['per'].replace('_', ' ')} {period}")
            if row["max"] is None:
                lines.append(f"{head}: used {row['used']:g} (no cap)")
                continue
            flag = " " + paint("red", "over") if row["remaining"] < 0 else ""
            lines.append(f"{head}: used {row['used']:g} of {row['max']:g}, remaining {row['remaining']:g}{flag}")
    attainment = result.report.get("incidents", {}).get("attainment")
    if attainment:
        lines.append(
            f"  {paint('bold', 'Initial-response attainment')}: {attainment['met']} of {attainment['counted']} met "
            f"({attainment['percent']:g} %, target {attainment['target_percent']:g} %), "
            f"{attainment['pending']} open within target, {attainment['excluded']} without a target")
        for sev in attainment.get("by_severity", []):
            lines.append(s(f"    severity {sev['severity']}: {sev['met']}/{sev['counted']} met"))
    return lines


class TextWriter(Writer):
    """One block per document as it is decided, then the summary. ``quiet``: the summary only.

    Every value shown comes from a file or a document and goes through :func:`_safe` or
    ``paint``, which show control characters as escapes; the colour codes are added after."""

    for_people = True

    def __init__(self, out, **options):
        super().__init__(out, **options)
        self.paint = styler(self.color)

    def _write(self, text: str) -> None:
        self.out.write(text + "\n")

    def start(self, report) -> None:
        if self.quiet:
            return
        for problem in report.problems:
            self._write(f"{_mark(self.paint, None)} {_safe(problem.path)}: {_safe(problem.message)}")

    def document(self, result) -> None:
        if self.quiet:
            return
        paint, s = self.paint, _safe
        head = f"{_mark(paint, result.compliant)} {paint('bold', result.path)}"
        if result.kind:
            head += f"  {s(result.kind)} {s(result.id or '')}"
        if result.contract:
            head += "  " + paint("dim", f"({result.contract['id']} {result.contract['version']})")
        lines = [head]
        for problem in result.errors:
            where = f"line {problem.line}" if problem.line else "file"
            if problem.field:
                where += f", {problem.field}"
            lines.append(f"    {paint('yellow', where)}: {s(problem.message)}")
        for v in result.violations:
            lines.append(f"    {paint('red', v.rule)} {s(v.message)}")
            lines.append("      " + paint("dim", f"clause: {_clause(v.clause)}"))
        for v in result.waived:
            w = v.waiver or {}
            lines.append(f"    {paint('cyan', 'waived')} {s(v.rule)} {s(v.message)}")
            lines.append("      " + paint("dim", f"waiver {w.get('id')}, approved by {w.get('approved_by')}"
                                          f" on {w.get('approved_on')}, until {w.get('expires_on')}: {w.get('reason')}"))
        for w in result.waivers:
            if w["status"] == "expired":
                stands = f"; {w['matched']} violation(s) stand" if w["matched"] else ""
                expired = paint("yellow", f"waiver {w['id']} expired")
                lines.append(f"    {expired} on {s(w['expires_on'])}, "
                             f"before this document's date {s(w['document_date'])}{s(stands)}")
        lines.extend(_report_lines(result, paint))
        self._write("\n".join(lines))  # one block per document: one write

    def finish(self, report) -> None:
        paint = self.paint
        if report.waivers and not self.quiet:
            self._write("\n" + paint("bold", "Waivers"))
            for w in report.waivers:
                mark = {"applied": paint("cyan", "applied"), "expired": paint("yellow", "expired"),
                        "unused": paint("yellow", "unused (warning)")}[w.status]
                self._write(f"  {_safe(w.id)} {mark} — {_safe(w.detail)}  {paint('dim', f'({w.path})')}")
        s = report.summary()
        line = (f"{s['documents']} document(s): {s['compliant']} compliant, {s['violations']} with violations, "
                f"{s['errors']} with errors")
        if report.waivers:
            n = s["waivers"]
            line += (f"; {s['waived']} violation(s) waived; waivers: {n['applied']} applied, {n['expired']} expired, "
                     f"{n['unused']} unused")
        skipped = getattr(report, "skipped", None)
        if skipped and not self.quiet:
            shown = ", ".join(skipped[:5]) + (f", … ({len(skipped) - 5} more)" if len(skipped) > 5 else "")
            self._write("")
            self._write(paint("dim", f"skipped {len(skipped)} file(s) without a document suffix "
                                     f"(.yaml, .yml, .json): {shown}"))
        self._write(line if self.quiet else "\n" + line)
