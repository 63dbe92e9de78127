"""Waiver: an approved exception to one rule for one document (not itself judged).

A waiver names the ``account`` and the ``document`` (the id ``check`` shows: an order
form's ``id``; the ``account`` of a roster, benefit usage or incident log), the ``rule``
it sets aside and, optionally, the ``subject`` — the subscription, contact email or
benefit the violation names (the rule's METADATA ``subject`` says which field); without
a subject it covers every violation of that rule in that document.

Its date is ``approved_on``: the revision in force on that day is the one whose clause
ids an optional ``clause`` may name (without one, the waived violation's own clause is
cited). A waiver is judged against no plan; it applies to a document dated on or before
its ``expires_on`` — on the day itself it still applies, from the day after it has
expired. The decision itself is made in Rego (package ``aacompliance.waivers``).
"""
from __future__ import annotations

from aacompliance.documents.base import HEADER, Document, Kind
from aacompliance.errors import Problem
from aacompliance.terms.resolver import NotInForce, RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util.dates import parse_date
from aacompliance.util.validation import DATE, REQ_STR, STR

SCHEMA = HEADER | {
    "id": REQ_STR,
    "account": REQ_STR,
    "rule": {"type": "string", "required": True, "empty": False, "regex": "^[A-Z][A-Z0-9-]*$"},
    "document": REQ_STR,
    "subject": STR,
    "reason": REQ_STR,
    "approved_by": REQ_STR,
    "approved_on": DATE,
    "expires_on": DATE,
    "clause": STR,
}

#: The fields the engine receives (``input.waivers``).
ENGINE_FIELDS = ("id", "account", "rule", "document", "subject", "reason", "approved_by", "approved_on",
                 "expires_on", "clause")


def check(doc: Document, rev: Revision | None, resolver: RevisionResolver) -> list[Problem]:
    """Dates in order and, when the waiver cites a clause, a clause of the revision in force
    on ``approved_on``."""
    data, problems = doc.data, []
    approved, expires = parse_date(data["approved_on"]), parse_date(data["expires_on"])
    if expires < approved:
        problems.append(doc.problem("expires_on", f"expires ({data['expires_on']}) before it was approved "
                                                  f"({data['approved_on']})"))
    if "clause" in data:
        if rev is None:
            try:
                rev = resolver.in_force_on(approved)
            except NotInForce as exc:
                return problems + [doc.problem("approved_on", f"cites clause {data['clause']!r}, but {exc}")]
        if data["clause"] not in rev.terms.get("clauses", {}):
            problems.append(doc.problem("clause", f"unknown clause {data['clause']!r} in revision {rev.version} "
                                                  f"(in force on approved_on {data['approved_on']})"))
    return problems


def check_rule(doc: Document, rules: dict) -> list[Problem]:
    """The waived rule exists (``rules``: rule id → Rule) and, if a subject is named, its
    violations have one."""
    data = doc.data
    rule = rules.get(data["rule"])
    if rule is None:
        return [doc.problem("rule", f"unknown rule {data['rule']!r}; known rules: {', '.join(sorted(rules))}")]
    if "subject" in data and not rule.subject:
        return [doc.problem("subject", f"{rule.id} violations concern the whole document and name no subject; "
                                       "remove `subject` to waive the rule for this document")]
    return []


def engine_view(data: dict) -> dict:
    """The waiver as the engine receives it."""
    return {k: data[k] for k in ENGINE_FIELDS if k in data}


KIND = Kind("Waiver", SCHEMA, ("approved_on",), "id", check, judged=False)
