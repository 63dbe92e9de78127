"""The revision in force: the one object that decides which terms judge a date.

Every caller — a document as a whole, a dated item inside it (a session, an incident,
the start of a period), a statement, a diff's impact run — asks the same resolver, so
that "the terms in force on a day" has exactly one definition.
"""
from __future__ import annotations

import datetime as dt

from aacompliance.errors import AacError, ExitCode
from aacompliance.terms.store import DEFAULT_CONTRACT, ContractStore, Revision


class NotInForce(AacError):
    """No published revision was in force on a date (it is before the first one)."""

    exit_code = ExitCode.INPUT

    def __init__(self, day: dt.date, earliest: Revision):
        self.day, self.earliest = day, earliest
        super().__init__(f"{day.isoformat()} is before the earliest revision of the terms "
                         f"({earliest.contract_id}, effective {earliest.effective_date.isoformat()})")


class RevisionResolver:
    """The latest published revision effective on or before a day — or, when one is
    forced (``--revision``, e.g. a draft), that one for every date."""

    def __init__(self, store: ContractStore, forced: Revision | None = None,
                 contract_id: str = DEFAULT_CONTRACT):
        self.store, self.forced, self.contract_id = store, forced, contract_id
        self._by_day: dict[dt.date, Revision] = {}

    def in_force_on(self, day: dt.date) -> Revision:
        """The revision in force on ``day``; :class:`NotInForce` before the first one."""
        if self.forced is not None:
            return self.forced
        rev = self._by_day.get(day)
        if rev is None:
            rev = self.store.in_force_on(day, self.contract_id)
            if rev is None:
                raise NotInForce(day, self.store.earliest(self.contract_id))
            if len(self._by_day) < 100_000:
                self._by_day[day] = rev
        return rev

    def by_ref(self, ref: dict) -> Revision:
        """The revision a result names (``{"id", "version"}``)."""
        if self.forced is not None and self.forced.ref == ref:
            return self.forced
        for rev in self.store.revisions(ref["id"]):
            if rev.version == ref["version"]:
                return rev
        raise KeyError(f"no revision {ref['id']}@{ref['version']}")

    def revisions(self) -> list[Revision]:
        """Every revision an engine must hold: all of the store's, plus the forced one."""
        revs = [r for cid in self.store.contract_ids() for r in self.store.revisions(cid)]
        if self.forced is not None and self.forced not in revs:
            revs.append(self.forced)
        return revs
