"""Contract revisions: effective-dated YAML snapshots of the support terms.

``contracts/<contract-id>/<YYYY-MM-DD>.yaml`` holds one complete revision. The
revision in force on a date is the latest *published* one whose effective date
is on or before it; a draft is used only when named explicitly.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.util import yamlio
from aacompliance.util.files import write_atomic
from aacompliance.errors import InputError, Problem, UsageError
from aacompliance.util.dates import parse_date
from aacompliance.util.validation import SchemaValidator

DEFAULT_CONTRACT = "technical-support-terms"


@dataclass(frozen=True)
class Revision:
    """One revision of a contract, validated."""

    contract_id: str
    effective_date: dt.date
    status: str
    path: Path
    terms: dict = field(repr=False, compare=False)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def version(self) -> str:
        """The key of this revision in the engine's data (drafts are marked)."""
        date = self.effective_date.isoformat()
        return f"{date}-draft" if self.is_draft else date

    @property
    def ref(self) -> dict:
        return {"id": self.contract_id, "version": self.version}

    @property
    def plan_ids(self) -> list[str]:
        """Plan ids in rank order."""
        plans = self.terms["plans"]
        return sorted(plans, key=lambda p: plans[p]["rank"])

    def clause(self, clause_id: str) -> dict:
        return {"id": clause_id, **self.terms["clauses"][clause_id]}


_schema: SchemaValidator | None = None


def _validator() -> SchemaValidator:
    global _schema
    if _schema is None:
        from aacompliance.terms.schema import CONTRACT
        _schema = SchemaValidator(CONTRACT)
    return _schema


def _cache_file(text: str) -> Path | None:
    """Where a validated revision with this exact text is cached (None: caching off)."""
    if os.environ.get("AACOMPLIANCE_NO_CACHE"):
        return None
    from aacompliance.terms import schema as schemas

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aacompliance"
    digest = hashlib.sha256()
    digest.update(Path(schemas.__file__).read_bytes())
    digest.update(text.encode("utf-8"))
    return base / f"revision-{digest.hexdigest()}.json"


def _validated_terms(path: Path, text: str) -> dict:
    """Parse and schema-check a revision; a valid one is cached by content hash,
    since validating the full terms costs far more than a `check` should."""
    cache = _cache_file(text)
    if cache is not None:
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = yamlio.parse(text, str(path), contract=True)
    problems = [Problem(str(path), msg, yamlio.line_of(text, fld), fld)
                for fld, msg in _validator().errors(data)]
    if problems:
        raise InputError(problems)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cache, json.dumps(data, ensure_ascii=False))
        except OSError:
            pass  # a read-only home only costs speed
    return data


def load_revision(path: Path, *, check_name: bool = True) -> Revision:
    """Load and validate one revision file strictly; errors name file, line, field.

    ``check_name=False`` accepts a file whose name is not its effective date (git's
    temporary files for textconv)."""
    text = yamlio.read_text(path, limit=yamlio.MAX_CONTRACT_BYTES)
    data = _validated_terms(path, text)
    stem = path.stem
    if check_name and stem != data["effective_date"]:
        raise InputError(Problem(str(path), f"file name {path.name!r} must equal the effective date "
                                 f"({data['effective_date']}.yaml)", yamlio.line_of(text, "effective_date"),
                                 "effective_date"))
    ranks = [p["rank"] for p in data["plans"].values()]
    if len(set(ranks)) != len(ranks):
        raise InputError(Problem(str(path), "two plans share a rank", yamlio.line_of(text, "plans"), "plans"))
    return Revision(data["contract"], parse_date(data["effective_date"]), data["status"], path, data)


class ContractStore:
    """Every revision under a contracts directory, for one or more contracts."""

    def __init__(self, root: Path):
        self.root = Path(root)
        if not self.root.is_dir():
            raise UsageError(f"contracts directory not found: {self.root} (check --contracts DIR or $AACOMPLIANCE_HOME)")
        self._revisions: dict[str, list[Revision]] | None = None
        self._paths = sorted(self.root.glob("*/*.yaml"))

    def files(self) -> list[Path]:
        return list(self._paths)

    def _load(self) -> dict[str, list[Revision]]:
        if self._revisions is None:
            found: dict[str, list[Revision]] = {}
            problems: list[Problem] = []
            for path in self._paths:
                try:
                    rev = load_revision(path)
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
                if rev.contract_id != path.parent.name:
                    problems.append(Problem(str(path), f"contract id {rev.contract_id!r} differs from its "
                                            f"folder {path.parent.name!r}", None, "contract"))
                    continue
                found.setdefault(rev.contract_id, []).append(rev)
            if problems:
                raise InputError(problems)
            for revs in found.values():
                revs.sort(key=lambda r: r.effective_date)
            self._revisions = found
        return self._revisions

    def revisions(self, contract_id: str = DEFAULT_CONTRACT) -> list[Revision]:
        revs = self._load().get(contract_id)
        if not revs:
            raise UsageError(f"no revision of contract {contract_id!r} under {self.root}")
        return revs

    def contract_ids(self) -> list[str]:
        return sorted(self._load())

    def in_force_on(self, day: dt.date, contract_id: str = DEFAULT_CONTRACT) -> Revision | None:
        """The latest published revision effective on or before ``day``; None if none."""
        best = None
        for rev in self.revisions(contract_id):
            if not rev.is_draft and rev.effective_date <= day:
                best = rev
        return best

    def earliest(self, contract_id: str = DEFAULT_CONTRACT) -> Revision:
        published = [r for r in self.revisions(contract_id) if not r.is_draft]
        if not published:
            raise UsageError(f"contract {contract_id!r} has no published revision")
        return published[0]

    def resolve(self, spec: str, contract_id: str = DEFAULT_CONTRACT) -> Revision:
        """A revision named by a date (``2024-11-18``), ``id@date`` or a file path."""
        if "@" in spec:
            contract_id, spec = spec.split("@", 1)
        day = parse_date(spec)
        if day is not None:
            for rev in self.revisions(contract_id):
                if rev.effective_date == day:
                    return rev
            dates = ", ".join(r.effective_date.isoformat() for r in self.revisions(contract_id))
            raise UsageError(f"contract {contract_id!r} has no revision effective {spec} (revisions: {dates})")
        path = Path(spec)
        if path.is_file():
            return load_revision(path, check_name=False)  # e.g. git's temporary files
        raise UsageError(f"--revision {spec!r} is neither a date (YYYY-MM-DD), id@date, nor a file")
