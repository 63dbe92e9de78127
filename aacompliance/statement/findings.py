"""Findings in the statement's language.

English findings are the rules' own messages. Other languages use the `findings`
catalogue: one template per rule (and variant), filled from the violation's data
with the contract's labels and Babel's formatting. A finding without a template,
or whose data lacks a field, falls back to the rule's message.
"""
from __future__ import annotations

from aacompliance.statement.i18n import catalogue


def _variant(rule: str, data: dict) -> str:
    if rule == "OF-COVERAGE":
        return f"{rule}.{data.get('scope')}"
    if rule == "VIS-OWN-ONLY":
        return f"{rule}.{'contact' if 'email' in data else 'account'}"
    if rule == "SLOT-LANGUAGE":
        return f"{rule}.{data.get('field')}"
    if rule == "BEN-CAP":
        return f"{rule}.{'session' if data.get('per') == 'session' else 'period'}"
    return rule


def localized(violation, *, lang: str, terms: dict, plan_id: str | None, date, number, percent) -> str:
    """The finding's sentence in ``lang``."""
    templates = catalogue(lang, "findings")
    template = templates.get(_variant(violation.rule, violation.data))
    if lang == "en" or template is None:
        return violation.message
    d = violation.data
    plans = terms["plans"]

    def plan_label(pid):
        return plans[pid]["label"][lang] if pid in plans else str(pid)

    def benefit_label(bid):
        return terms["benefits"].get(bid, {}).get("label", {}).get(lang, bid)

    measure_fr = {"hours": "heures", "sessions": "séances"}
    per_fr = {"month": "mois", "quarter": "trimestre", "contract_year": "année contractuelle", "session": "séance"}
    period = d.get("period") or {}
    values = {
        **{k: v for k, v in d.items() if isinstance(v, (str, int, float))},
        "plan": plan_label(d.get("plan") or plan_id),
        "plans": ", ".join(plan_label(p) for p in d.get("plans", [])),
        "eligible": " ou ".join(plan_label(p) for p in d.get("eligible_plans", [])),
        "regions": ", ".join(d.get("regions", [])),
        "admins": ", ".join(d.get("admins", [])),
        "items": ", ".join(d.get("slots") or d.get("languages") or []),
        "allowed": ", ".join(d.get("allowed", [])),
        "missed": ", ".join(d.get("missed", [])),
        "line": (d.get("support_line") or 0) + 1,
        "session": (d.get("session") or 0) + 1,
        "benefit": benefit_label(d.get("benefit")),
        "measure": measure_fr.get(d.get("measure"), d.get("measure")),
        "measure_cap": measure_fr.get(d.get("measure"), d.get("measure")),
        "per": per_fr.get(d.get("per"), d.get("per")),
        "enabled_by": d.get("enabled_by") or "—",
    }
    for key in ("used", "cap", "met", "counted"):
        if isinstance(d.get(key), (int, float)):
            values[key] = number(d[key])
    if "percent" in d:
        values["percent"] = percent(d["percent"])
        values["target"] = percent(d["target_percent"])
    for key, value in (("signed_on", d.get("signed_on")), ("date", d.get("date")),
                       ("start", period.get("start")), ("end", period.get("end")),
                       ("term_start", (d.get("support_term") or {}).get("start")),
                       ("term_end", (d.get("support_term") or {}).get("end"))):
        if value:
            values[key] = date(value)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return violation.message
