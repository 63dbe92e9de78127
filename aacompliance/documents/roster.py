"""Roster: designated support contacts, admins, visibility, slots and languages (as_of selects the terms)."""
from __future__ import annotations

from aacompliance.documents.base import HEADER, Document, Kind, plan_known
from aacompliance.errors import Problem
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util.validation import BOOL, DATE, REQ_STR, STR

SCHEMA = HEADER | {
    "account": REQ_STR,
    "customer": REQ_STR,
    "plan": REQ_STR,
    "as_of": DATE,
    "regional_slots": {"type": "list", "required": True, "schema": STR},
    "languages": {"type": "list", "required": True,
                  "schema": {"type": "string", "empty": False, "regex": "^[a-z]{2,3}$"}},
    "contacts": {"type": "list", "required": True, "schema": {"type": "dict", "schema": {
        "email": {"type": "string", "required": True, "empty": False, "regex": r"^[^@\s]+@[^@\s]+$"},
        "name": REQ_STR,
        "admin": BOOL | {"required": True},
        "sees": {"type": "string", "required": True, "allowed": ["own", "account"]},
        "cc_on_incidents": BOOL,
    }}},
    "account_wide_visibility": {"type": "dict", "required": True, "schema": {
        "enabled": BOOL | {"required": True},
        "enabled_by": {"type": "string", "nullable": True},
    }},
}


def check(doc: Document, rev: Revision, resolver: RevisionResolver) -> list[Problem]:
    return plan_known(doc, rev, "plan", doc.data["plan"])


KIND = Kind("Roster", SCHEMA, ("as_of",), "account", check, section="roster")
