"""Human output: one block per document, each violation with its clause."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from aacompliance.render import Writer

_MARK = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[yellow]![/]"}


def _clause(clause: dict) -> str:
    where = clause.get("section", "")
    if clause.get("line"):
        where += f", line {clause['line']}"
    label = clause.get("label", {}).get("en", "")
    return f"{label} — {where} [{clause.get('id', '')}]"


def _report_lines(result) -> list[str]:
    lines = []
    coverage = result.report.get("order_form", {}).get("coverage")
    if coverage:
        lines.append("  [bold]Coverage[/]")
        for row in coverage:
            status = {"covered": "[green]covered[/]", "uncovered": "[red]not covered[/]",
                      "out_of_scope": "[dim]out of scope[/]"}[row["status"]]
            needs = f" — needs {', '.join(row['required_plans'])}" if row["required_plans"] else ""
            by = f", covered by {', '.join(row['covered_by'])}" if row["covered_by"] else ""
            lines.append(f"    {escape(row['subscription'])} {escape(row['product'])} · {escape(row['region'])} · "
                         f"{row['start']}…{row['end']}: {status}{escape(needs + by)}")
    ledger = result.report.get("benefits", {}).get("ledger")
    if ledger:
        lines.append("  [bold]Benefit ledger[/]")
        for row in ledger:
            period = f"{row['period']['start']}…{row['period']['end']}"
            head = f"    {escape(row['benefit'])} · {row['measure']} per {row['per'].replace('_', ' ')} {period}"
            if row["max"] is None:
                lines.append(f"{head}: used {row['used']:g} (no cap)")
                continue
            flag = " [red]over[/]" if row["remaining"] < 0 else ""
            lines.append(f"{head}: used {row['used']:g} of {row['max']:g}, remaining {row['remaining']:g}{flag}")
    attainment = result.report.get("incidents", {}).get("attainment")
    if attainment:
        lines.append(
            f"  [bold]Initial-response attainment[/]: {attainment['met']} of {attainment['counted']} met "
            f"({attainment['percent']:g} %, target {attainment['target_percent']:g} %), "
            f"{attainment['pending']} open within target, {attainment['excluded']} without a target")
        for sev in attainment.get("by_severity", []):
            lines.append(f"    severity {sev['severity']}: {sev['met']}/{sev['counted']} met")
    return lines


class TextWriter(Writer):
    """One block per document as it is decided, then the summary. ``quiet``: the summary only."""

    for_people = True

    def __init__(self, out, **options):
        super().__init__(out, **options)
        self.console = Console(file=out, force_terminal=self.color, no_color=not self.color, highlight=False,
                               width=120, soft_wrap=True)

    def start(self, report) -> None:
        if self.quiet:
            return
        for problem in report.problems:
            self.console.print(f"{_MARK[None]} {escape(problem.path)}: {escape(problem.message)}")

    def document(self, result) -> None:
        if self.quiet:
            return
        head = f"{_MARK[result.compliant]} [bold]{escape(result.path)}[/]"
        if result.kind:
            head += f"  {result.kind} {escape(str(result.id or ''))}"
        if result.contract:
            head += f"  [dim]({result.contract['id']} {result.contract['version']})[/]"
        lines = [head]
        for problem in result.errors:
            where = f"line {problem.line}" if problem.line else "file"
            if problem.field:
                where += f", {problem.field}"
            lines.append(f"    [yellow]{escape(where)}[/]: {escape(problem.message)}")
        for v in result.violations:
            lines.append(f"    [red]{v.rule}[/] {escape(v.message)}")
            lines.append(f"      [dim]clause: {escape(_clause(v.clause))}[/]")
        for v in result.waived:
            w = v.waiver or {}
            lines.append(f"    [cyan]waived[/] {v.rule} {escape(v.message)}")
            lines.append(f"      [dim]waiver {escape(str(w.get('id')))}, approved by {escape(str(w.get('approved_by')))}"
                         f" on {w.get('approved_on')}, until {w.get('expires_on')}: {escape(str(w.get('reason')))}[/]")
        for w in result.waivers:
            if w["status"] == "expired":
                stands = f"; {w['matched']} violation(s) stand" if w["matched"] else ""
                lines.append(f"    [yellow]waiver {escape(w['id'])} expired[/] on {w['expires_on']}, "
                             f"before this document's date {w['document_date']}{stands}")
        lines.extend(_report_lines(result))
        self.console.print("\n".join(lines))  # one block per document: one print

    def finish(self, report) -> None:
        if report.waivers and not self.quiet:
            self.console.print("\n[bold]Waivers[/]")
            for w in report.waivers:
                mark = {"applied": "[cyan]applied[/]", "expired": "[yellow]expired[/]",
                        "unused": "[yellow]unused (warning)[/]"}[w.status]
                self.console.print(f"  {escape(w.id)} {mark} — {escape(w.detail)}  [dim]({escape(w.path)})[/]")
        s = report.summary()
        line = (f"{s['documents']} document(s): {s['compliant']} compliant, {s['violations']} with violations, "
                f"{s['errors']} with errors")
        if report.waivers:
            n = s["waivers"]
            line += (f"; {s['waived']} violation(s) waived; waivers: {n['applied']} applied, {n['expired']} expired, "
                     f"{n['unused']} unused")
        self.console.print(line if self.quiet else "\n" + line)
