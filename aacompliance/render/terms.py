"""A revision's terms, readable by a person (``contracts show``)."""
from __future__ import annotations

from ..contracts import Revision


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unit(rev: Revision, value, unit: str, lang: str) -> str:
    u = rev.terms["units"][unit]
    word = u["singular" if value == 1 else "label"][lang]
    return f"{_fmt(value)} {word}"


def _caps(benefit: dict) -> str:
    if not benefit["caps"]:
        return "as needed (no cap)"
    return ", ".join(f"{_fmt(c['max'])} {c['measure']} per {c['per'].replace('_', ' ')}" for c in benefit["caps"])


def _choice(term: dict) -> str:
    if term.get("selected_at") == "incident":
        return f"currently {term['value']}, chosen per incident (no roster cap)"
    return f"max {term['value']}"


def _objective(plan: dict) -> str:
    """The attainment percentage as what the source makes it: an objective, not a guarantee."""
    percent = _fmt(plan["attainment_percent"]["value"])
    if plan.get("objective", {}).get("value") == "commercially_reasonable_efforts":
        return (f"  Initial response objective, pursued with commercially reasonable efforts (not a guarantee): "
                f"targets met for at least {percent} % of incidents")
    return f"  Initial response objective: targets met for at least {percent} % of incidents"


def render_terms(rev: Revision, plans: list[str] | None = None, lang: str = "en") -> str:
    t = rev.terms
    out = [f"{t['title'][lang]}",
           f"{rev.contract_id} · effective {rev.effective_date.isoformat()} · {rev.status} · {rev.path}", ""]
    bh = t["business_hours"]
    out.append(f"Business hours: {', '.join(bh['days'])} {bh['start']}–{bh['end']} (customer time zone)")
    for aid in bh.get("assumptions", []):
        entry = t["assumptions"][aid]
        out.append(f"  Assumption, the source being silent — {entry['title'][lang]}: {entry['choice'][lang]}")
    out.append("")
    for plan_id in plans or rev.plan_ids:
        p = t["plans"][plan_id]
        kind = "premium" if p["premium"]["value"] else "included with every product subscription"
        out.append(f"== {p['label'][lang]} ({plan_id}, {kind})")
        for sev in sorted(t["severities"]):
            target = p["initial_response"].get(sev)
            shown = _unit(rev, target["value"], target["unit"], lang) if target else "—"
            out.append(f"  {t['severities'][sev]['label'][lang]} initial response: {shown}")
        out.append(_objective(p))
        out.append(f"  Designated contacts: max {p['designated_contacts_max']['value']}, "
                   f"delegated admins: max {p['delegated_admins_max']['value']}")
        out.append(f"  Account-wide incident visibility: {_fmt(p['account_wide_visibility']['value'])}; "
                   f"CC on incidents: {_fmt(p['cc_on_incidents']['value'])}")
        out.append(f"  Regional slots: {_choice(p['regional_slots_max'])}; "
                   f"languages besides English: {_choice(p['extra_languages_max'])}")
        out.append(f"  Extra regional TAMs: {_fmt(p['extra_tams_allowed']['value'])}")
        if "covers_all_subscriptions" in p:
            out.append(f"  Must cover every product subscription worldwide: "
                       f"{_fmt(p['covers_all_subscriptions']['value'])}; credit or refund: "
                       f"{_fmt(p.get('credit_or_refund_allowed', {}).get('value', True))}")
        if p["benefits"]:
            out.append("  Benefits:")
            for name, benefit in p["benefits"].items():
                langs = f" (in {', '.join(benefit['languages'])} only)" if benefit.get("languages") else ""
                out.append(f"    {t['benefits'][name]['label'][lang]}: {_caps(benefit)}{langs}")
        features = [f"{k.replace('_', ' ')}: {v['value'][lang] if isinstance(v['value'], dict) else _fmt(v['value'])}"
                    + "".join(f" ({c['label'][lang]})" for c in v.get("conditions", []))
                    for k, v in p["features"].items()]
        out.append("  Features: " + "; ".join(features))
        notes = [(k, v["interpretation"]) for k, v in _walk_interpretations(p)]
        for where, note in notes:
            if "id" in note:  # an entry of the readings table (contracts show --interpretations)
                entry = t["interpretations"][note["id"]]
                lines = sorted({t["clauses"][s["clause"]].get("line") or 0 for s in entry["sides"]})
                out.append(f"  Reading ({where}): {note['id']}, reading {entry['chosen']!r} chosen "
                           f"(source lines {', '.join(map(str, lines))}; see contracts show --interpretations)")
            else:
                out.append(f"  Note ({where}): {' '.join(note['reading'].split())} [{', '.join(note['clauses'])}]")
        out.append("")
    return "\n".join(out)


def _walk_interpretations(node, prefix=""):
    if isinstance(node, dict):
        if "interpretation" in node:
            yield prefix.strip("."), node
        for key, value in node.items():
            if key != "interpretation":
                yield from _walk_interpretations(value, f"{prefix}.{key}")
