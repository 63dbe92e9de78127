"""What every document kind is made of, and the checks they share.

A document kind is one module of this package: its schema, the date that selects its
revision, the id shown to users, the checks that need the revision in force, the facts
Python computes for Rego, and the statement section that shows it. The registry
(:mod:`aacompliance.documents.registry`) lists the kinds.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable

from aacompliance.errors import Problem
from aacompliance.terms.resolver import NotInForce, RevisionResolver
from aacompliance.terms.store import Revision
from aacompliance.util import yamlio
from aacompliance.util.dates import parse_date

#: Every document starts with these two fields.
HEADER = {
    "apiVersion": {"type": "string", "required": True, "allowed": ["aacompliance/v1"]},
    "kind": {"type": "string", "required": True},
}


@dataclass
class Document:
    """One parsed, schema-checked document, kept from loading to the verdict (its line
    finder locates every field a problem or a violation names)."""

    path: str
    text: str
    data: dict
    #: The lines of every key and item, recorded by the parse (:func:`yamlio.parse`);
    #: empty or None when not recorded (the fast path, JSON): the text is then read again
    #: when a line is first asked for (an error or a violation to locate), never otherwise.
    positions: dict | None = field(default=None, repr=False, compare=False)

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @functools.cached_property
    def lines(self) -> yamlio.Lines:
        return yamlio.Lines(self.data, self.positions, self.text, self.path)

    def line(self, field: str) -> int | None:
        return self.lines.line(field)

    def problem(self, field: str, message: str) -> Problem:
        """A problem at ``field`` of this document, with its line."""
        return Problem(self.path, message, self.line(field), field)


Check = Callable[[Document, Revision, RevisionResolver], list[Problem]]
Facts = Callable[[Document, Revision, RevisionResolver], dict]


@dataclass(frozen=True)
class Kind:
    """One document kind (see the module docstring)."""

    name: str
    schema: dict  #: Cerberus rules: shape and formats only
    date_field: tuple[str, ...]  #: path to the date that selects the revision
    id_field: str  #: the field shown as the document's id
    check: Check  #: checks that need the revision (plan ids, benefit ids, order of dates)
    facts: Facts | None = None  #: measurements Rego needs but cannot make portably
    section: str = ""  #: the statement template block that shows this kind
    account_field: tuple[str, ...] = ("account",)  #: path to the customer account (waivers name it)
    judged: bool = True  #: False for kinds that are not judged against a plan (Waiver)

    def identity(self) -> dict:
        """Where the engine finds this kind's id, account and date in a document (for waivers)."""
        return {"id": [self.id_field], "account": list(self.account_field), "date": list(self.date_field)}

    def account(self, data: dict):
        value = data
        for part in self.account_field:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def reference_date(self, data: dict) -> dt.date:
        value = data
        for part in self.date_field:
            value = value[part]
        return parse_date(value)

    def revision(self, doc: Document, resolver: RevisionResolver) -> Revision:
        """The revision of the document as a whole; an input error at its date field."""
        from aacompliance.errors import InputError
        try:
            return resolver.in_force_on(self.reference_date(doc.data))
        except NotInForce as exc:
            raise InputError(doc.problem(".".join(self.date_field), str(exc))) from None


# -- checks shared by several kinds ------------------------------------------------

def plan_known(doc: Document, rev: Revision, field: str, plan: str) -> list[Problem]:
    if plan in rev.terms["plans"]:
        return []
    return [doc.problem(field, f"unknown plan {plan!r}; revision {rev.version} has "
                        f"{', '.join(rev.plan_ids)}")]


def ordered(doc: Document, field: str, start: str, end: str) -> list[Problem]:
    if parse_date(end) < parse_date(start):
        return [doc.problem(field, f"ends ({end}) before it starts ({start})")]
    return []


def item_revision(resolver: RevisionResolver, day: dt.date, doc: Document, field: str,
                  problems: list[Problem]) -> Revision | None:
    """The revision in force for a dated item; a problem at ``field`` (and None) before the first."""
    try:
        return resolver.in_force_on(day)
    except NotInForce as exc:
        problems.append(doc.problem(field, str(exc)))
        return None
