"""Evaluating documents: revision in force, input for the engine, results."""
from __future__ import annotations

import contextlib
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
from aacompliance.errors import InputError
from aacompliance.policy.rules import PolicySet, default_contracts_dir
from aacompliance.pipeline.results import DocumentResult, Report, Violation

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
    """The pipeline: load → validate → revision in force → facts → engine → results."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.store = ContractStore(Path(self.settings.contracts_dir or default_contracts_dir()))
        self.policies = PolicySet(Path(self.settings.policy_dir) if self.settings.policy_dir else None)
        forced = self.store.resolve(self.settings.revision) if self.settings.revision else None
        #: The one object that decides which revision judges a date.
        self.resolver = RevisionResolver(self.store, forced)
        self._engine: Engine | None = None

    # -- engine ----------------------------------------------------------------

    def data_document(self) -> dict:
        """The data every engine holds: all revisions plus the rule catalogue."""
        contracts: dict = {}
        for rev in self.resolver.revisions():
            contracts.setdefault(rev.contract_id, {})[rev.version] = rev.terms
        return {"aacompliance": {"contracts": contracts, "catalogue": self.policies.catalogue()}}

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

    def prepare(self, path: Path | str) -> tuple[DocumentResult, dict | None]:
        """Load and check one document file; the input for the engine, or the errors."""
        try:
            doc = documents.load(Path(path))
        except InputError as exc:
            return DocumentResult(str(path), errors=exc.problems), None
        return self.prepare_document(doc)

    def prepare_document(self, doc: documents.Document) -> tuple[DocumentResult, dict | None]:
        """Check one loaded document against the revision in force; the engine input, or the errors."""
        kind = KINDS[doc.kind]
        result = DocumentResult(doc.path, doc.kind, str(doc.data.get(kind.id_field)), document=doc)
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
        return result, engine_input

    def evaluate_inputs(self, inputs: list[dict]) -> list[dict]:
        return self.engine.decide(inputs)

    def evaluate_documents(self, docs: list[documents.Document], *, keep_documents: bool = False
                           ) -> list[DocumentResult]:
        """Evaluate documents already in memory (the API, the service, statements)."""
        with cyclic_gc_paused():
            return self._evaluate([self.prepare_document(d) for d in docs], keep_documents)

    def evaluate_files(self, files: list[Path | str], *, keep_documents: bool = False) -> list[DocumentResult]:
        with cyclic_gc_paused():
            return self._evaluate((self.prepare(path) for path in files), keep_documents)

    def iter_files(self, files: Iterable[Path | str]) -> Iterator[DocumentResult]:
        """The results of ``files``, in order, as each batch is decided (nothing kept)."""
        with cyclic_gc_paused():
            for batch in self._iter_batches((self.prepare(path) for path in files), False):
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
    """Turn an engine decision into the result's violations (with lines) and report."""
    doc = result.document
    violations = []
    version = (result.contract or {}).get("version")
    for v in decision["violations"]:
        data = v.get("data") or {}
        line = doc.line(data["field"]) if doc is not None and "field" in data else None
        clause = v["clause"]
        if len(_CLAUSES) < 10_000:
            clause = _CLAUSES.setdefault((version, clause.get("id"), clause.get("line")), clause)
        violations.append(Violation(v["rule"], v["message"], clause, result.contract, data, line))
    result.violations = sorted(violations, key=lambda v: (v.rule, v.message))
    result.report = decision.get("report") or {}


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
    """A check under way: the report (with the problems found before any document), how
    many documents are coming, and their results in order, as they are decided."""

    report: Report
    total: int
    results: Iterator[DocumentResult]


def stream_paths(paths: list[str], settings: Settings | None = None, jobs: int = 0,
                 evaluator: Evaluator | None = None) -> Run:
    """Start evaluating every document under ``paths``; results come as they are decided
    and are not kept (``aacompliance check`` writes each one and forgets it)."""
    settings = settings or Settings()
    files, problems = documents.discover(paths)
    report = Report(problems=problems)
    jobs = resolve_jobs(jobs, len(files))
    if jobs <= 1:
        evaluator = evaluator or Evaluator(settings)
        evaluator.store.contract_ids()  # a broken revision is one error for the run, not one per document
        return Run(report, len(files), evaluator.iter_files(files))
    Evaluator(settings).store.contract_ids()  # fail fast, in this process, on bad contracts or policies
    return Run(report, len(files), _in_workers(files, settings, jobs))


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
                evaluator: Evaluator | None = None) -> Report:
    """Evaluate every document under ``paths``; the report holds every result."""
    run = stream_paths(paths, settings, jobs, evaluator)
    for result in run.results:
        run.report.add(result)
    return run.report
