"""The one place where the service meets the evaluation pipeline.

Everything the HTTP layer needs — turning request bodies into documents and
results, statements, diffs, the terms' catalogue — goes through this module, so
that the service decides exactly as ``check`` does (same loading rules, same
Evaluator, same engine, same JSON) and so that only this module changes when the
library's public entry points move.

Documents arrive as bytes: :func:`aacompliance.pipeline.api.to_document` parses
and schema-checks them with the rules files meet, and the Evaluator's
``evaluate_documents`` judges them, in memory (what ``check_document`` does for one
document; the service keeps its own Evaluator per process, on its engine thread).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.documents import KINDS
from aacompliance.errors import EngineError, InputError, UsageError
from aacompliance.pipeline.api import to_document
from aacompliance.pipeline.evaluate import Evaluator, Settings
from aacompliance.pipeline.results import DocumentResult, Report

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Upload:
    """One document as received: a display name (becomes the result's ``path``) and bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def safe_name(name: str | None, default: str) -> str:
    """A client-supplied file name reduced to a plain base name (no folders, no dot-files)."""
    base = Path((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).lstrip(".")[:100]
    return base or default


@dataclass
class Checked:
    """A check's outcome: the report (rendered like ``check --format json``) and, per
    document of the report, its upload and its parsed data (for statements and pages);
    waivers are not documents of the report."""

    report: Report
    uploads: list[Upload]
    data: list[dict | None] = field(default_factory=list)


class Pipeline:
    """One process's evaluator and everything the service asks of the library.

    Not thread-safe: the service calls :meth:`check` from one thread only (see
    ``runtime.Runner``), which is also what engines bound to their creating thread need.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.evaluator = Evaluator(settings)
        self._revision: str | None = None

    # -- engine lifecycle -------------------------------------------------------------

    def load(self) -> str:
        """Load the terms, the policies and the engine; the bundle revision."""
        self.evaluator.store.contract_ids()
        self.evaluator.engine  # noqa: B018 - loads the engine
        return self.bundle_revision

    @property
    def engine_loaded(self) -> bool:
        return self.evaluator._engine is not None

    @property
    def bundle_revision(self) -> str:
        if self._revision is None:
            from aacompliance.policy.bundle import content_revision

            self._revision = content_revision(self.evaluator.policies.modules, self.evaluator.data_document())
        return self._revision

    def reload(self) -> bool:
        """Try to load a fresh engine after a failure (False if it still fails)."""
        try:
            self.evaluator.engine  # noqa: B018
            return True
        except Exception:  # noqa: BLE001 - the next check will try again and answer 503
            self.reset_engine()
            return False

    def reset_engine(self) -> None:
        """Drop the engine after a failure; the next check loads a fresh one."""
        try:
            self.evaluator.close()
        except Exception:  # noqa: BLE001 - a broken engine may fail to close too
            self.evaluator._engine = None

    # -- check --------------------------------------------------------------------------

    def check(self, uploads: list[Upload]) -> Checked:
        """Evaluate uploaded documents exactly as ``check`` evaluates files: waivers among
        them (``kind: Waiver``), and the server's own (``serve --waivers``), are applied to
        the documents they name; a waiver that cannot be used is an error of the request."""
        from aacompliance.pipeline.waivers import WaiverIndex, outcomes, validated

        report = Report()
        slots: list[tuple[Upload, DocumentResult | None]] = []
        docs, waiver_docs = [], []
        for upload in uploads:
            try:
                doc = to_document(upload.data, upload.name)
            except InputError as exc:
                slots.append((upload, DocumentResult(upload.name, errors=exc.problems)))
                continue
            if doc.kind == "Waiver":
                waiver_docs.append(doc)
            else:
                docs.append(doc)
                slots.append((upload, None))
        index = WaiverIndex(self.settings.waivers)
        if waiver_docs:
            found, problems = validated(waiver_docs, {r.id: r for r in self.evaluator.policies.rules},
                                        self.evaluator.resolver)
            report.problems += problems
            index = WaiverIndex(self.settings.waivers + found.waivers)
        try:
            evaluated = iter(self.evaluator.evaluate_documents(docs, keep_documents=True, waivers=index)
                             if docs else ())
        except Exception as exc:  # an engine crash is an engine failure, not a bug of the request
            self.reset_engine()
            error = exc if isinstance(exc, EngineError) else \
                EngineError(self.settings.engine, f"{type(exc).__name__}: {exc}")
            # The traceback's frames hold the engine: drop them here, on the engine's thread.
            exc.__traceback__ = None
            raise error from None
        data: list[dict | None] = []
        judged: list[Upload] = []
        for upload, slot in slots:
            result = slot if slot is not None else next(evaluated)
            data.append(result.source_data if not result.errors else None)
            result.document = None
            report.documents.append(result)
            judged.append(upload)
        report.waivers = outcomes(index, report.documents)
        return Checked(report, judged, data)

    # -- terms ----------------------------------------------------------------------------

    def revisions(self) -> list:
        store = self.evaluator.store
        return [r for cid in store.contract_ids() for r in store.revisions(cid)]

    def contracts(self) -> list[dict]:
        return [{"id": r.contract_id, "version": r.version, "effective_date": r.effective_date.isoformat(),
                 "status": r.status, "title": r.terms.get("title"), "plans": r.plan_ids} for r in self.revisions()]

    def in_force(self, day: dt.date) -> dict | None:
        store = self.evaluator.store
        out = []
        for cid in store.contract_ids():
            rev = store.in_force_on(day, cid)
            if rev is not None:
                out.append({"id": rev.contract_id, "version": rev.version,
                            "effective_date": rev.effective_date.isoformat(), "status": rev.status,
                            "title": rev.terms.get("title"), "plans": rev.plan_ids})
        return {"on": day.isoformat(), "in_force": out}

    def resolve(self, spec: str):
        """A stored revision named by a date or ``id@date`` — never a file path: a
        remote caller must not make the server read its files."""
        date_part = spec.split("@", 1)[-1]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_part) or "/" in spec:
            raise UsageError(f"{spec!r} is not a revision: give its effective date (YYYY-MM-DD) or id@date")
        return self.evaluator.store.resolve(spec)

    def diff(self, old: str, new: str, fmt: str) -> tuple[str, bool]:
        from aacompliance.terms.diff import diff_revisions
        from aacompliance.terms.redline import RENDERERS

        result = diff_revisions(self.resolve(old), self.resolve(new))
        return RENDERERS[fmt](result), result.identical

    def diff_result(self, old: str, new: str):
        from aacompliance.terms.diff import diff_revisions

        return diff_revisions(self.resolve(old), self.resolve(new))

    def impact(self, old: str, new: str, uploads: list[Upload]) -> list:
        """Which uploaded documents change outcome between two stored revisions."""
        from aacompliance.pipeline.impact import impact

        self.resolve(old), self.resolve(new)  # dates only
        with _as_files(uploads) as paths:
            rows = impact([str(p) for p in paths], old, new, self._settings_for_others(), jobs=1)
        names = {str(p): u.name for p, u in zip(paths, uploads)}
        for row in rows:
            row.path = names.get(row.path, Path(row.path).name)
        return rows

    def rules(self) -> list[dict]:
        return [{"id": r.id, "kind": r.kind, "title": r.title, "description": r.description, "package": r.package}
                for r in self.evaluator.policies.rules]

    def schema(self, kind: str, base_url: str = "") -> dict | None:
        if kind not in KINDS:
            return None
        from .jsonschema import export

        return export(kind, base_url)

    # -- presentation helpers ------------------------------------------------------------

    def revision_of(self, result: DocumentResult):
        """The revision a result was judged by (None when it was not judged)."""
        try:
            return self.evaluator.resolver.by_ref(result.contract) if result.contract else None
        except KeyError:
            return None

    def finding(self, violation, lang: str, plan_id: str | None) -> str:
        """A violation's sentence in ``lang``: the rule's own message in English, else the
        statements' findings catalogue (the same sentence the PDF prints)."""
        if lang == "en":
            return violation.message
        from aacompliance.errors import AacError
        from aacompliance.statement.findings import localized
        from aacompliance.statement.vocab import Vocabulary

        try:
            rev = self.evaluator.resolver.by_ref(violation.contract)
            return localized(violation, Vocabulary(lang, rev.terms), plan_id)
        except (AacError, KeyError):  # a finding without a translation: the rule's own words
            return violation.message

    # -- statements ------------------------------------------------------------------------

    def _settings_for_others(self) -> Settings:
        """Settings for work done outside the engine thread (statements, impact): the same
        terms and policies, an engine of their own."""
        return Settings(**vars(self.settings))

    def statement(self, uploads: list[Upload], *, lang: str, signed_off_by: str, role: str,
                  date: dt.date | None = None, sign_key: str | None = None, sign_cert: str | None = None,
                  passphrase: bytes | None = None) -> bytes:
        """The statement PDF for one account's uploaded documents (signed when a key is set),
        through the statement package's public entry points."""
        from aacompliance.statement import model, pdf

        with _as_files(uploads) as paths:
            built = model.build([str(p) for p in paths], lang=lang, signed_off_by=signed_off_by, role=role,
                                date=date or dt.date.today(), settings=self._settings_for_others())
            data, _ = pdf.render_pdf(built, pdf.render_html(built))
        if sign_key:
            from aacompliance.statement.signing import sign_pdf

            data = sign_pdf(data, Path(sign_key), Path(sign_cert), name=signed_off_by,
                            reason=f"aacompliance statement for {built.account}", passphrase=passphrase)
        return data


class _as_files:
    """Uploads written under their own names to a private temporary folder (mode 0700),
    removed afterwards; for library entry points that take paths."""

    def __init__(self, uploads: list[Upload]):
        self.uploads = uploads
        self._tmp: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> list[Path]:
        self._tmp = tempfile.TemporaryDirectory(prefix="aacompliance-service-")
        paths = []
        for index, upload in enumerate(self.uploads):
            folder = Path(self._tmp.name) / f"{index:04d}"
            folder.mkdir()
            path = folder / safe_name(upload.name, f"document-{index}.yaml")
            if path.suffix not in (".yaml", ".yml", ".json"):
                path = path.with_name(path.name + ".yaml")
            path.write_bytes(upload.data)
            paths.append(path)
        return paths

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()
