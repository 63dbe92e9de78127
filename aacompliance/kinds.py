"""What differs between document kinds: the date that selects the revision, the
id shown to users, checks against the revision in force, and derived facts.

Facts are measurements the policies need but Rego cannot make portably (business
minutes across time zones and daylight saving, contract periods of a date), and
the revision in force on each dated item (a session, an incident, a period start).
They are computed from the contract revisions' own definitions and sent with the
input; every rule and limit stays in Rego and in the contract data.

Which revision applies to what:
- a document as a whole: the revision in force on its reference date;
- a benefit session (included? which languages? its per-session cap): the revision
  in force on the session's date; a cap per month, quarter or contract year: the
  revision in force when that period started;
- an incident's initial-response target and how its time is measured: the revision
  in force on the day it was opened (in the log's time zone); the attainment
  percentage: the revision of the log as a whole (in force when its period started).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable


from .businesstime import BusinessHours, calendar_minutes, zone
from .contracts import Revision
from .documents import Document
from .errors import InputError, Problem
from .validation import parse_date, parse_timestamp

#: ``revision_on(day, document, field)``: the revision in force on ``day``, or an input
#: error at ``field`` (see Evaluator.revision_on).
RevisionOn = Callable[[dt.date, Document, str], Revision]


def _plan_known(doc: Document, rev: Revision, field: str, plan: str) -> list[Problem]:
    if plan in rev.terms["plans"]:
        return []
    return [doc.problem(field, f"unknown plan {plan!r}; revision {rev.version} has "
                        f"{', '.join(rev.plan_ids)}")]


def _ordered(doc: Document, field: str, start: str, end: str) -> list[Problem]:
    if parse_date(end) < parse_date(start):
        return [doc.problem(field, f"ends ({end}) before it starts ({start})")]
    return []


# --- OrderForm -----------------------------------------------------------------

def _check_order_form(doc: Document, rev: Revision, revision_on: RevisionOn) -> list[Problem]:
    data, problems = doc.data, []
    seen: set[str] = set()
    for i, sub in enumerate(data["subscriptions"]):
        problems += _ordered(doc, f"subscriptions[{i}].end", sub["start"], sub["end"])
        if sub["id"] in seen:
            problems.append(doc.problem(f"subscriptions[{i}].id", f"subscription id {sub['id']!r} appears twice"))
        seen.add(sub["id"])
    for i, line in enumerate(data["support"]):
        problems += _plan_known(doc, rev, f"support[{i}].plan", line["plan"])
        problems += _ordered(doc, f"support[{i}].end", line["start"], line["end"])
    return problems


# --- Roster --------------------------------------------------------------------

def _check_roster(doc: Document, rev: Revision, revision_on: RevisionOn) -> list[Problem]:
    return _plan_known(doc, rev, "plan", doc.data["plan"])


# --- BenefitUsage --------------------------------------------------------------

def _item_revision(revision_on: RevisionOn, day: dt.date, doc: Document, field: str,
                   problems: list[Problem]) -> Revision | None:
    try:
        return revision_on(day, doc, field)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _check_benefit_usage(doc: Document, rev: Revision, revision_on: RevisionOn) -> list[Problem]:
    data = doc.data
    problems = _plan_known(doc, rev, "plan", data["plan"])
    year_start = parse_date(data["contract_year_start"])
    for i, session in enumerate(data["sessions"]):
        day = parse_date(session["date"])
        if day < year_start:
            problems.append(doc.problem(f"sessions[{i}].date", f"session on {session['date']} is before "
                                        f"contract_year_start ({data['contract_year_start']})"))
            continue
        srev = _item_revision(revision_on, day, doc, f"sessions[{i}].date", problems)
        if srev is None:
            continue
        if srev is not rev:
            problems += _plan_known(doc, srev, "plan", data["plan"])
        known = srev.terms["benefits"]
        if session["benefit"] not in known:
            problems.append(doc.problem(f"sessions[{i}].benefit", f"unknown benefit {session['benefit']!r}; "
                                        f"known benefits: {', '.join(sorted(known))}"))
    return problems


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for dom in range(day.day, 27, -1):  # clamp the 29th–31st to the month's end
        try:
            return dt.date(year, month, dom)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def _period(start: dt.date, day: dt.date, length: int) -> dict:
    """The period of ``length`` months counted from ``start`` that contains ``day``."""
    months = (day.year - start.year) * 12 + day.month - start.month
    index = months // length
    while _add_months(start, index * length) > day:
        index -= 1
    while _add_months(start, (index + 1) * length) <= day:
        index += 1
    begin = _add_months(start, index * length)
    end = _add_months(start, (index + 1) * length) - dt.timedelta(days=1)
    return {"index": index, "start": begin.isoformat(), "end": end.isoformat()}


_PERIOD_MONTHS = {"month": 1, "quarter": 3, "contract_year": 12}


def _facts_benefit_usage(doc: Document, rev: Revision, revision_on: RevisionOn) -> dict:
    """Each session's periods and revision, and each (benefit, period) with the sessions in it."""
    start = parse_date(doc.data["contract_year_start"])
    sessions = []
    groups: dict[tuple, dict] = {}
    for i, session in enumerate(doc.data["sessions"]):
        day = parse_date(session["date"])
        srev = revision_on(day, doc, f"sessions[{i}].date")
        # A benefit recorded under another id of the same benefit (`same_as`) counts as that benefit.
        benefit = srev.terms["benefits"].get(session["benefit"], {}).get("same_as", session["benefit"])
        periods = {name: _period(start, day, months) for name, months in _PERIOD_MONTHS.items()}
        for name, period in periods.items():
            period["version"] = revision_on(parse_date(period["start"]), doc, f"sessions[{i}].date").version
            key = (benefit, name, period["index"])
            groups.setdefault(key, {"benefit": benefit, "per": name, "period": period, "sessions": []})
            groups[key]["sessions"].append(i)
        version = srev.version
        periods["session"] = {"index": i, "start": session["date"], "end": session["date"], "version": version}
        sessions.append({"index": i, "version": version, "periods": periods})
    return {"sessions": sessions, "periods": list(groups.values())}


# --- IncidentLog ---------------------------------------------------------------

def _opened_day(incident: dict, tz_name: str) -> dt.date:
    return parse_timestamp(incident["opened"]).astimezone(zone(tz_name)).date()


def _check_incident_log(doc: Document, rev: Revision, revision_on: RevisionOn) -> list[Problem]:
    data = doc.data
    problems = _plan_known(doc, rev, "plan", data["plan"])
    problems += _ordered(doc, "period.end", data["period"]["start"], data["period"]["end"])
    seen: set[str] = set()
    for i, incident in enumerate(data["incidents"]):
        opened = parse_timestamp(incident["opened"])
        response = incident.get("first_response")
        if response is not None and parse_timestamp(response) < opened:
            problems.append(doc.problem(f"incidents[{i}].first_response",
                                        f"first response ({response}) is before the incident was opened "
                                        f"({incident['opened']})"))
        if incident["id"] in seen:
            problems.append(doc.problem(f"incidents[{i}].id", f"incident id {incident['id']!r} appears twice"))
        seen.add(incident["id"])
        irev = _item_revision(revision_on, _opened_day(incident, data["timezone"]), doc, f"incidents[{i}].opened",
                              problems)
        if irev is not None and irev is not rev:
            problems += _plan_known(doc, irev, "plan", data["plan"])
    return problems


def _facts_incident_log(doc: Document, rev: Revision, revision_on: RevisionOn) -> dict:
    data = doc.data
    tz = zone(data["timezone"])
    period_end = parse_date(data["period"]["end"]) + dt.timedelta(days=1)
    as_of = dt.datetime(period_end.year, period_end.month, period_end.day, tzinfo=tz)
    incidents = []
    hours_of: dict[str, BusinessHours] = {}
    for i, incident in enumerate(data["incidents"]):
        irev = revision_on(_opened_day(incident, data["timezone"]), doc, f"incidents[{i}].opened")
        if irev.version not in hours_of:
            hours_of[irev.version] = BusinessHours.from_terms(irev.terms["business_hours"])
        hours = hours_of[irev.version]
        opened = parse_timestamp(incident["opened"])
        response = incident.get("first_response")
        finish = parse_timestamp(response) if response else max(as_of, opened)
        incidents.append({
            "id": incident["id"],
            "version": irev.version,
            "open": response is None,
            "elapsed": {
                "calendar": round(calendar_minutes(opened, finish), 3),
                "business": round(hours.minutes_between(opened, finish, data["timezone"]), 3),
            },
        })
    return {"incidents": incidents, "as_of": as_of.isoformat()}


@dataclass(frozen=True)
class Kind:
    name: str
    date_field: tuple[str, ...]  #: path to the date that selects the revision
    id_field: str
    check: Callable[[Document, Revision, RevisionOn], list[Problem]]
    facts: Callable[[Document, Revision, RevisionOn], dict] | None = None

    def reference_date(self, data: dict) -> dt.date:
        value = data
        for part in self.date_field:
            value = value[part]
        return parse_date(value)


KINDS = {
    "OrderForm": Kind("OrderForm", ("signed_on",), "id", _check_order_form),
    "Roster": Kind("Roster", ("as_of",), "account", _check_roster),
    "BenefitUsage": Kind("BenefitUsage", ("contract_year_start",), "account", _check_benefit_usage,
                         _facts_benefit_usage),
    "IncidentLog": Kind("IncidentLog", ("period", "start"), "account", _check_incident_log,
                        _facts_incident_log),
}
