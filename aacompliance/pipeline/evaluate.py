"""Evaluating documents: revision in force, input for the engine, results."""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from aacompliance import documents
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import ContractStore
from aacompliance.documents import KINDS
from aacompliance.engines import Engine, create
from aacompliance.errors import InputError, Problem
from aacompliance.policy.inputspec import input_spec
from aacompliance.policy.rules import PolicySet, default_contracts_dir
from aacompliance.pipeline.results import DocumentResult, Report, Violation
from aacompliance.pipeline.waivers import WaiverIndex, collect, outcomes

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
    #: Validated waivers (``pipeline.waivers.Waiver.as_setting``), handed to the engine with
    #: the documents they name.
    waivers: list = field(default_factory=list)


class Evaluator:
    """The pipeline: load → validate → revision in force → facts → engine → results."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.store = ContractStore(Path(self.settings.contracts_dir or default_contracts_dir()))
        self.policies = PolicySet(Path(self.settings.policy_dir) if self.settings.policy_dir else None)
        forced = self.store.resolve(self.settings.revision) if self.settings.revision else None
        #: The one object that decides which revision judges a date.
        self.resolver = RevisionResolver(self.store, forced)
        self.waivers = WaiverIndex(self.settings.waivers)
        self._engine: Engine | None = None

    # -- engine ----------------------------------------------------------------

    def data_document(self) -> dict:
        """The data every engine holds: all revisions, the rule catalogue, and where each
        judged kind keeps its id, account and date (for waivers)."""
        contracts: dict = {}
        for rev in self.resolver.revisions():
            contracts.setdefault(rev.contract_id, {})[rev.version] = rev.terms
        identity = {name: kind.identity() for name, kind in KINDS.items() if kind.judged}
        return {"aacompliance": {"contracts": contracts, "catalogue": self.policies.catalogue(),
                                 "documents": identity, "inputs": input_spec()}}

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

    def prepare(self, path: Path | str, waivers: WaiverIndex | None = None) -> tuple[DocumentResult, dict | None]:
        """Load and check one document file; the input for the engine, or the errors."""
        try:
            doc = documents.load(Path(path))
        except InputError as exc:
            return DocumentResult(str(path), errors=exc.problems), None
        return self.prepare_document(doc, waivers)

    def prepare_document(self, doc: documents.Document, waivers: WaiverIndex | None = None
                         ) -> tuple[DocumentResult, dict | None]:
        """Check one loaded document against the revision in force; the engine input, or the
        errors. ``waivers`` (default: the settings' waivers) go along with the documents they name."""
        kind = KINDS[doc.kind]
        result = DocumentResult(doc.path, doc.kind, str(doc.data.get(kind.id_field)), document=doc)
        if not kind.judged:
            result.errors, result.document = [doc.problem("kind", (
                f"a {doc.kind} is not judged on its own and this command does not apply it; `check` applies "
                "waivers found among its inputs (written `kind: Waiver`) or given with --waivers"))], None
            return result, None
        try:
            rev = kind.revision(doc, self.resolver)
            result.contract = rev.ref
            problems = kind.check(doc, rev, self.resolver)
            if problems:
                raise InputError(problems)
        except InputError as exc:
            result.errors, result.document = exc.problems, None
            return result, None
        engine_input = {"kind": doc.kind, "document": doc.data, "contract": rev.ref,
                        "facts": kind.facts(doc, rev, self.resolver) if kind.facts else {}}
        waivers = self.waivers if waivers is None else waivers
        if waivers:
            named = waivers.for_document(doc)
            if named:
                engine_input["waivers"] = named
        return result, engine_input

    def evaluate_inputs(self, inputs: list[dict]) -> list[dict]:
        return self.engine.decide(inputs)

    def evaluate_documents(self, docs: list[documents.Document], *, keep_documents: bool = False,
                           waivers: WaiverIndex | None = None) -> list[DocumentResult]:
        """Evaluate documents already in memory (the API, the service, statements), with
        ``waivers`` (validated: :func:`aacompliance.pipeline.waivers.validated`) if given."""
        with cyclic_gc_paused():
            return self._evaluate([self.prepare_document(d, waivers) for d in docs], keep_documents)

    def evaluate_files(self, files: list[Path | str], *, keep_documents: bool = False,
                       waivers: WaiverIndex | None = None) -> list[DocumentResult]:
        with cyclic_gc_paused():
            return self._evaluate((self.prepare(path, waivers) for path in files), keep_documents)

    def iter_files(self, files: Iterable[Path | str], *, waivers: WaiverIndex | None = None
                   ) -> Iterator[DocumentResult]:
        """The results of ``files``, in order, as each batch is decided (nothing kept)."""
        with cyclic_gc_paused():
            for batch in self._iter_batches((self.prepare(path, waivers) for path in files), False):
                yield from batch
                # With the cyclic collector paused, whatever reading a document left in a
                # reference cycle would stay until the end of the run: collect what this batch
                # left (the youngest generation only: cheap, and memory stays flat).
                gc.collect(0)

    def _evaluate(self, prepared, keep_documents: bool) -> list[DocumentResult]:
        return [result for batch in self._iter_batches(prepared, keep_documents) for result in batch]

    def _iter_batches(self, prepared, keep_documents: bool) -> Iterator[list[DocumentResult]]:
        """The results, in order, a batch at a time (as each engine call is decided)."""
        results: list[DocumentResult] = []
        pending: list[tuple[DocumentResult, dict]] = []

        def flush():
            decisions = self.evaluate_inputs([inp for _, inp in pending])
            for (res, _), decision in zip(pending, decisions):
                apply_decision(res, decision)
                if not keep_documents:
                    res.document = None
            pending.clear()

        for result, engine_input in prepared:
            results.append(result)
            if engine_input is not None:
                pending.append((result, engine_input))
                if len(pending) >= BATCH:
                    flush()
                    yield results
                    results = []
        if pending:
            flush()
        if results:
            yield results


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
    """Record a decision (of the shape Engine.check_decision accepts) on ``result``: its
    violations (with lines), waived violations, waiver outcomes and report.

    Errors in the decision (the decision's own input check refused the input) become the
    document's input errors, at the line of their field: such a document is never compliant."""
    doc = result.document
    if decision["errors"]:
        result.errors = [Problem(result.path, e["message"], _line(doc, e.get("field")), e.get("field"))
                         for e in decision["errors"]]
        result.violations, result.report, result.document = [], {}, None
        return
    version = (result.contract or {}).get("version")

    def violation(v: dict) -> Violation:
        data = v.get("data") or {}
        line = _line(doc, data.get("field"))
        clause = v["clause"]
        if len(_CLAUSES) < 10_000:
            clause = _CLAUSES.setdefault((version, clause.get("id"), clause.get("line")), clause)
        return Violation(v["rule"], v["message"], clause, result.contract, data, line, v.get("waiver"),
                         v.get("key", ""))

    result.violations = sorted(map(violation, decision["violations"]), key=lambda v: (v.rule, v.message))
    result.waived = sorted(map(violation, decision.get("waived") or []), key=lambda v: (v.rule, v.message))
    if decision.get("waivers"):
        date = KINDS[doc.kind].reference_date(doc.data).isoformat() if doc is not None else None
        result.waivers = sorted(({**w, "document_date": date} for w in decision["waivers"]), key=lambda w: w["id"])
    result.report = decision.get("report") or {}


def _line(doc, field) -> int | None:
    """The line of a document field (``support[0].plan``); None for fields of the input around it."""
    if doc is None or not isinstance(field, str) or not field or field.startswith("input"):
        return None
    return doc.line(field)


# -- parallel evaluation -----------------------------------------------------------

_worker: Evaluator | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    # A forked worker inherits the parent's paused cyclic collector; each chunk pauses it
    # again for itself (evaluate_files), so between chunks it must run, or whatever reading
    # documents leaves in reference cycles would pile up for the whole run.
    gc.enable()
    _worker = Evaluator(settings)


def _work(chunk: list[str]) -> list[DocumentResult]:
    return _worker.evaluate_files(chunk)


def resolve_jobs(jobs: int, n_files: int) -> int:
    """``jobs`` ≤ 0 means auto: one process per core for large runs."""
    if jobs > 0:
        return jobs
    return (os.cpu_count() or 1) if n_files >= PARALLEL_THRESHOLD else 1


@dataclass
class Run:
    """A check under way: the report (with the problems found before any document, and the
    run's waivers), how many documents are coming, and their results in order, as they are
    decided. Once ``results`` is exhausted, :meth:`finish` says what became of each waiver."""

    report: Report
    total: int
    results: Iterator[DocumentResult]
    index: WaiverIndex = field(default_factory=lambda: WaiverIndex([]))
    #: The results that name a waiver (few: they are kept for the waivers' outcomes).
    named: list[DocumentResult] = field(default_factory=list)

    def finish(self) -> Report:
        self.report.waivers = outcomes(self.index, self.named)
        return self.report


def stream_paths(paths: list[str], settings: Settings | None = None, jobs: int = 0,
                 evaluator: Evaluator | None = None, waiver_paths: list[str] = ()) -> Run:
    """Start evaluating every document under ``paths``; results come as they are decided
    and are not kept (``aacompliance check`` writes each one and forgets it). Waivers among
    ``paths``, and every file under ``waiver_paths`` (which must be waivers), are applied
    to the documents they name; ``report.waivers`` lists them from the start, with their
    outcome once :meth:`Run.finish` has run."""
    settings = settings or Settings()
    files, problems = documents.discover(paths)
    explicit, more = documents.discover(list(waiver_paths)) if waiver_paths else ([], [])
    report = Report(problems=problems + more)
    local = evaluator or Evaluator(settings)
    local.store.contract_ids()  # a broken revision is one error for the run, not one per document
    found, files, broken = collect(files, explicit, {r.id: r for r in local.policies.rules}, local.resolver)
    report.problems += broken
    if found:
        settings = dataclasses.replace(settings, waivers=settings.waivers + [w.as_setting() for w in found])
    index = WaiverIndex(settings.waivers)
    report.waivers = outcomes(index, [])  # provisional (every one unused) until finish()
    jobs = resolve_jobs(jobs, len(files))
    results = local.iter_files(files, waivers=index) if jobs <= 1 else _in_workers(files, settings, jobs)
    named: list[DocumentResult] = []
    return Run(report, len(files), _noting_waivers(results, named), index, named)


def _noting_waivers(results: Iterator[DocumentResult], named: list[DocumentResult]) -> Iterator[DocumentResult]:
    for result in results:
        if result.waivers:
            named.append(result)
        yield result


def _in_workers(files: list[Path], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    """Chunks of files judged by worker processes, results in order. At most two chunks per
    worker are in flight, so that results never pile up when the report is written more
    slowly than the workers judge (a plain ``imap`` would queue them all)."""
    import collections
    import multiprocessing

    size = min(max(BATCH, len(files) // (jobs * 8) or 1), 4 * BATCH)
    chunks = ([str(f) for f in files[i:i + size]] for i in range(0, len(files), size))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        in_flight: collections.deque = collections.deque()
        for chunk in chunks:
            in_flight.append(pool.apply_async(_work, (chunk,)))
            if len(in_flight) >= 2 * jobs:
                yield from in_flight.popleft().get()
                gc.collect(0)  # as in Evaluator.iter_files: nothing left in cycles for the run
        while in_flight:
            yield from in_flight.popleft().get()


def check_paths(paths: list[str], settings: Settings | None = None, jobs: int = 0,
                evaluator: Evaluator | None = None, waiver_paths: list[str] = ()) -> Report:
    """Evaluate every document under ``paths``; the report holds every result (see
    :func:`stream_paths` for the waivers)."""
    run = stream_paths(paths, settings, jobs, evaluator, waiver_paths)
    for result in run.results:
        run.report.add(result)
    return run.finish()
