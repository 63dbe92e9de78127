"""Verifying a signed statement, failing closed.

A statement is *verified* only when all of these hold:

1. it carries exactly one signature, intact, covering the whole file;
2. the signer's certificate chains to a trust anchor (``--trust`` files or the trust
   folder); without one the result is *untrusted*, a status of its own;
3. the attachments are the ones ``decision.json`` names, with the SHA-256 it records;
4. re-evaluating the attached inputs with today's policies and terms gives the same
   *meaning* as the recorded decision: verdict, and per document its verdict, rule ids
   and violation data (wording and tool version may differ after an upgrade);
5. the page says what that evidence says: overall verdict, account, each document's
   result, the sign-off name, the SHA-256s in every page's footer.

Nothing is read whole past a size cap: the PDF (checked before reading), each
attachment (inflated with a bound) and decision.json.
"""
from __future__ import annotations

import io
import json
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.errors import InputError, Problem
from aacompliance.statement import text as shown_text
from aacompliance.util.yamlio import MAX_FILE_BYTES

#: Largest statement ``verify`` reads.
MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_DECISION_BYTES = 16 * 1024 * 1024
TRUST_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def trust_folder() -> Path:
    """$AACOMPLIANCE_TRUST_DIR, else $XDG_CONFIG_HOME/aacompliance/trust (~/.config/...)."""
    env = os.environ.get("AACOMPLIANCE_TRUST_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "aacompliance" / "trust"


def load_trust_anchors(files: list[Path], folder: Path | None = None) -> tuple[list, list[str]]:
    """The certificates to trust and where they came from; unreadable ones are input errors."""
    from pyhanko.keys import load_certs_from_pemder

    sources = list(files)
    folder = trust_folder() if folder is None else folder
    if folder.is_dir():
        sources += sorted(p for p in folder.iterdir() if p.suffix.lower() in TRUST_SUFFIXES and p.is_file())
    certs = []
    for path in sources:
        try:
            if path.stat().st_size > 1024 * 1024:
                raise ValueError("larger than 1 MiB")
            found = list(load_certs_from_pemder([str(path)]))
        except Exception as exc:  # noqa: BLE001 - asn1crypto raises many types
            raise InputError(Problem(str(path), f"not a PEM or DER certificate ({exc})")) from None
        if not found:
            raise InputError(Problem(str(path), "no certificate in this file"))
        certs += found
    return certs, [str(p) for p in sources]


@dataclass
class Verification:
    signed: bool = False
    intact: bool = False
    covers_whole_file: bool = False
    trusted: bool = False
    anchors: list[str] = field(default_factory=list)
    trust_problem: str | None = None
    signer: str | None = None  #: certificate subject (raw: print through text.terminal)
    signer_name: str | None = None  #: certificate common name
    signed_at: str | None = None
    timestamp: str | None = None  #: RFC 3161 time and authority, when present
    made_with: str | None = None
    bundle_made: str | None = None
    checked_with: str | None = None
    bundle_now: str | None = None
    verdict_printed: bool | None = None
    verdict_recomputed: bool | None = None
    same_meaning: bool = False
    page_checked: bool = False
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def evidence_ok(self) -> bool:
        return self.signed and self.intact and self.covers_whole_file and self.same_meaning \
            and self.page_checked and not self.problems

    @property
    def ok(self) -> bool:
        """Verified: intact, whole, consistent and trusted."""
        return self.status == "verified"

    @property
    def status(self) -> str:
        """``verified``, ``untrusted`` (everything holds but no anchor vouches for the signer) or ``failed``."""
        if not self.evidence_ok:
            return "failed"
        return "verified" if self.trusted else "untrusted"


# -- attachments -------------------------------------------------------------------

def _inflate(stream, cap: int, name: str) -> bytes:
    filters = stream.get("/Filter")
    if filters is None:
        raw = stream.encoded_data if stream.encoded_data is not None else stream.data
        if len(raw) > cap:
            raise ValueError(f"attachment {name!r} is larger than {cap} bytes")
        return raw
    names = [str(f) for f in (filters if isinstance(filters, list) else [filters])]
    if names != ["/FlateDecode"] or stream.get("/DecodeParms"):
        raise ValueError(f"attachment {name!r} uses an unexpected encoding ({', '.join(names)})")
    inflater = zlib.decompressobj()
    data = inflater.decompress(stream.encoded_data, cap + 1)
    if len(data) > cap or inflater.unconsumed_tail:
        raise ValueError(f"attachment {name!r} is larger than {cap} bytes")
    return data


def attachments(pdf: bytes, reader=None) -> dict[str, bytes]:
    """The embedded files of a PDF, by name, each inflated with a size bound."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = reader or PdfFileReader(io.BytesIO(pdf), strict=False)
    names = reader.root.get("/Names")
    tree = names.get("/EmbeddedFiles") if names is not None else None
    out: dict[str, bytes] = {}
    pending = [tree] if tree is not None else []
    seen = 0
    while pending:
        node = pending.pop().get_object()
        seen += 1
        if seen > 10_000:
            raise ValueError("the attachment name tree is too large")
        pending.extend(node.get("/Kids", []))
        pairs = list(node.get("/Names", []))
        for name, spec in zip(pairs[::2], pairs[1::2]):
            name = str(name)
            if name in out:
                raise ValueError(f"two attachments are named {name!r}")
            cap = MAX_DECISION_BYTES if name == "decision.json" else MAX_FILE_BYTES
            out[name] = _inflate(spec.get_object()["/EF"]["/F"].get_object(), cap, name)
    return out


# -- decision.json -----------------------------------------------------------------

def _shape_problem(decision) -> str | None:
    """What is wrong with the shape of an attached decision (format 1 or 2), if anything."""
    if not isinstance(decision, dict):
        return "decision.json is not an object"
    if not isinstance(decision.get("compliant"), bool):
        return "decision.json has no boolean 'compliant'"
    if not isinstance(decision.get("account"), str):
        return "decision.json has no 'account'"
    docs = decision.get("documents")
    if not isinstance(docs, list) or not docs:
        return "decision.json has no 'documents' list"
    for i, d in enumerate(docs):
        if not isinstance(d, dict) or not isinstance(d.get("path"), str) or not isinstance(d.get("sha256"), str):
            return f"decision.json documents[{i}] has no 'path' and 'sha256'"
        if not isinstance(d.get("compliant"), bool) or not isinstance(d.get("violations"), list):
            return f"decision.json documents[{i}] has no boolean 'compliant' and 'violations' list"
        for j, v in enumerate(d["violations"]):
            if not isinstance(v, dict) or not isinstance(v.get("rule"), str) or not isinstance(v.get("data", {}), dict):
                return f"decision.json documents[{i}].violations[{j}] has no 'rule' and 'data'"
    statement = decision.get("statement")
    if "format" in decision or statement is not None:
        if not isinstance(statement, dict) or not all(isinstance(statement.get(k), str)
                                                      for k in ("lang", "date", "signed_off_by", "role")):
            return "decision.json has no 'statement' with lang, date, signed_off_by and role"
    return None


def _canon(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compare_meaning(recorded: list[dict], recomputed: list[dict]) -> list[str]:
    """What differs in meaning between two decisions' documents: verdicts, rule ids and
    violation data. Data keys a newer version adds are not differences; wording is not."""
    out: list[str] = []
    now_by_path = {d["path"]: d for d in recomputed}
    for old in recorded:
        new = now_by_path.get(old["path"])
        name = old["path"]
        if new is None:
            out.append(f"{name}: not re-evaluated")
            continue
        if new.get("errors"):
            out.append(f"{name}: no longer valid input ({new['errors'][0].get('message')})")
            continue
        if old["compliant"] != new["compliant"]:
            out.append(f"{name}: verdict was {'compliant' if old['compliant'] else 'not compliant'}, "
                       f"is now {'compliant' if new['compliant'] else 'not compliant'}")
        pending = [(v["rule"], v.get("data") or {}) for v in new["violations"]]
        exact: dict[str, list[int]] = {}
        for index, (rule, data) in enumerate(pending):
            exact.setdefault(rule + _canon(data), []).append(index)
        used: set[int] = set()
        missing = []
        for v in old["violations"]:
            rule, data = v["rule"], v.get("data") or {}
            hits = [i for i in exact.get(rule + _canon(data), []) if i not in used]
            if not hits:  # a newer version may add data keys: match on the recorded ones
                hits = [i for i, (r, d) in enumerate(pending) if i not in used and r == rule
                        and all(k in d and _canon(d[k]) == _canon(val) for k, val in data.items())]
            if hits:
                used.add(hits[0])
            else:
                missing.append(rule)
        for rule in missing:
            out.append(f"{name}: finding {rule} is no longer raised")
        for index, (rule, _) in enumerate(pending):
            if index not in used:
                out.append(f"{name}: new finding {rule}")
        out += _compare_waived(name, old, new)
    return out


def _compare_waived(name: str, old: dict, new: dict) -> list[str]:
    """Waived findings (rule, data, waiver id) and what became of each waiver (id, status):
    the same meaning, or what differs. Decisions made before waivers carry neither."""
    def waived(d):
        return [(v["rule"], (v.get("waiver") or {}).get("id"), v.get("data") or {}) for v in d.get("waived") or []]

    def statuses(d):
        return sorted((w.get("id"), w.get("status")) for w in d.get("waivers") or [])

    pending = waived(new)
    matched = 0
    for rule, wid, data in waived(old):  # a newer version may add data keys: match on the recorded ones
        hit = next((i for i, (r, w, d) in enumerate(pending) if r == rule and w == wid
                    and all(k in d and _canon(d[k]) == _canon(val) for k, val in data.items())), None)
        if hit is not None:
            pending.pop(hit)
            matched += 1
    out = []
    if pending or matched != len(waived(old)):
        out.append(f"{name}: the waived findings differ (recorded {len(old.get('waived') or [])}, "
                   f"now {len(new.get('waived') or [])})")
    if statuses(old) != statuses(new):
        out.append(f"{name}: what became of the waivers differs (recorded {statuses(old)}, now {statuses(new)})")
    return out


# -- the page ----------------------------------------------------------------------

def page_texts(pdf: bytes) -> list[str]:
    """The text of each page (pypdf)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages[:200]]


def flat(value: str) -> str:
    """Text compared whatever the line breaks: no whitespace, no format characters, NFC."""
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf")


def same_text(printed: str, value: str) -> bool:
    """Whether text read off the page (flattened) is how ``value`` is printed. Right-to-left
    text and text under bidi overrides is drawn in visual order, so there the characters
    are compared, not their order."""
    expected = flat(shown_text.visible(value))
    if printed == expected:
        return True
    rtl = any(unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "LRO", "LRE")
              for ch in shown_text.shown(value))
    return rtl and sorted(printed) == sorted(expected)


_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def _alternatives(values) -> str:
    return "|".join(re.escape(v) for v in sorted({v for v in values if v}, key=len, reverse=True))


def check_page(pages: list[str], *, lang: str | None, compliant: bool, account: str, documents: list[dict],
               signed_off_by: str | None, input_hashes: set[str]) -> tuple[list[str], str | None]:
    """Problems where the page does not say what the evidence says, and the sign-off name
    printed on it. ``documents``: [{"name", "kind", "compliant"}] from the re-evaluation."""
    from aacompliance.statement.i18n import page_label_sets

    problems: list[str] = []
    whole = flat("".join(pages))
    label_sets = page_label_sets(lang)
    if not label_sets:
        return [f"the statement's language {lang!r} is unknown to this version"], None

    def values(key):
        return {flat(labels[key]) for labels in label_sets if labels.get(key)}

    def all_matches(pattern):
        return [m for m in re.finditer(pattern, whole)]

    # Overall verdict: every "verdict label + value" reads the re-evaluated verdict.
    good = values("verdict_compliant" if compliant else "verdict_violations")
    bad = values("verdict_violations" if compliant else "verdict_compliant")
    found = all_matches(f"(?:{_alternatives(values('verdict'))})({_alternatives(good | bad)})")
    if not found:
        problems.append("the page shows no overall verdict")
    elif any(m.group(1) not in good for m in found):
        problems.append(f"the page says {'not compliant' if compliant else 'compliant'}, the evidence says "
                        f"{'compliant' if compliant else 'not compliant'}")
    # Account: between its label and the next row's label.
    label = _alternatives(values("account"))
    found = all_matches(f"(?:{label})((?:(?!{label}).)*?)(?:{_alternatives(values('plan'))})")
    if not found or not same_text(found[0].group(1), account):  # the facts table comes first
        problems.append(f"the page does not show the account {account!r} the attached documents are for")
    # Each document's result, in its row: name, kind, revision, result.
    for doc in documents:
        good = values("compliant" if doc["compliant"] else "not_compliant")
        bad = values("not_compliant" if doc["compliant"] else "compliant")
        kinds = values(f"kind_{doc['kind']}")
        pattern = (re.escape(flat(shown_text.visible(doc["name"]))) + f"(?:{_alternatives(kinds)})"
                   + f".*?({_alternatives(good | bad)})")
        found = all_matches(pattern)
        if not found:
            problems.append(f"the page shows no result for {doc['name']}")
        elif any(m.group(1) not in good for m in found):
            problems.append(f"the page gives {doc['name']} a result the evidence contradicts")
    # Sign-off name.
    printed_name = None
    label = _alternatives(values("signed_off_by"))
    found = all_matches(f"(?:{label})((?:(?!{label}).)*?)(?:{_alternatives(values('role'))})")
    if found:
        printed_name = found[-1].group(1)
    if signed_off_by is not None and not same_text(printed_name or "", signed_off_by):
        problems.append("the sign-off name on the page is not the one recorded in decision.json")
    # Footer: every page lists exactly the attached inputs' SHA-256s.
    for number, page in enumerate(pages, start=1):
        printed = set(_HASH.findall(page))
        if printed - input_hashes:
            problems.append(f"page {number} prints a SHA-256 that matches no attached input")
        if not input_hashes <= printed:
            problems.append(f"page {number} does not print the SHA-256 of every attached input")
    return problems, printed_name


# -- the whole check ---------------------------------------------------------------

def _signature(reader, result: Verification, roots: list) -> None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signatures = reader.embedded_signatures
    if not signatures:
        result.problems.append("the statement is not signed")
        return
    if len(signatures) > 1:
        result.problems.append(f"the statement carries {len(signatures)} signatures; a statement has one")
    sig = signatures[-1]
    result.signed = True
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as exc:  # noqa: BLE001 - a damaged signature can fail anywhere
        result.problems.append(f"the signature cannot be validated ({type(exc).__name__}: {exc})")
        return
    result.intact = bool(status.intact and status.valid)
    result.covers_whole_file = status.coverage.name == "ENTIRE_FILE"
    cert = status.signing_cert
    result.signer = cert.subject.human_friendly
    result.signer_name = cert.subject.native.get("common_name")
    result.signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
    ts = status.timestamp_validity
    if ts is not None:
        authority = ts.signing_cert.subject.native.get("common_name") if ts.signing_cert else None
        result.timestamp = f"{ts.timestamp.isoformat()} by {authority}"
        if not (ts.intact and ts.valid):
            result.problems.append("the RFC 3161 timestamp is broken")
        elif not ts.trusted and roots:
            result.warnings.append("the RFC 3161 timestamp's authority does not chain to a trust anchor")
    if not result.intact:
        result.problems.append("the signature does not match the file: it was changed after signing")
    elif not result.covers_whole_file:
        result.problems.append("content was added after the signature")
    result.trusted = bool(status.trusted and result.intact and roots)
    if not result.trusted:
        if not roots:
            result.trust_problem = ("no trust anchor: give --trust FILE or put the issuer's certificate in "
                                    f"{trust_folder()}")
        else:
            result.trust_problem = "the signer's certificate does not chain to any trust anchor given"
            if status.trust_problem_indic is not None:
                result.trust_problem += f" ({status.trust_problem_indic.name.lower().replace('_', ' ')})"


def verify_pdf(pdf: bytes, *, trust: list | None = None, anchors: list[str] | None = None, settings=None,
               evaluator=None) -> Verification:
    """Check a signed statement (see the module docstring). ``trust``: certificates."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from aacompliance import __version__
    from aacompliance.pipeline.evaluate import Evaluator, Settings
    from aacompliance.statement.model import (InputFile, bundle_revision, documents_decision, evaluate_inputs,
                                              waiver_index)

    import logging

    for noisy in ("pyhanko", "pyhanko_certvalidator"):  # they log tracebacks for untrusted chains
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    trust = list(trust or [])
    if any(isinstance(t, (str, Path)) for t in trust):  # files given: load them (callers of 0.1.0's API)
        trust, anchors = load_trust_anchors([Path(t) for t in trust], Path("/nonexistent"))
    result = Verification(anchors=list(anchors or []))
    if len(pdf) > MAX_PDF_BYTES:
        result.problems.append(f"the file is larger than {MAX_PDF_BYTES} bytes")
        return result
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        _signature(reader, result, list(trust or []))
        files = attachments(pdf, reader)
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail anywhere in the parser
        result.problems.append(f"not a readable statement ({type(exc).__name__}: {exc})")
        return result
    if "decision.json" not in files:
        result.problems.append("no decision.json attached")
        return result
    try:
        decision = json.loads(files.pop("decision.json"))
    except ValueError:
        result.problems.append("decision.json is not JSON")
        return result
    shape = _shape_problem(decision)
    if shape:
        result.problems.append(shape)
        return result
    result.verdict_printed = decision["compliant"]
    result.made_with = str(decision.get("aacompliance"))
    result.bundle_made = decision.get("bundle_revision")
    recorded = decision["documents"]
    recorded_waivers = decision.get("waivers") or []
    if not isinstance(recorded_waivers, list) or not all(
            isinstance(w, dict) and isinstance(w.get("path"), str) and isinstance(w.get("sha256"), str)
            for w in recorded_waivers):
        result.problems.append("decision.json's waivers are not a list of {path, sha256}")
        return result
    named = [d["path"] for d in recorded] + [w["path"] for w in recorded_waivers]
    if len(set(named)) != len(named):
        result.problems.append("decision.json names the same attachment twice")
        return result
    for name in sorted(set(files) - set(named)):
        result.problems.append(f"attachment {name!r} is not part of the decision")
    def attached(entries: list[dict], what: str) -> list[InputFile] | None:
        """The attachments ``entries`` name, each checked against its recorded SHA-256;
        None (with the problem noted) when one is missing."""
        out = []
        for entry in entries:
            if entry["path"] not in files:
                result.problems.append(f"the {what} {entry['path']!r} named in decision.json is not attached")
                return None
            inp = InputFile(entry["path"], files[entry["path"]])
            if inp.sha256 != entry["sha256"]:
                result.problems.append(f"the attached {entry['path']!r} is not the {what} decision.json records "
                                       "(SHA-256)")
            out.append(inp)
        return out

    inputs = attached(recorded, "input")
    waivers = attached(recorded_waivers, "waiver") if inputs is not None else None
    if inputs is None or waivers is None:
        return result
    evaluator = evaluator or Evaluator(settings or Settings())
    index, _data, broken = waiver_index(waivers, evaluator)
    if broken:
        result.problems += [f"attached waiver {p.path}: {p.message}" for p in broken]
        result.problems.append("re-evaluating the attached inputs does not give the recorded decision")
        return result
    results = evaluate_inputs(inputs, evaluator, index)
    result.checked_with = __version__
    result.bundle_now = bundle_revision(evaluator)
    recomputed = documents_decision(inputs, results)
    result.verdict_recomputed = all(r.compliant for r in results)
    result.differences = compare_meaning(recorded, recomputed)
    if decision["compliant"] != all(d["compliant"] for d in recorded):
        result.differences.insert(0, "decision.json's overall verdict contradicts its documents' verdicts")
    result.same_meaning = not result.differences and result.verdict_recomputed == decision["compliant"]
    if not result.same_meaning:
        result.problems.append("re-evaluating the attached inputs does not give the recorded decision")
        return result
    accounts = {_account(r.source_data) for r in results}
    if accounts != {decision["account"]}:
        result.problems.append("decision.json's account is not the one in the attached documents")
        return result
    statement = decision.get("statement") or {}
    try:
        pages = page_texts(pdf)
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"the page text cannot be read ({type(exc).__name__})")
        return result
    page_problems, printed_name = check_page(
        pages, lang=statement.get("lang"), compliant=result.verdict_recomputed, account=decision["account"],
        documents=[{"name": i.name, "kind": r.kind, "compliant": r.compliant} for i, r in zip(inputs, results)],
        signed_off_by=statement.get("signed_off_by"), input_hashes={i.sha256 for i in inputs + waivers})
    result.problems += page_problems
    result.page_checked = not page_problems
    name = statement.get("signed_off_by") or printed_name
    if result.signed and result.signer_name is not None and name is not None \
            and flat(result.signer_name).casefold() != flat(name).casefold():
        result.warnings.append(f"the page is signed off by {name!r} but the certificate belongs to "
                               f"{result.signer_name!r}")
    return result


def _account(data: dict) -> str:
    from aacompliance.statement.model import _account as account

    return account(data)
