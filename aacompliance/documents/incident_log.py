"""IncidentLog: incidents and their first responses over a period (period.start selects the terms).

An incident's initial-response target and how its time is measured come from the revision
in force on the day it was opened (in the log's time zone); the attainment percentage from
the revision of the log as a whole. Python measures calendar and business minutes (time
zones and daylight saving are not portable in Rego); Rego compares them with the targets.
"""
from __future__ import annotations

import datetime as dt
import functools

from aacompliance.documents.base import HEADER, Document, Kind, item_revision, ordered, plan_known
from aacompliance.errors import Problem
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util.businesstime import BusinessHours, calendar_minutes, zone
from aacompliance.util.dates import parse_date, parse_timestamp
from aacompliance.util.validation import DATE, REQ_STR

SCHEMA = HEADER | {
    "account": REQ_STR,
    "plan": REQ_STR,
    "timezone": {"type": "string", "required": True, "empty": False, "check_with": "timezone"},
    "period": {"type": "dict", "required": True, "schema": {"start": DATE, "end": DATE}},
    "incidents": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
        "id": REQ_STR,
        "severity": {"type": "integer", "required": True, "min": 1, "max": 4},
        "opened": {"type": "string", "required": True, "empty": False, "check_with": "timestamp"},
        "first_response": {"type": "string", "nullable": True, "empty": False, "check_with": "timestamp"},
    }}},
}


def _opened_day(incident: dict, tz_name: str) -> dt.date:
    return _local_day(incident["opened"], tz_name)


@functools.lru_cache(maxsize=4096)
def _local_day(stamp: str, tz_name: str) -> dt.date:
    """The day of a timestamp in a time zone (asked by the checks and again by the facts)."""
    return parse_timestamp(stamp).astimezone(zone(tz_name)).date()


def check(doc: Document, rev: Revision, resolver: RevisionResolver) -> list[Problem]:
    data = doc.data
    problems = plan_known(doc, rev, "plan", data["plan"])
    problems += ordered(doc, "period.end", data["period"]["start"], data["period"]["end"])
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
        irev = item_revision(resolver, _opened_day(incident, data["timezone"]), doc, f"incidents[{i}].opened",
                             problems)
        if irev is not None and irev is not rev:
            problems += plan_known(doc, irev, "plan", data["plan"])
    return problems


def facts(doc: Document, rev: Revision, resolver: RevisionResolver) -> dict:
    data = doc.data
    tz = zone(data["timezone"])
    period_end = parse_date(data["period"]["end"]) + dt.timedelta(days=1)
    as_of = dt.datetime(period_end.year, period_end.month, period_end.day, tzinfo=tz)
    incidents = []
    hours_of: dict[str, BusinessHours] = {}
    for incident in data["incidents"]:
        irev = resolver.in_force_on(_opened_day(incident, data["timezone"]))
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


KIND = Kind("IncidentLog", SCHEMA, ("period", "start"), "account", check, facts, section="incident_log")
