"""Rendering a statement: Jinja2 (autoescape) → HTML → WeasyPrint → PDF/A-3b."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from aacompliance.statement.findings import localized
from aacompliance.statement.i18n import translator
from aacompliance.statement.model import Statement

HERE = Path(__file__).parent
ASSETS = (HERE / "assets").resolve()
TEMPLATES = HERE / "templates"


def _fmt(lang: str):
    from babel.dates import format_date
    from babel.numbers import format_decimal, format_percent

    def date(value) -> str:
        import datetime as dt
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return format_date(day, format="long", locale=lang)

    def number(value) -> str:
        return format_decimal(value, format="#,##0.##", locale=lang)

    def percent(value) -> str:
        return format_percent(value / 100, format="#,##0.#%", locale=lang)

    return date, number, percent


def view(statement: Statement) -> dict:
    """Everything the template shows, formatted for the statement's language."""
    lang = statement.lang
    date, number, percent = _fmt(lang)
    _ = translator(lang)
    revisions = {}
    out: dict = {"order_forms": [], "rosters": [], "usages": [], "attainments": [], "findings": [],
                 "documents": []}

    def revision_of(result):
        ref = result.contract
        rev = statement.evaluator.resolver.by_ref(ref)
        revisions[rev.version] = {"title": rev.terms["title"][lang], "effective": date(rev.effective_date),
                                  "draft": rev.is_draft}
        return rev

    plans: list[str] = []
    customer = None
    for inp, result in zip(statement.inputs, statement.results):
        doc = result.source_data
        rev = revision_of(result)
        plan_terms = rev.terms["plans"]
        out["documents"].append({"name": inp.name, "kind": result.kind, "compliant": result.compliant,
                                 "violations": result.violations,
                                 "revision": f"{rev.contract_id} {date(rev.effective_date)}"})
        for v in result.violations:
            clause = v.clause
            message = localized(v, lang=lang, terms=rev.terms, plan_id=doc.get("plan"), date=date, number=number,
                                percent=percent)
            out["findings"].append({"rule": v.rule, "document": inp.name, "message": message,
                                    "clause_id": clause.get("id"), "clause_label": clause.get("label", {}).get(lang),
                                    "clause_section": clause.get("section"), "clause_line": clause.get("line")})
        if result.kind == "OrderForm":
            customer = customer or doc["customer"]["name"]
            plans += [line["plan"] for line in doc["support"]]
            rows = result.report.get("order_form", {}).get("coverage", [])
            out["order_forms"].append({"id": doc["id"], "signed_on": date(doc["signed_on"]), "rows": [
                {**r, "start": date(r["start"]), "end": date(r["end"]),
                 "required_plans": [plan_terms[p]["label"][lang] for p in r["required_plans"]],
                 "covered_by": [plan_terms[p]["label"][lang] for p in r["covered_by"]]} for r in rows]})
            continue
        plan = plan_terms[doc["plan"]]
        plans.append(doc["plan"])
        if result.kind == "Roster":
            customer = customer or doc["customer"]
            contacts = doc["contacts"]
            out["rosters"].append({
                "plan": plan["label"][lang], "as_of": date(doc["as_of"]),
                "contacts": len(contacts), "contacts_max": plan["designated_contacts_max"]["value"],
                "admins": sum(1 for c in contacts if c["admin"]), "admins_max": plan["delegated_admins_max"]["value"],
                "slots": len(doc["regional_slots"]), "slots_max": plan["regional_slots_max"]["value"],
                "languages": len([x for x in doc["languages"] if x != "en"]),
                "languages_max": plan["extra_languages_max"]["value"],
                "visibility": doc["account_wide_visibility"]["enabled"],
                "visibility_offered": plan["account_wide_visibility"]["value"],
                "cc": sum(1 for c in contacts if c.get("cc_on_incidents")), "cc_offered": plan["cc_on_incidents"]["value"],
            })
        elif result.kind == "BenefitUsage":
            rows = []
            for row in result.report.get("benefits", {}).get("ledger", []):
                capped = row["max"] is not None
                rows.append({"benefit": rev.terms["benefits"][row["benefit"]]["label"][lang],
                             "period": f"{date(row['period']['start'])} – {date(row['period']['end'])}",
                             "per": row["per"], "measure": row["measure"],
                             "max": number(row["max"]) if capped else _("no_cap"),
                             "used": number(row["used"]),
                             "remaining": number(row["remaining"]) if capped else "—",
                             "over": capped and row["remaining"] < 0})
            out["usages"].append({"plan": plan["label"][lang], "year_start": date(doc["contract_year_start"]),
                                  "rows": rows})
        elif result.kind == "IncidentLog":
            a = result.report.get("incidents", {}).get("attainment", {})
            rows = [{"severity": s["severity"], "met": s["met"], "missed": s["missed"],
                     "share": percent(100 * s["met"] / s["counted"]) if s["counted"] else "—"}
                    for s in a.get("by_severity", [])]
            out["attainments"].append({
                "plan": plan["label"][lang], "period": f"{date(doc['period']['start'])} – {date(doc['period']['end'])}",
                "rows": rows, "met": a.get("met", 0), "missed": a.get("missed", 0),
                "share": percent(a["percent"]) if a.get("counted") else "—",
                "objective": percent(a.get("target_percent", 0)),
                "below": bool(a.get("counted")) and a["percent"] < a["target_percent"]})
    any_terms = revision_of(statement.results[0]).terms["plans"]
    out.update({
        "customer": customer or statement.account, "account": statement.account,
        "plans": [any_terms[p]["label"][lang] for p in dict.fromkeys(plans) if p in any_terms],
        "revisions": list(revisions.values()), "date": date(statement.date), "date_iso": statement.date.isoformat(),
        "compliant": statement.compliant, "signed_off_by": statement.signed_off_by, "role": statement.role,
        "inputs": [{"name": i.name, "sha256": i.sha256} for i in statement.inputs],
        "version": __import__("aacompliance").__version__,
    })
    return out


def render_html(statement: Statement) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    template = env.get_template("statement.html.j2")
    return template.render(s=view(statement), lang=statement.lang, _=translator(statement.lang))


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


def render_pdf(statement: Statement, html: str | None = None) -> tuple[bytes, list[str]]:
    """The unsigned PDF/A-3b (byte-identical for identical inputs) and the URLs refused."""
    import logging

    from weasyprint import HTML, Attachment

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = html if html is not None else render_html(statement)
    fetcher = AssetOnlyFetcher()
    import datetime as dt

    # Attachment dates default to "now": pin them to the statement date for reproducible bytes.
    stamp = dt.datetime.combine(statement.date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    attachments = [Attachment(file_obj=io.BytesIO(inp.data), name=inp.name, relationship="Source",
                              description=f"input document, SHA-256 {inp.sha256}", created=stamp, modified=stamp)
                   for inp in statement.inputs]
    attachments.append(Attachment(file_obj=io.BytesIO(statement.decision_json()), name="decision.json",
                                  relationship="Data", description="aacompliance decision",
                                  created=stamp, modified=stamp))
    identifier = hashlib.sha256(html.encode("utf-8") + statement.decision_json()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/a-3b", attachments=attachments, pdf_identifier=identifier)
    return pdf, fetcher.refused
