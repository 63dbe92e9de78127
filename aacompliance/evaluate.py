"""Evaluating documents: revision in force, input for the engine, results."""
from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import documents
from .contracts import ContractStore, Revision
from .engines import Engine, create
from .errors import InputError, Problem
from .inputspec import input_spec
from .kinds import KINDS
from .policies import PolicySet, default_contracts_dir
from .results import DocumentResult, Report, Violation

#: Documents per engine call.
BATCH = 64
#: Below this many files, --jobs auto stays in one process (forking costs more).
PARALLEL_THRESHOLD = 400


@dataclass
class Settings:
    """Everything needed to build an Evaluator (picklable, for worker processes)."""

    contracts_dir: str | None = None
    policy_dir: str | None = None
    engine: str = "regorus"
    revision: str | None = None
    engine_options: dict = field(default_factory=dict)


class Evaluator:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.store = ContractStore(Path(self.settings.contracts_dir or default_contracts_dir()))
        self.policies = PolicySet(Path(self.settings.policy_dir) if self.settings.policy_dir else None)
        self.forced: Revision | None = (self.store.resolve(self.settings.revision)
                                        if self.settings.revision else None)
        self._engine: Engine | None = None

    # -- engine ----------------------------------------------------------------

    def data_document(self) -> dict:
        """The data every engine holds: all revisions plus the rule catalogue."""
        contracts: dict = {}
        revisions = [r for cid in self.store.contract_ids() for r in self.store.revisions(cid)]
        if self.forced is not None and self.forced not in revisions:
            revisions.append(self.forced)
        for rev in revisions:
            contracts.setdefault(rev.contract_id, {})[rev.version] = rev.terms
        return {"aacompliance": {"contracts": contracts, "catalogue": self.policies.catalogue(),
                                 "inputs": input_spec()}}

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine = create(self.settings.engine, **self.settings.engine_options)
            engine.load(self.policies.modules, self.data_document())
            self._engine = engine
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    # -- documents -------------------------------------------------------------

    def revision_on(self, day, doc: documents.Document, field: str) -> Revision:
        """The revision in force on ``day`` (the forced one, with --revision); an input
        error at ``field`` when ``day`` is before the first revision."""
        if self.forced is not None:
            return self.forced
        rev = self.store.in_force_on(day)
        if rev is None:
            earliest = self.store.earliest()
            raise InputError(doc.problem(field, f"{day.isoformat()} is before the earliest revision of the terms "
                                         f"({earliest.contract_id}, effective {earliest.effective_date.isoformat()})"))
        return rev

    def revision_for(self, doc: documents.Document) -> Revision:
        """The revision of the document as a whole: in force on its reference date."""
        kind = KINDS[doc.kind]
        return self.revision_on(kind.reference_date(doc.data), doc, ".".join(kind.date_field))

    def prepare(self, path: Path | str) -> tuple[DocumentResult, dict | None]:
        """Load and check one document; the input for the engine, or the errors."""
        result = DocumentResult(str(path))
        try:
            doc = documents.load(Path(path))
            kind = KINDS[doc.kind]
            result.kind, result.id = doc.kind, str(doc.data.get(kind.id_field))
            result.source_text = doc.text
            rev = self.revision_for(doc)
            result.contract = rev.ref
            problems = kind.check(doc, rev, self.revision_on)
            if problems:
                raise InputError(problems)
        except InputError as exc:
            result.errors = exc.problems
            result.source_text = None
            return result, None
        engine_input = {"kind": doc.kind, "document": doc.data, "contract": rev.ref,
                        "facts": kind.facts(doc, rev, self.revision_on) if kind.facts else {}}
        return result, engine_input

    def evaluate_inputs(self, inputs: list[dict]) -> list[dict]:
        return self.engine.decide(inputs)

    def evaluate_files(self, files: list[Path | str]) -> list[DocumentResult]:
        with cyclic_gc_paused():
            return self._evaluate_files(files)

    def _evaluate_files(self, files: list[Path | str]) -> list[DocumentResult]:
        results: list[DocumentResult] = []
        pending: list[tuple[DocumentResult, dict]] = []

        def flush():
            decisions = self.evaluate_inputs([inp for _, inp in pending])
            for (res, _), decision in zip(pending, decisions):
                apply_decision(res, decision)
            pending.clear()

        for path in files:
            result, engine_input = self.prepare(path)
            results.append(result)
            if engine_input is not None:
                pending.append((result, engine_input))
                if len(pending) >= BATCH:
                    flush()
        if pending:
            flush()
        return results


@contextlib.contextmanager
def cyclic_gc_paused():
    """Results are acyclic; letting the cyclic collector rescan the growing pile of them
    costs a quarter of a large run. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Clause citations shared between violations (each decision decodes its own copy).
_CLAUSES: dict[tuple, dict] = {}


def apply_decision(result: DocumentResult, decision: dict) -> None:
    """Record a decision (of the shape Engine.check_decision accepts) on ``result``.

    Errors in the decision (the decision's own input check refused the input) become the
    document's input errors, at the line of their field: such a document is never compliant."""
    from .yamlio import LineFinder

    finder = LineFinder(result.source_text) if result.source_text else None
    if decision["errors"]:
        result.errors = [Problem(result.path, e["message"], _line(finder, e.get("field")), e.get("field"))
                         for e in decision["errors"]]
        result.violations, result.report, result.source_text = [], {}, None
        return
    violations = []
    version = (result.contract or {}).get("version")
    for v in decision["violations"]:
        data = v.get("data") or {}
        line = _line(finder, data.get("field"))
        clause = v["clause"]
        if len(_CLAUSES) < 10_000:
            clause = _CLAUSES.setdefault((version, clause.get("id"), clause.get("line")), clause)
        violations.append(Violation(v["rule"], v["message"], clause, result.contract, data, line, v["key"]))
    result.violations = sorted(violations, key=lambda v: (v.rule, v.message))
    result.report = decision.get("report") or {}
    result.source_text = None


def _line(finder, field) -> int | None:
    """The line of a document field (``support[0].plan``); None for fields of the input around it."""
    if finder is None or not isinstance(field, str) or not field or field.startswith("input"):
        return None
    return finder.line(field)


# -- parallel evaluation -----------------------------------------------------------

_worker: Evaluator | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Evaluator(settings)


def _work(chunk: list[str]) -> list[DocumentResult]:
    return _worker.evaluate_files(chunk)


def resolve_jobs(jobs: int, n_files: int) -> int:
    """``jobs`` ≤ 0 means auto: one process per core for large runs."""
    if jobs > 0:
        return jobs
    return (os.cpu_count() or 1) if n_files >= PARALLEL_THRESHOLD else 1


def check_paths(paths: list[str], settings: Settings | None = None, jobs: int = 0,
                evaluator: Evaluator | None = None) -> Report:
    """Evaluate every document under ``paths``."""
    settings = settings or Settings()
    files, problems = documents.discover(paths)
    report = Report(problems=problems)
    jobs = resolve_jobs(jobs, len(files))
    if jobs <= 1:
        evaluator = evaluator or Evaluator(settings)
        evaluator.store.contract_ids()  # a broken revision is one error for the run, not one per document
        report.documents = evaluator.evaluate_files(files)
        return report
    import multiprocessing

    Evaluator(settings).store.contract_ids()  # fail fast, in this process, on bad contracts or policies
    size = max(BATCH, len(files) // (jobs * 8) or 1)
    chunks = [[str(f) for f in files[i:i + size]] for i in range(0, len(files), size)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        for part in pool.imap(_work, chunks):
            report.documents.extend(part)
    return report
