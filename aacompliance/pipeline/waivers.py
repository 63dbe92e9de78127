"""Waivers in a run: found among the inputs (or under --waivers), checked, handed to the
engine with the documents they name, and what became of each.

Whether a waiver covers a violation is decided in Rego (``aacompliance.waivers``), so every
engine and an OPA server give the same answer; Python only validates the waivers, passes
each document the ones naming its account and id (``input.waivers``), and sums up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aacompliance import documents
from aacompliance.documents import KINDS, waiver
from aacompliance.errors import InputError, Problem
from aacompliance.pipeline.results import DocumentResult, WaiverOutcome
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.util import yamlio

#: A file that may hold a Waiver: its ``kind`` says so (YAML or JSON, quoted or not).
_MAYBE_WAIVER = re.compile(rb"""["']?\bkind["']?\s*:\s*(?:!!str\s+)?["']?Waiver\b""")


@dataclass(frozen=True)
class Waiver:
    """One validated waiver and the file it came from."""

    path: str
    data: dict

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def target(self) -> tuple[str, str]:
        return self.data["account"], self.data["document"]

    def as_setting(self) -> dict:
        """Picklable, for worker processes."""
        return {"path": self.path, **waiver.engine_view(self.data)}


def validate(doc: documents.Document, rules: dict, resolver: RevisionResolver) -> list[Problem]:
    """Every problem of a loaded Waiver document (rule, subject, dates, clause)."""
    return waiver.check_rule(doc, rules) + waiver.KIND.check(doc, None, resolver)


def validated(docs: list[documents.Document], rules: dict, resolver: RevisionResolver
              ) -> tuple[WaiverIndex, list[Problem]]:
    """Waiver documents held in memory (the API, the service), checked; the index of the good
    ones and the problems of the others."""
    found: list[dict] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for doc in docs:
        if doc.kind != waiver.KIND.name:
            problems.append(doc.problem("kind", f"expected a Waiver, got {doc.kind}"))
            continue
        issues = validate(doc, rules, resolver)
        if doc.data["id"] in seen:
            issues.append(doc.problem("id", f"waiver id {doc.data['id']!r} is given twice"))
        problems += issues
        if not issues:
            seen.add(doc.data["id"])
            found.append(Waiver(doc.path, doc.data).as_setting())
    return WaiverIndex(found), problems


def may_be_waiver(path: Path) -> bool:
    """Whether a file may hold a Waiver (a cheap look before parsing; never more than the
    largest document accepted is read; loading reports what is wrong with a file)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(yamlio.MAX_FILE_BYTES + 1)
    except OSError:
        return False
    return b"Waiver" in head and _MAYBE_WAIVER.search(head) is not None


def collect(files: list[Path], explicit: list[Path], rules: dict, resolver: RevisionResolver
            ) -> tuple[list[Waiver], list[Path], list[Problem]]:
    """Split the inputs: the waivers (from ``explicit`` files, which must all be waivers,
    and from ``files`` that are), the other files, and the problems of broken waivers.
    Waiver ids are unique over the run."""
    found: list[Waiver] = []
    rest: list[Path] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def take(path: Path, must: bool) -> bool:
        try:
            doc = documents.load(path)
        except InputError as exc:
            problems.extend(exc.problems)
            return True
        if doc.kind != waiver.KIND.name:
            if must:
                problems.append(doc.problem("kind", f"expected a Waiver (given with --waivers), got {doc.kind}"))
            return must
        issues = validate(doc, rules, resolver)
        if doc.data["id"] in seen:
            issues.append(doc.problem("id", f"waiver id {doc.data['id']!r} is also used in {seen[doc.data['id']]}"))
        if issues:
            problems.extend(issues)
        else:
            seen[doc.data["id"]] = str(path)
            found.append(Waiver(str(path), doc.data))
        return True

    for path in explicit:
        take(path, True)
    explicit_set = set(explicit)
    for path in files:
        if path in explicit_set:
            continue
        if not (may_be_waiver(path) and take(path, False)):
            rest.append(path)
    return found, rest, problems


class WaiverIndex:
    """The waivers of a run by the (account, document id) they name."""

    def __init__(self, waivers: list[dict] = ()):
        self.waivers = list(waivers)
        self._by_target: dict[tuple[str, str], list[dict]] = {}
        for w in self.waivers:
            self._by_target.setdefault((w["account"], w["document"]), []).append(
                {k: v for k, v in w.items() if k != "path"})

    def __bool__(self) -> bool:
        return bool(self.waivers)

    def for_document(self, doc: documents.Document) -> list[dict]:
        """The waivers naming this document's account and id (for ``input.waivers``)."""
        kind = KINDS[doc.kind]
        key = (kind.account(doc.data), str(doc.data.get(kind.id_field)))
        return self._by_target.get(key, [])


def outcomes(index: WaiverIndex, results: list[DocumentResult]) -> list[WaiverOutcome]:
    """What became of each waiver of the run, from the decisions about the documents it names."""
    seen: dict[str, list[tuple[DocumentResult, dict]]] = {}
    for result in results:
        for entry in result.waivers:
            seen.setdefault(entry["id"], []).append((result, entry))
    out = []
    for w in index.waivers:
        hits = seen.get(w["id"], [])
        what = w["rule"] + (f" for {w['subject']}" if w.get("subject") else "")
        applied = [r.path for r, e in hits if e["status"] == "applied"]
        expired = [(r, e) for r, e in hits if e["status"] == "expired"]
        if applied:
            status, detail = "applied", f"waives {what} in {', '.join(applied)}"
        elif expired:
            r, e = expired[0]
            stands = f"; its {e['matched']} violation(s) stand" if e["matched"] else ""
            status = "expired"
            detail = f"expired on {w['expires_on']}, before {r.id} dated {e.get('document_date')}{stands}"
        elif hits:
            status = "unused"
            detail = f"no violation of {what} in {', '.join(r.path for r, _ in hits)}"
        else:
            status = "unused"
            detail = f"no judged document {w['document']} of account {w['account']} among the inputs"
        out.append(WaiverOutcome(w["id"], w["path"], w["account"], w["document"], w["rule"], w.get("subject"),
                                 w["approved_by"], w["expires_on"], status, detail, applied))
    return out
