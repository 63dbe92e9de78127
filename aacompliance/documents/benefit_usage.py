"""BenefitUsage: sessions of each benefit in a contract year (contract_year_start selects the terms).

A session is judged by the revision in force on its own date (included? which languages?
its per-session cap); a cap per month, quarter or contract year by the revision in force
when that period started. Python computes each session's periods; Rego sums and compares.
"""
from __future__ import annotations

from aacompliance.documents.base import HEADER, Document, Kind, item_revision, plan_known
from aacompliance.errors import Problem
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util.dates import PERIOD_MONTHS, parse_date, period
from aacompliance.util.validation import DATE, REQ_STR

SCHEMA = HEADER | {
    "account": REQ_STR,
    "plan": REQ_STR,
    "contract_year_start": DATE,
    "sessions": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
        "benefit": REQ_STR,
        "date": DATE,
        "hours": {"type": "number", "required": True, "min": 0, "max": 10000},
        "language": {"type": "string", "required": True, "empty": False, "regex": "^[a-z]{2,3}$"},
    }}},
}


def check(doc: Document, rev: Revision, resolver: RevisionResolver) -> list[Problem]:
    data = doc.data
    problems = plan_known(doc, rev, "plan", data["plan"])
    year_start = parse_date(data["contract_year_start"])
    for i, session in enumerate(data["sessions"]):
        day = parse_date(session["date"])
        if day < year_start:
            problems.append(doc.problem(f"sessions[{i}].date", f"session on {session['date']} is before "
                                        f"contract_year_start ({data['contract_year_start']})"))
            continue
        srev = item_revision(resolver, day, doc, f"sessions[{i}].date", problems)
        if srev is None:
            continue
        if srev is not rev:
            problems += plan_known(doc, srev, "plan", data["plan"])
        known = srev.terms["benefits"]
        if session["benefit"] not in known:
            problems.append(doc.problem(f"sessions[{i}].benefit", f"unknown benefit {session['benefit']!r}; "
                                        f"known benefits: {', '.join(sorted(known))}"))
    return problems


def facts(doc: Document, rev: Revision, resolver: RevisionResolver) -> dict:
    """Each session's periods and revision, and each (benefit, period) with the sessions in it."""
    start = parse_date(doc.data["contract_year_start"])
    sessions = []
    groups: dict[tuple, dict] = {}
    for i, session in enumerate(doc.data["sessions"]):
        day = parse_date(session["date"])
        srev = resolver.in_force_on(day)
        # A benefit recorded under another id of the same benefit (`same_as`) counts as that benefit.
        benefit = srev.terms["benefits"].get(session["benefit"], {}).get("same_as", session["benefit"])
        periods = {name: period(start, day, months) for name, months in PERIOD_MONTHS.items()}
        for name, p in periods.items():
            p["version"] = resolver.in_force_on(parse_date(p["start"])).version
            key = (benefit, name, p["index"])
            groups.setdefault(key, {"benefit": benefit, "per": name, "period": p, "sessions": []})
            groups[key]["sessions"].append(i)
        version = srev.version
        periods["session"] = {"index": i, "start": session["date"], "end": session["date"], "version": version}
        sessions.append({"index": i, "version": version, "periods": periods})
    return {"sessions": sessions, "periods": list(groups.values())}


KIND = Kind("BenefitUsage", SCHEMA, ("contract_year_start",), "account", check, facts, section="benefit_usage")
