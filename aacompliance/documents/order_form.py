"""OrderForm: subscriptions and the support lines that must cover them (signed_on selects the terms)."""
from __future__ import annotations

from aacompliance.documents.base import HEADER, Document, Kind, ordered, plan_known
from aacompliance.errors import Problem
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util.validation import BOOL, DATE, REQ_STR, STR

SCHEMA = HEADER | {
    "id": REQ_STR,
    "customer": {"type": "dict", "required": True, "schema": {"name": REQ_STR, "account": REQ_STR}},
    "signed_on": DATE,
    "subscriptions": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
        "id": REQ_STR, "product": REQ_STR, "region": REQ_STR, "entity": REQ_STR,
        "start": DATE, "end": DATE, "new": BOOL,
    }}},
    "support": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
        "plan": REQ_STR,
        "covers": {"type": "list", "required": True, "schema": STR},
        "start": DATE, "end": DATE,
        "credit_or_refund": BOOL | {"required": True},
    }}},
    "extra_tams": {"type": "list", "schema": {"type": "dict", "schema": {"region": REQ_STR}}},
}


def check(doc: Document, rev: Revision, resolver: RevisionResolver) -> list[Problem]:
    data, problems = doc.data, []
    seen: set[str] = set()
    for i, sub in enumerate(data["subscriptions"]):
        problems += ordered(doc, f"subscriptions[{i}].end", sub["start"], sub["end"])
        if sub["id"] in seen:
            problems.append(doc.problem(f"subscriptions[{i}].id", f"subscription id {sub['id']!r} appears twice"))
        seen.add(sub["id"])
    for i, line in enumerate(data["support"]):
        problems += plan_known(doc, rev, f"support[{i}].plan", line["plan"])
        problems += ordered(doc, f"support[{i}].end", line["start"], line["end"])
    return problems


KIND = Kind("OrderForm", SCHEMA, ("signed_on",), "id", check, section="order_form",
            account_field=("customer", "account"))
