"""Contract revisions: effective-dated YAML snapshots of the support terms.

``contracts/<contract-id>/<YYYY-MM-DD>.yaml`` holds one complete revision. The
revision in force on a date is the latest *published* one whose effective date
is on or before it; a draft is used only when named explicitly.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.util import yamlio
from aacompliance.util.files import read_private, write_atomic
from aacompliance.errors import AacError, InputError, Problem, UsageError
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


#: Bumped when the layout of a cache entry changes.
_CACHE_FORMAT = 2


@functools.cache
def _code_version() -> str:
    try:
        from importlib.metadata import version
        return version("aacompliance")
    except Exception:  # noqa: BLE001 - not installed (run from a checkout): the schema hash still binds
        return "unknown"


def cache_dir() -> Path | None:
    """The folder of validated revisions, or None: caching off (``AACOMPLIANCE_NO_CACHE``),
    no home folder, or a folder this user cannot trust.

    The folder must be a real folder (not a link), owned by this user, and writable by
    no one else: a cached revision is believed without validation, so whoever can write
    there could change a verdict. A folder of ours that others may only read (older
    versions made it 0755) is tightened to 0700; anything else is ignored."""
    if os.environ.get("AACOMPLIANCE_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME")
        if not home:
            try:
                home = str(Path.home())
            except (RuntimeError, KeyError, OSError):
                return None
        if not home or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    folder = Path(base) / "aacompliance"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
        if stat.S_IMODE(st.st_mode) & 0o022:
            return None  # others could have written entries: never believe them
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        return None  # an unwritable home only costs speed
    return folder


def _cache_key(text: str) -> str:
    """The revision's own text, the schema that validated it and the code version."""
    from aacompliance.terms import schema as schemas

    digest = hashlib.sha256()
    digest.update(f"aacompliance {_code_version()} cache {_CACHE_FORMAT}\0".encode())
    digest.update(hashlib.sha256(Path(schemas.__file__).read_bytes()).digest())
    digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    return digest.hexdigest()


def _terms_digest(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _read_cache(path: Path, text: str) -> dict | None:
    """A cached entry for exactly this text, or None. The entry must be a regular file of
    ours, writable by no one else, for this text, and its terms must still hash to what
    was validated (a hand-edited entry is refused, and rewritten)."""
    raw = read_private(path, yamlio.MAX_CONTRACT_BYTES * 4)
    try:
        entry = json.loads(raw) if raw is not None else None
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("format") != _CACHE_FORMAT:
        return None
    if entry.get("source_sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return None
    terms = entry.get("terms")
    if not isinstance(terms, dict) or entry.get("terms_sha256") != _terms_digest(terms):
        return None
    return terms


def _write_cache(path: Path, text: str, data: dict) -> None:
    entry = {"format": _CACHE_FORMAT, "source_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
             "terms_sha256": _terms_digest(data), "terms": data}
    try:
        write_atomic(path, json.dumps(entry, ensure_ascii=False), mode=0o600)
    except (OSError, AacError):
        pass  # a read-only cache only costs speed


def _validated_terms(path: Path, text: str, use_cache: bool = True) -> dict:
    """Parse and schema-check a revision. A valid one is cached, keyed by its own text,
    the schema and the code version, since validating the full terms costs far more than
    a `check` should; ``use_cache=False`` (lint, show) always validates afresh."""
    folder = cache_dir() if use_cache else None
    cache = folder / f"revision-{_cache_key(text)}.json" if folder is not None else None
    if cache is not None:
        terms = _read_cache(cache, text)
        if terms is not None:
            return terms
    data = yamlio.parse(text, str(path), contract=True)
    problems = [Problem(str(path), msg, yamlio.line_of(text, fld), fld)
                for fld, msg in _validator().errors(data)]
    if problems:
        raise InputError(problems)
    if cache is not None:
        _write_cache(cache, text, data)
    return data


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def consistency_problems(path: Path, text: str, terms: dict) -> list[Problem]:
    """What makes a schema-valid revision unusable; checked on every load (cached or not),
    so a revision that ``contracts lint`` would call an error never judges a document."""
    problems = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(str(path), message, yamlio.line_of(text, field), field))

    ranks = [p["rank"] for p in terms["plans"].values()]
    if len(set(ranks)) != len(ranks):
        add("plans", "two plans share a rank")
    hours = terms["business_hours"]
    if hours["end"].startswith("24:") and hours["end"] != "24:00":
        add("business_hours.end", f"business hours end at {hours['end']}; the latest end is 24:00")
    elif _minutes(hours["end"]) <= _minutes(hours["start"]):
        add("business_hours.end", f"business hours end ({hours['end']}) at or before they start "
                                  f"({hours['start']})")
    return problems


def load_revision(path: Path, *, check_name: bool = True, use_cache: bool = True) -> Revision:
    """Load and validate one revision file strictly; errors name file, line, field.

    ``check_name=False`` accepts a file whose name is not its effective date (git's
    temporary files for textconv); ``use_cache=False`` never reads the cache."""
    text = yamlio.read_text(path, limit=yamlio.MAX_CONTRACT_BYTES)
    data = _validated_terms(path, text, use_cache)
    stem = path.stem
    if check_name and stem != data["effective_date"]:
        raise InputError(Problem(str(path), f"file name {path.name!r} must equal the effective date "
                                 f"({data['effective_date']}.yaml)", yamlio.line_of(text, "effective_date"),
                                 "effective_date"))
    problems = consistency_problems(path, text, data)
    if problems:
        raise InputError(problems)
    return Revision(data["contract"], parse_date(data["effective_date"]), data["status"], path, data)


class ContractStore:
    """Every revision under a contracts directory, for one or more contracts."""

    def __init__(self, root: Path, *, use_cache: bool = True):
        self.root = Path(root)
        self.use_cache = use_cache
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
                    rev = load_revision(path, use_cache=self.use_cache)
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
            return load_revision(path, check_name=False, use_cache=self.use_cache)  # e.g. git's temporary files
        raise UsageError(f"--revision {spec!r} is neither a date (YYYY-MM-DD), id@date, nor a file")
