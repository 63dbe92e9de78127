"""A revision's terms, readable by a person (``contracts show``), in English or French.

Every word comes from the vocabulary of plan terms or from the contract data: no
sentence here is written in one language only.
"""
from __future__ import annotations

from aacompliance.terms.diff import caps_text
from aacompliance.terms.store import Revision
from aacompliance.terms.vocabulary import vocabulary


def _amount(rev: Revision, value, unit: str, lang: str) -> str:
    u = rev.terms["units"][unit]
    return f"{vocabulary().value(value, lang)} {u['singular' if value == 1 else 'label'][lang]}"


def _feature_label(rev: Revision, key: str, term: dict, lang: str) -> str:
    clause = rev.terms["clauses"].get(term.get("clause") or "", {})
    return clause.get("label", {}).get(lang) or key.replace("_", " ")


def _colon(lang: str) -> str:
    return " : " if lang == "fr" else ": "


def render_terms(rev: Revision, plans: list[str] | None = None, lang: str = "en") -> str:
    voc = vocabulary()
    t = rev.terms
    c = _colon(lang)
    out = [f"{t['title'][lang]}",
           f"{rev.contract_id} · {voc.word('effective', lang)} {rev.effective_date.isoformat()} · {rev.status} · "
           f"{rev.path}", ""]
    bh = t["business_hours"]
    days = ", ".join(voc.day(d, lang) for d in bh["days"])
    out.append(f"{voc.label('business_hours', lang)}{c}{days} {bh['start']}–{bh['end']} "
               f"({voc.word('customer_time_zone', lang)})")
    for aid in bh.get("assumptions", []):
        entry = t["assumptions"][aid]
        out.append(f"  {voc.word('assumption', lang)} — {entry['title'][lang]}{c}{entry['choice'][lang]}")
    out.append("")
    for plan_id in plans or rev.plan_ids:
        p = t["plans"][plan_id]
        kind = voc.word("premium_plan" if p["premium"]["value"] else "included_plan", lang)
        out.append(f"== {p['label'][lang]} ({plan_id}, {kind})")
        for sev in sorted(t["severities"]):
            target = p["initial_response"].get(sev)
            shown = _amount(rev, target["value"], target["unit"], lang) if target else "—"
            out.append(f"  {t['severities'][sev]['label'][lang]} – {voc.label('initial_response', lang)}{c}{shown}")
        best_efforts = p.get("objective", {}).get("value") == "commercially_reasonable_efforts"
        out.append("  " + voc.word("objective" if best_efforts else "objective_unstated", lang,
                                   percent=voc.value(p["attainment_percent"]["value"], lang)))
        out.append("  " + voc.word("contacts_line", lang, contacts=p["designated_contacts_max"]["value"],
                                   admins=p["delegated_admins_max"]["value"]))
        out.append("  " + voc.word("visibility_line", lang,
                                   visibility=voc.yes_no(p["account_wide_visibility"]["value"], lang),
                                   cc=voc.yes_no(p["cc_on_incidents"]["value"], lang)))
        chosen_per_incident = p["extra_languages_max"].get("selected_at") == "incident"
        out.append("  " + voc.word("slots_line_per_incident" if chosen_per_incident else "slots_line", lang,
                                   slots=p["regional_slots_max"]["value"], languages=p["extra_languages_max"]["value"]))
        if "incident_handling" in p:
            out.append(f"  {voc.label('incident_handling', lang)}{c}{p['incident_handling']['value'][lang]}")
        out.append(f"  {voc.label('extra_tams_allowed', lang)}{c}{voc.yes_no(p['extra_tams_allowed']['value'], lang)}")
        if "covers_all_subscriptions" in p:
            out.append("  " + voc.word("coverage_line", lang,
                                       covers=voc.yes_no(p["covers_all_subscriptions"]["value"], lang),
                                       credit=voc.yes_no(p.get("credit_or_refund_allowed", {}).get("value", True),
                                                         lang)))
        if p["benefits"]:
            out.append(f"  {voc.word('benefits', lang)}{c.rstrip()}")
            for name, benefit in p["benefits"].items():
                caps = caps_text(benefit, lang) if benefit["caps"] else voc.word("as_needed", lang)
                langs = (f" ({voc.word('only_in', lang)} {', '.join(benefit['languages'])})"
                         if benefit.get("languages") else "")
                out.append(f"    {t['benefits'][name]['label'][lang]}{c}{caps}{langs}")
        features = [f"{_feature_label(rev, k, v, lang)}{c}{voc.value(v['value'], lang)}"
                    + "".join(f" ({cond['label'][lang]})" for cond in v.get("conditions", []))
                    for k, v in p["features"].items()]
        out.append(f"  {voc.word('features', lang)}{c}" + voc.word("list_sep", lang).join(features))
        for where, node in _walk_interpretations(p):
            note = node["interpretation"]
            if "id" in note:  # an entry of the readings table (contracts show --interpretations)
                entry = t["interpretations"][note["id"]]
                lines = ", ".join(str(n) for n in sorted({t["clauses"][s["clause"]].get("line") or 0
                                                          for s in entry["sides"]}))
                out.append(f"  {voc.word('note', lang)} ({where}){c}"
                           + voc.word("reading_ref", lang, id=note["id"], chosen=entry["chosen"], lines=lines))
                continue
            reading = note.get(f"reading_{lang}") or note["reading"]
            out.append(f"  {voc.word('note', lang)} ({where}){c}{' '.join(reading.split())} "
                       f"[{', '.join(note['clauses'])}]")
        out.append("")
    return "\n".join(out)


def _walk_interpretations(node, prefix=""):
    if isinstance(node, dict):
        if "interpretation" in node:
            yield prefix.strip("."), node
        for key, value in node.items():
            if key != "interpretation":
                yield from _walk_interpretations(value, f"{prefix}.{key}")
