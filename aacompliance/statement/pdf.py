"""Rendering a statement: Jinja2 (autoescape) → HTML → WeasyPrint → tagged PDF/A-3b.

Reproducible: every date in the file (metadata, attachments, font subsets) derives from
the statement date, so the same inputs and options give the same bytes on any machine,
whichever font subsetter WeasyPrint uses (HarfBuzz, or fontTools, which would otherwise
stamp the current time into each subset).
"""
from __future__ import annotations

import contextlib
import functools
import datetime as dt
import hashlib
import io
import os
import threading
from pathlib import Path

from markupsafe import Markup

from aacompliance.statement import charts, text
from aacompliance.statement.findings import localized
from aacompliance.statement.i18n import BCP47, translator
from aacompliance.statement.model import Statement
from aacompliance.statement.vocab import Vocabulary

HERE = Path(__file__).parent
ASSETS = (HERE / "assets").resolve()
TEMPLATES = HERE / "templates"
_RENDER_LOCK = threading.Lock()


def _revision(statement: Statement, result):
    return statement.evaluator.resolver.by_ref(result.contract)


def view(statement: Statement, *, with_charts: bool = True) -> dict:
    """Everything the template shows, formatted for the statement's language."""
    lang = statement.lang
    _ = translator(lang)
    u = text.shown
    revisions: dict = {}
    out: dict = {"order_forms": [], "rosters": [], "usages": [], "attainments": [], "findings": [],
                 "documents": [], "charts": with_charts}
    first = Vocabulary(lang, _revision(statement, statement.results[0]).terms)
    plans: list[str] = []
    customer = None
    over_cap = uncovered = below = 0
    waivers_seen: dict[str, list] = {}
    for inp, result in zip(statement.inputs, statement.results):
        doc = result.source_data
        rev = _revision(statement, result)
        v = Vocabulary(lang, rev.terms)
        revisions[rev.version] = {"title": v.title(), "effective": v.date(rev.effective_date), "draft": rev.is_draft}
        plan_terms = rev.terms["plans"]
        out["documents"].append({"name": u(inp.name), "kind": result.kind, "compliant": result.compliant,
                                 "waived": bool(result.waived),
                                 "violations": v.plural("violations_count", len(result.violations)),
                                 "revision": f"{rev.contract_id} {v.date(rev.effective_date)}"})
        for entry in result.waivers:
            waivers_seen.setdefault(entry["id"], []).append((inp, result, entry, v))
        for violation in result.violations + result.waived:
            clause = violation.clause or {}
            clause_terms = rev.terms["clauses"].get(clause.get("id"), {})
            w = violation.waiver
            out["findings"].append({
                "waived": _("waived_by").format(
                    id=u(w["id"]), approved_by=u(w.get("approved_by") or "—"),
                    expires_on=v.date(w["expires_on"]) if w.get("expires_on") else "—",
                    reason=u(w.get("reason") or "—", limit=2000)) if w else None,
                "rule": violation.rule, "document": u(inp.name),
                "message": u(localized(violation, v, doc.get("plan")), limit=4000),
                "clause_id": clause.get("id"), "clause_label": v.clause(clause.get("id")),
                "clause_quote": clause_terms.get("quote") or clause.get("quote"),
                "clause_section": clause.get("section"), "clause_line": clause.get("line")})
        if result.kind == "OrderForm":
            customer = customer or doc["customer"]["name"]
            plans += [line["plan"] for line in doc["support"]]
            rows = result.report.get("order_form", {}).get("coverage", [])
            uncovered += sum(1 for r in rows if r["status"] == "uncovered")
            form = {"id": u(doc["id"]), "signed_on": v.date(doc["signed_on"]), "chart": None, "rows": [
                {"subscription": u(r["subscription"]), "product": u(r["product"]), "region": u(r["region"]),
                 "entity": u(r["entity"]), "status": r["status"],
                 "start": v.date(r["start"]), "end": v.date(r["end"]),
                 "required_plans": v.all_of(v.plan(p) for p in r["required_plans"]),
                 "covered_by": v.all_of(v.plan(p) for p in r["covered_by"])} for r in rows]}
            if with_charts:
                regions = list(dict.fromkeys(u(r["region"], limit=12) for r in rows))
                subs = list(dict.fromkeys(u(r["subscription"], limit=40) for r in rows))
                cells = {(u(r["subscription"], limit=40), u(r["region"], limit=12)): r["status"] for r in rows}
                counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("covered", "uncovered", "out_of_scope")}
                summary = _("chart_coverage_alt").format(
                    subscriptions=v.number(len(rows)), regions=v.all_of(regions), covered=v.number(counts["covered"]),
                    uncovered=v.number(counts["uncovered"]), out_of_scope=v.number(counts["out_of_scope"]))
                form["chart"] = charts.coverage_grid(
                    subs, regions, cells, title=_("chart_coverage"), summary=summary,
                    legend={s: _(f"status_{s}") for s in ("covered", "uncovered", "out_of_scope")})
            out["order_forms"].append(form)
            continue
        plan = plan_terms[doc["plan"]]
        plans.append(doc["plan"])
        if result.kind == "Roster":
            customer = customer or doc["customer"]
            fig = result.report["roster"]  # counted by Rego (reports/roster)
            out["rosters"].append({"plan": v.plan(doc["plan"]), "as_of": v.date(doc["as_of"]), "figures": fig})
        elif result.kind == "BenefitUsage":
            rows, bars = [], []
            for row in result.report.get("benefits", {}).get("ledger", []):
                capped = row["max"] is not None
                period = f"{v.date(row['period']['start'])} – {v.date(row['period']['end'])}"
                over = capped and row["remaining"] < 0
                over_cap += bool(over)
                rows.append({"benefit": v.benefit(row["benefit"]), "period": period, "per": v.per(row["per"]),
                             "max": f"{v.number(row['max'])} {v.measure(row['measure'])}" if capped else _("no_cap"),
                             "used": v.number(row["used"]), "remaining": v.number(row["remaining"]) if capped else "—",
                             "over": over})
                if capped and row["per"] != "session":
                    bars.append({"label": text.ellipsize(f"{v.benefit(row['benefit'])} · {v.measure(row['measure'])}"
                                                         f" · {v.per(row['per'])}", 48),
                                 "used": float(row["used"]), "cap": float(row["max"]),
                                 "shown": f"{v.number(row['used'])} / {v.number(row['max'])}"})
            usage = {"plan": v.plan(doc["plan"]), "year_start": v.date(doc["contract_year_start"]), "rows": rows,
                     "chart": None}
            if with_charts and bars:
                over_rows = [b for b in bars if b["used"] > b["cap"]]
                summary = _("chart_usage_alt").format(rows=v.number(len(bars)), over=v.number(len(over_rows)),
                                                      details=v.all_of(f"{b['label']}: {b['shown']}" for b in bars))
                usage["chart"] = charts.usage_vs_cap(bars, title=_("chart_usage"), summary=summary)
            out["usages"].append(usage)
        elif result.kind == "IncidentLog":
            a = result.report.get("incidents", {}).get("attainment", {})
            rows, bars = [], []
            for s in a.get("by_severity", []):
                share = 100 * s["met"] / s["counted"] if s["counted"] else None
                shown = v.percent(share) if share is not None else "—"
                label = _("severity_n").format(n=s["severity"])
                rows.append({"severity": label, "met": v.number(s["met"]), "missed": v.number(s["missed"]),
                             "share": shown})
                bars.append({"label": label, "percent": share, "shown": shown})
            target = a.get("target_percent", 0)
            is_below = bool(a.get("counted")) and a["percent"] < target
            below += is_below
            att = {"plan": v.plan(doc["plan"]),
                   "period": f"{v.date(doc['period']['start'])} – {v.date(doc['period']['end'])}",
                   "rows": rows, "met": v.number(a.get("met", 0)), "missed": v.number(a.get("missed", 0)),
                   "share": v.percent(a["percent"]) if a.get("counted") else "—",
                   "objective": v.percent(target), "below": is_below, "chart": None}
            if with_charts and bars:
                summary = _("chart_attainment_alt").format(
                    objective=v.percent(target), details=v.all_of(f"{b['label']}: {b['shown']}" for b in bars))
                att["chart"] = charts.attainment(bars, target, title=_("chart_attainment"), summary=summary,
                                                 objective_label=f"{_('objective')} {v.percent(target)}")
            out["attainments"].append(att)
    plan_names = [first.plan(p) for p in dict.fromkeys(plans)]
    failing = sum(1 for r in statement.results if not r.compliant)
    standing = [f for f in out["findings"] if not f["waived"]]
    waived = [f for f in out["findings"] if f["waived"]]
    out["waivers"] = _waivers(statement, waivers_seen, first, _)
    expired = [w["id"] for w in out["waivers"] if w["status_key"] == "expired"]
    summary = [_("summary_scope").format(customer=u(customer or statement.account), account=u(statement.account),
                                         documents=first.plural("documents_count", len(statement.results)),
                                         plans=first.all_of(plan_names),
                                         terms=first.all_of(f"{r['title']} ({r['effective']})"
                                                            for r in revisions.values()))]
    if statement.compliant:
        summary.append(_("summary_compliant_waived") if waived else _("summary_compliant"))
    else:
        summary.append(_("summary_not_compliant").format(
            findings=first.plural("findings_count", len(standing)),
            documents=first.plural("documents_count", failing),
            rules=first.all_of(dict.fromkeys(f["rule"] for f in standing))))
    if waived:
        summary.append(_("summary_waived").format(
            findings=first.plural("findings_count", len(waived)),
            waivers=first.all_of(dict.fromkeys(w["id"] for w in out["waivers"] if w["status_key"] == "applied"))))
    if expired:
        summary.append(_("summary_expired").format(waivers=first.all_of(expired)))
    for count, key in ((uncovered, "summary_uncovered"), (over_cap, "summary_over_cap"), (below, "summary_below")):
        if count:
            summary.append(first.plural(key, count))
    out.update({
        "customer": u(customer or statement.account), "account": u(statement.account),
        "plans": first.all_of(plan_names), "summary": " ".join(summary),
        "revisions": list(revisions.values()), "date": first.date(statement.date),
        "date_iso": statement.date.isoformat(), "compliant": statement.compliant,
        "with_exceptions": statement.compliant and bool(waived),
        "signed_off_by": u(statement.signed_off_by), "role": u(statement.role),
        "inputs": [{"name": u(i.name), "sha256": i.sha256} for i in statement.all_inputs],
        "meta": {"title": text.metadata(f"{_('title')} — {customer or statement.account} ({statement.account})"),
                 "author": text.metadata(statement.signed_off_by),
                 "account": text.metadata(statement.account)},
        "version": __import__("aacompliance").__version__, "lang_tag": BCP47[lang],
    })
    return out


def _waivers(statement: Statement, seen: dict, vocab: Vocabulary, _) -> list[dict]:
    """Every waiver given, in the order given: its terms and what became of it here."""
    u = text.shown
    rows = []
    for inp in statement.waivers:
        data = statement.waiver_data.get(inp.name)
        if data is None:
            continue
        hits = seen.get(data["id"], [])
        statuses = [e["status"] for _i, _r, e, _v in hits]
        status = "applied" if "applied" in statuses else ("expired" if "expired" in statuses else "unused")
        where = [u(i.name) for i, _r, e, _v in hits if e["status"] == status]
        clause = data.get("clause")
        if not clause:
            clauses = {(viol.clause or {}).get("id") for _i, r, _e, _v in hits for viol in r.waived + r.violations
                       if viol.rule == data["rule"]}
            clause = ", ".join(sorted(c for c in clauses if c)) or "—"
        rows.append({
            "id": u(data["id"]), "rule": data["rule"], "subject": u(str(data.get("subject") or _("waiver_any"))),
            "reason": u(str(data.get("reason") or "—"), limit=2000), "approved_by": u(str(data["approved_by"])),
            "approved_on": vocab.date(data["approved_on"]), "expires_on": vocab.date(data["expires_on"]),
            "clause": u(clause), "document": u(str(data["document"])), "status_key": status,
            "status": _(f"waiver_{status}").format(documents=vocab.all_of(where) if where else "—"),
            "file": u(inp.name)})
    return rows


def _svg(svg: str) -> Markup:
    """SVG written by ``charts`` (every text in it escaped there): inserted as markup."""
    return Markup(svg)


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    env.filters["svg"] = _svg
    return env.get_template("statement.html.j2")


@functools.lru_cache(maxsize=1)
def _stylesheet_and_fonts():
    """The statement's stylesheet, parsed once per process, and one font configuration
    (statements declare no @font-face: the system fonts are the same for every render)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(ASSETS / "statement.css"), url_fetcher=AssetOnlyFetcher(), font_config=fonts)
    return css, fonts


def render_html(statement: Statement, *, with_charts: bool = True) -> str:
    return _template().render(s=view(statement, with_charts=with_charts), lang=statement.lang,
                           _=translator(statement.lang))


class AssetOnlyFetcher:
    """A URL fetcher that serves the package's own assets and refuses everything else
    (other files, network URLs, data URLs), recording what it refused."""

    def __new__(cls, *args, **kwargs):
        from weasyprint.urls import URLFetcher

        class _Fetcher(URLFetcher):
            def __init__(self):
                super().__init__(allowed_protocols={"file"})
                self.refused: list[str] = []

            def fetch(self, url, headers=None):
                from urllib.parse import unquote, urlsplit

                parts = urlsplit(url)
                path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
                if path is None or not path.is_relative_to(ASSETS) or not path.is_file():
                    self.refused.append(url)
                    raise ValueError(f"aacompliance statements load only their own assets, not {url!r}")
                return super().fetch(url, headers)

        return _Fetcher()


@contextlib.contextmanager
def _pinned_clock(day: dt.date):
    """fontTools (WeasyPrint's subsetter without libharfbuzz-subset) stamps each font
    subset with the current time unless SOURCE_DATE_EPOCH is set: set it to the
    statement date for the duration of the render (renders are serialised)."""
    epoch = str(int(dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc).timestamp()))
    with _RENDER_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def _display_title(document, pdf) -> None:
    """PDF/UA: viewers show the document title, not the file name."""
    import pydyf

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})


def _accessibility(pdf_document, lang_tag: str):
    """PDF/UA-1 identification (tags come from pdf_tags, /Lang from the html lang)."""
    pdf_document.metadata.lang = lang_tag
    pdf_document.metadata.xmp_metadata.append(
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
        b'</rdf:RDF>')


def render_pdf(statement: Statement, html: str | None = None) -> tuple[bytes, list[str]]:
    """The unsigned tagged PDF/A-3b (byte-identical for identical inputs) and the URLs refused."""
    import logging

    from weasyprint import HTML, Attachment

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = html if html is not None else render_html(statement)
    fetcher = AssetOnlyFetcher()
    # Attachment dates default to "now": pin them to the statement date for reproducible bytes.
    stamp = dt.datetime.combine(statement.date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    decision = statement.decision_json()
    attachments = [Attachment(file_obj=io.BytesIO(inp.data), name=inp.name, relationship="Source",
                              description=f"input document, SHA-256 {inp.sha256}", created=stamp, modified=stamp)
                   for inp in statement.all_inputs]
    attachments.append(Attachment(file_obj=io.BytesIO(decision), name="decision.json",
                                  relationship="Data", description="aacompliance decision",
                                  created=stamp, modified=stamp))
    identifier = hashlib.sha256(html.encode("utf-8") + decision).hexdigest()[:32].encode()
    with _pinned_clock(statement.date):
        stylesheet, fonts = _stylesheet_and_fonts()
        document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
        _accessibility(document, BCP47[statement.lang])
        pdf = document.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True, attachments=attachments,
                                 pdf_identifier=identifier, finisher=_display_title)
    return pdf, fetcher.refused
