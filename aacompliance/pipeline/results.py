"""The result model every output format is rendered from."""
from __future__ import annotations

from dataclasses import dataclass, field

from aacompliance.documents.base import Document
from aacompliance.errors import ExitCode, Problem


@dataclass
class Violation:
    rule: str
    message: str
    clause: dict
    contract: dict
    data: dict = field(default_factory=dict)
    #: Line of the offending field in the document, when the rule names a field.
    line: int | None = None
    #: The waiver covering it, for a waived violation: {id, reason, approved_by, approved_on,
    #: expires_on, clause, path}.
    waiver: dict | None = None
    #: The stable message key of the finding (``coverage.order_scope``): which
    #: wording applies, so no reader switches on rule ids; ``data`` fills it in.
    key: str = ""

    def as_dict(self) -> dict:
        out = {"rule": self.rule, "key": self.key, "message": self.message, "clause": self.clause,
               "contract": self.contract, "data": self.data}
        if self.line is not None:
            out["line"] = self.line
        if self.waiver is not None:
            out["waiver"] = self.waiver
        return out


@dataclass
class DocumentResult:
    path: str
    kind: str | None = None
    id: str | None = None
    contract: dict | None = None
    violations: list[Violation] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    #: Violations covered by a waiver in force (each with its ``waiver``); they do not
    #: make the document non-compliant, but are always reported.
    waived: list[Violation] = field(default_factory=list)
    #: What became of each waiver naming this document: {id, status (applied, expired,
    #: unused), matched (violations of its rule and subject), expires_on, document_date}.
    waivers: list[dict] = field(default_factory=list)
    #: Kind-specific figures computed by the policies (ledger, attainment, coverage).
    report: dict = field(default_factory=dict)
    #: The document while it is evaluated (its line finder locates violations); kept
    #: afterwards only for callers that need it (statements). Never output.
    document: Document | None = field(default=None, repr=False, compare=False)

    @property
    def source_data(self) -> dict | None:
        return self.document.data if self.document is not None else None

    @property
    def compliant(self) -> bool | None:
        """True/False once evaluated; None when the document could not be evaluated."""
        if self.errors:
            return None
        return not self.violations

    def as_dict(self) -> dict:
        out: dict = {"path": self.path, "kind": self.kind, "id": self.id}
        if self.errors:
            out["errors"] = [p.as_dict() for p in self.errors]
            return out
        out["contract"] = self.contract
        out["compliant"] = self.compliant
        out["violations"] = [v.as_dict() for v in self.violations]
        if self.waived:
            out["waived"] = [v.as_dict() for v in self.waived]
        if self.waivers:
            out["waivers"] = self.waivers
        if self.report:
            out["report"] = self.report
        return out


@dataclass
class WaiverOutcome:
    """What became of one waiver over a whole run."""

    id: str
    path: str
    account: str
    document: str
    rule: str
    subject: str | None
    approved_by: str
    expires_on: str
    #: applied (it covered at least one violation), expired (on the date of a document it
    #: names; that document's violations stand) or unused (it matched nothing: a warning).
    status: str
    #: Why, in one sentence (e.g. what it matched, or why not).
    detail: str = ""
    #: The documents (paths) it covered violations of.
    documents: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "account": self.account, "document": self.document,
                "rule": self.rule, "subject": self.subject, "approved_by": self.approved_by,
                "expires_on": self.expires_on, "status": self.status, "detail": self.detail,
                "documents": self.documents}


@dataclass
class Tally:
    """Running counts of a run, kept as results go by (a streamed report keeps no document)."""

    documents: int = 0
    compliant: int = 0
    violations: int = 0
    errors: int = 0
    waived: int = 0

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        verdict = result.compliant
        if verdict is True:
            self.compliant += 1
        elif verdict is False:
            self.violations += 1
        else:
            self.errors += 1
        self.waived += len(result.waived)


@dataclass
class Report:
    documents: list[DocumentResult] = field(default_factory=list)
    #: Problems not tied to one document (e.g. a path that does not exist).
    problems: list[Problem] = field(default_factory=list)
    #: The waivers given to the run and what became of each (empty when none was given).
    waivers: list[WaiverOutcome] = field(default_factory=list)
    #: Counts of the documents already written out and not kept (a streamed run, see
    #: ``aacompliance check``); :meth:`summary` adds them to those in ``documents``.
    streamed: Tally = field(default_factory=Tally)

    def add(self, result: DocumentResult, *, keep: bool = True) -> None:
        """Count ``result``; keep it in ``documents`` only if asked (streaming does not)."""
        if keep:
            self.documents.append(result)
        else:
            self.streamed.add(result)

    def summary(self) -> dict:
        tally = Tally(**vars(self.streamed))
        for result in self.documents:
            tally.add(result)
        out = {"documents": tally.documents, "compliant": tally.compliant, "violations": tally.violations,
               "errors": tally.errors + len(self.problems)}
        if self.waivers:
            out["waived"] = tally.waived
            out["waivers"] = {status: sum(1 for w in self.waivers if w.status == status)
                              for status in ("applied", "expired", "unused")}
        return out

    @property
    def exit_code(self) -> ExitCode:
        summary = self.summary()
        if summary["errors"]:
            return ExitCode.INPUT
        if summary["violations"]:
            return ExitCode.VIOLATIONS
        return ExitCode.OK

    def as_dict(self) -> dict:
        out = {"summary": self.summary(), "documents": [d.as_dict() for d in self.documents]}
        if self.problems:
            out["errors"] = [{"path": p.path, **p.as_dict()} for p in self.problems]
        if self.waivers:
            out["waivers"] = [w.as_dict() for w in self.waivers]
        return out
