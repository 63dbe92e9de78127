"""Evaluating documents: revision in force, input for the engine, results."""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from aacompliance import documents
from aacompliance.terms.resolver import RevisionResolver
from aacompliance.terms.store import ContractStore
from aacompliance.documents import KINDS
from aacompliance.engines import Engine, create
from aacompliance.errors import EngineError, InputError, Problem, UsageError
from aacompliance.policy.inputspec import input_spec
from aacompliance.policy.rules import PolicySet, default_contracts_dir
from aacompliance.pipeline.results import DocumentResult, Report, Violation
from aacompliance.pipeline.waivers import WaiverIndex, collect, outcomes
from aacompliance.util import yamlio

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
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - one document never loses the run
            return DocumentResult(str(path), errors=[could_not_evaluate(str(path), exc)]), None
        return self.prepare_document(doc, waivers)

    def prepare_document(self, doc: documents.Document, waivers: WaiverIndex | None = None
                         ) -> tuple[DocumentResult, dict | None]:
        """Check one loaded document against the revision in force; the engine input, or the
        errors. ``waivers`` (default: the settings' waivers) go along with the documents they name."""
        result = DocumentResult(doc.path, document=doc)
        try:
            kind = KINDS[doc.kind]
            result.kind, result.id = doc.kind, str(doc.data.get(kind.id_field))
            if not kind.judged:
                result.errors, result.document = [doc.problem("kind", (
                    f"a {doc.kind} is not judged on its own and this command does not apply it; `check` applies "
                    "waivers found among its inputs (written `kind: Waiver`) or given with --waivers"))], None
                return result, None
            rev = kind.revision(doc, self.resolver)
            result.contract = rev.ref
            problems = kind.check(doc, rev, self.resolver)
            if problems:
                raise InputError(problems)
            engine_input = {"kind": doc.kind, "document": doc.data, "contract": rev.ref,
                            "facts": kind.facts(doc, rev, self.resolver) if kind.facts else {}}
            waivers = self.waivers if waivers is None else waivers
            if waivers:
                named = waivers.for_document(doc)
                if named:
                    engine_input["waivers"] = named
        except InputError as exc:
            result.errors, result.document = exc.problems, None
            return result, None
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - one document never loses the run
            result.errors, result.document = [could_not_evaluate(doc.path, exc)], None
            return result, None
        return result, engine_input

    def evaluate_inputs(self, inputs: list[dict]) -> list[dict]:
        return self.engine.decide(inputs)

    def evaluate_documents(self, docs: list[documents.Document], *, keep_documents: bool = False,
                           waivers: WaiverIndex | None = None) -> list[DocumentResult]:
        """Evaluate documents already in memory (the API, the service, statements), with
        ``waivers`` (validated: :func:`aacompliance.pipeline.waivers.validated`) if given."""
        with cyclic_gc_paused():
            return self._evaluate([self.prepare_document(d, waivers) for d in docs], keep_documents)

    def evaluate_stdin(self, stream=None, waivers: WaiverIndex | None = None) -> list[DocumentResult]:
        """The one document read from standard input (``-``)."""
        name = "<stdin>"
        try:
            doc = documents.parse(yamlio.decode(documents.read_stdin(stream), name), name)
        except InputError as exc:
            return [DocumentResult(name, errors=exc.problems)]
        except Exception as exc:  # noqa: BLE001 - one document never loses the run
            return [DocumentResult(name, errors=[could_not_evaluate(name, exc)])]
        return self.evaluate_documents([doc], waivers=waivers)

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
            try:
                decisions = self.evaluate_inputs([inp for _, inp in pending])
            except EngineError:
                raise
            except Exception:  # noqa: BLE001 - find the document the engine could not take, alone
                decisions = [self._decide_one(res, inp) for res, inp in pending]
            for (res, _), decision in zip(pending, decisions):
                if decision is not None:
                    try:
                        apply_decision(res, decision)
                    except EngineError:
                        raise
                    except Exception as exc:  # noqa: BLE001
                        res.violations, res.report = [], {}
                        res.errors = [could_not_evaluate(res.path, exc)]
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


    def _decide_one(self, result: DocumentResult, engine_input: dict) -> dict | None:
        """One document's decision; an error that is not the engine's becomes that document's error."""
        try:
            return self.evaluate_inputs([engine_input])[0]
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - one document never loses the run
            result.errors = [could_not_evaluate(result.path, exc)]
            return None


def could_not_evaluate(path: str, exc: BaseException) -> Problem:
    """The per-document error for anything unexpected while reading or judging one document."""
    detail = " ".join(str(exc).split())[:300]
    return Problem(str(path), f"could not evaluate: {type(exc).__name__}" + (f": {detail}" if detail else ""))


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
    import signal

    # The parent decides when to stop: Ctrl-C (sent to the whole process group) is its to
    # handle, and its SIGTERM to a worker ends it at once, without a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # blocked while forking
    _die_with_parent()
    # A forked worker inherits the parent's paused cyclic collector; each chunk pauses it
    # again for itself (evaluate_files), so between chunks it must run, or whatever reading
    # documents leaves in reference cycles would pile up for the whole run.
    gc.enable()
    _worker = Evaluator(settings)


def _die_with_parent() -> None:
    """Ask Linux to end this worker if the parent dies, even by SIGKILL (no orphans)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _work(chunk: list[str]) -> list[DocumentResult]:
    return _worker.evaluate_files(chunk)


def _chunk_size(n_files: int, jobs: int) -> int:
    return max(BATCH, n_files // (jobs * 8) or 1)


def resolve_jobs(jobs: int, n_files: int) -> int:
    """Worker processes for ``n_files``: ``jobs`` ≤ 0 means auto (one per core for large
    runs); any request is capped at twice the cores and at the chunks of work there are."""
    cores = os.cpu_count() or 1
    if jobs <= 0:
        return cores if n_files >= PARALLEL_THRESHOLD else 1
    jobs = min(jobs, cores * 2)
    chunks = -(-n_files // _chunk_size(n_files, jobs)) if n_files else 1
    return max(1, min(jobs, chunks))


def jobs_note(requested: int, used: int) -> str | None:
    """What the CLI says when ``--jobs`` was capped."""
    if requested > used:
        return (f"--jobs {requested} capped at {used} ({os.cpu_count() or 1} core(s); at most twice the cores, "
                "and no more workers than chunks of work)")
    return None


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM, SIGINT) while workers ran."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@dataclass
class Run:
    """A check under way: the report (with the problems found before any document, the
    files skipped and the run's waivers), how many documents are coming, and their results
    in order, as they are decided. Once ``results`` is exhausted, :meth:`finish` says what
    became of each waiver."""

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
                 evaluator: Evaluator | None = None, waiver_paths: list[str] = (), *,
                 allow_empty: bool = False, stdin=None, output: str | None = None) -> Run:
    """Start evaluating every document under ``paths`` (``-``: one document from ``stdin``,
    by default standard input); results come as they are decided and are not kept
    (``aacompliance check`` writes each one and forgets it). No document at all is an input
    error unless ``allow_empty``. ``output``, where the report will be written, is refused
    if it is one of the documents (or waivers). Waivers among ``paths``, and every file under
    ``waiver_paths`` (which must be waivers), are applied to the documents they name;
    ``report.waivers`` lists them from the start, with their outcome once :meth:`Run.finish`
    has run."""
    settings = settings or Settings()
    found = documents.discover(paths)
    given = documents.discover(list(waiver_paths)) if waiver_paths else documents.Discovery()
    if given.stdin:
        given.problems.append(Problem("-", "--waivers reads files and folders, not standard input"))
    if output is not None and (found.includes(output) or given.includes(output)):
        raise UsageError(f"--output {output} is one of the documents to check; writing it would destroy it")
    report = Report(problems=found.problems + given.problems, skipped=found.skipped + given.skipped)
    if not found.files and not found.stdin and not found.problems and not allow_empty:
        where = ", ".join(paths) or "(no path)"
        report.problems.append(Problem(where, "no documents found (*.yaml, *.yml, *.json, in any case); "
                                       "pass --allow-empty if an empty input is expected"))
    local = evaluator or Evaluator(settings)
    local.store.contract_ids()  # a broken revision is one error for the run, not one per document
    waivers, files, broken = collect(found.files, given.files, {r.id: r for r in local.policies.rules},
                                     local.resolver)
    report.problems += broken
    if waivers:
        settings = dataclasses.replace(settings, waivers=settings.waivers + [w.as_setting() for w in waivers])
    index = WaiverIndex(settings.waivers)
    report.waivers = outcomes(index, [])  # provisional (every one unused) until finish()
    requested, jobs = jobs, resolve_jobs(jobs, len(files))
    report.notes = [n for n in [jobs_note(requested, jobs)] if n]
    results = local.iter_files(files, waivers=index) if jobs <= 1 else _in_workers(files, settings, jobs)
    if found.stdin:
        results = itertools.chain(_lazy(lambda: local.evaluate_stdin(stdin, waivers=index)), results)
    named: list[DocumentResult] = []
    return Run(report, len(files) + bool(found.stdin), _noting_waivers(results, named), index, named)


def _lazy(make) -> Iterator[DocumentResult]:
    yield from make()


def _noting_waivers(results: Iterator[DocumentResult], named: list[DocumentResult]) -> Iterator[DocumentResult]:
    for result in results:
        if result.waivers:
            named.append(result)
        yield result


def _in_workers(files: list[Path], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    """Chunks of files judged by worker processes, results in order. At most two chunks per
    worker are in flight, so that results never pile up when the report is written more
    slowly than the workers judge (a plain ``imap`` would queue them all). SIGTERM or SIGINT
    stops the workers (the pool is terminated on the way out) and raises :class:`Stopped`:
    no orphan, no traceback."""
    import collections
    import multiprocessing
    import signal
    import threading

    size = min(_chunk_size(len(files), jobs), 4 * BATCH)
    chunks = ([str(f) for f in files[i:i + size]] for i in range(0, len(files), size))
    ctx = multiprocessing.get_context("fork")
    handlers = {}

    def stop(signum, _frame):
        raise Stopped(signum)

    stopping = {signal.SIGTERM, signal.SIGINT}
    if threading.current_thread() is threading.main_thread():
        for signum in stopping:
            handlers[signum] = signal.signal(signum, stop)
    pool = None
    try:
        # Workers are forked with the stop signals blocked, so none runs the parent's handler
        # before its own are set (_init_worker); a signal meanwhile waits for the pool to exist.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
        try:
            pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        in_flight: collections.deque = collections.deque()
        for chunk in chunks:
            in_flight.append(pool.apply_async(_work, (chunk,)))
            if len(in_flight) >= 2 * jobs:
                yield from in_flight.popleft().get()
                gc.collect(0)  # as in Evaluator.iter_files: nothing left in cycles for the run
        while in_flight:
            yield from in_flight.popleft().get()
        pool.close()
        pool.join()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def check_paths(paths: list[str], settings: Settings | None = None, jobs: int = 0,
                evaluator: Evaluator | None = None, waiver_paths: list[str] = (), *,
                allow_empty: bool = False, stdin=None, output: str | None = None) -> Report:
    """Evaluate every document under ``paths``; the report holds every result (see
    :func:`stream_paths` for the options and the waivers)."""
    run = stream_paths(paths, settings, jobs, evaluator, waiver_paths, allow_empty=allow_empty, stdin=stdin,
                       output=output)
    for result in run.results:
        run.report.add(result)
    return run.finish()
