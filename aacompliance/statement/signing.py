"""PAdES signatures on statements (pyHanko), and verification of a signed statement."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance.errors import InputError, Problem

FIELD = "aacompliance-sign-off"


def sign_pdf(pdf: bytes, key: Path, cert: Path, *, name: str, reason: str, passphrase: bytes | None = None) -> bytes:
    """An invisible PAdES (B-B) signature over the whole statement."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)
    except Exception as exc:  # noqa: BLE001 - pyHanko/cryptography raise many types for bad keys
        raise InputError(Problem(str(key), f"cannot load the signing key and certificate ({exc})")) from None
    if signer is None:
        raise InputError(Problem(str(key), "cannot load the signing key and certificate (wrong format or passphrase)"))
    meta = signers.PdfSignatureMetadata(field_name=FIELD, md_algorithm="sha256", name=name, reason=reason,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signers.PdfSigner(meta, signer, new_field_spec=fields.SigFieldSpec(FIELD)).sign_pdf(writer, output=out)
    return out.getvalue()


@dataclass
class Verification:
    signed: bool = False
    intact: bool = False
    covers_whole_file: bool = False
    trusted: bool | None = None  #: None when no trust anchor was given
    signer: str | None = None
    signed_at: str | None = None
    verdict_printed: bool | None = None
    verdict_recomputed: bool | None = None
    decision_matches: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.signed and self.intact and self.covers_whole_file and self.trusted is not False
                and self.decision_matches and not self.problems)


def attachments(pdf: bytes) -> dict[str, bytes]:
    """The embedded files of a PDF, by name."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names = reader.root.get("/Names")
    tree = names.get("/EmbeddedFiles") if names is not None else None
    out: dict[str, bytes] = {}
    pending = [tree] if tree is not None else []
    while pending:
        node = pending.pop().get_object()
        for kid in node.get("/Kids", []):
            pending.append(kid)
        pairs = list(node.get("/Names", []))
        for name, spec in zip(pairs[::2], pairs[1::2]):
            spec = spec.get_object()
            out[str(name)] = spec["/EF"]["/F"].get_object().data
    return out


def verify_pdf(pdf: bytes, *, trust: list[Path] | None = None, settings=None) -> Verification:
    """Check the signature, then re-evaluate the attached inputs and compare with the
    attached decision and the printed verdict."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    from pyhanko.keys import load_cert_from_pemder

    import logging

    for noisy in ("pyhanko", "pyhanko_certvalidator"):  # they log tracebacks for untrusted chains
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    result = Verification()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail anywhere in the parser
        result.problems.append(f"not a readable PDF ({type(exc).__name__}: {exc})")
        return result
    if not signatures:
        result.problems.append("the statement is not signed")
    else:
        sig = signatures[-1]
        result.signed = True
        roots = [load_cert_from_pemder(str(p)) for p in trust or []]
        context = ValidationContext(trust_roots=roots or None, allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
            result.intact = bool(status.intact and status.valid)
            result.covers_whole_file = status.coverage.name == "ENTIRE_FILE"
            result.trusted = bool(status.trusted) if trust else None
            result.signer = status.signing_cert.subject.human_friendly
            result.signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
        except Exception as exc:  # noqa: BLE001
            result.problems.append(f"the signature cannot be validated ({type(exc).__name__}: {exc})")
        if not result.intact:
            result.problems.append("the signature does not match the file: it was changed after signing")
        elif not result.covers_whole_file:
            result.problems.append("content was added after the signature")
        if result.trusted is False and result.intact:
            result.problems.append("the signer's certificate is not issued by a trusted certificate")
    _check_decision(pdf, result, settings)
    return result


def _check_decision(pdf: bytes, result: Verification, settings) -> None:
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.statement.model import InputFile, evaluate_inputs

    try:
        files = attachments(pdf)
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"cannot read the attachments ({type(exc).__name__})")
        return
    if "decision.json" not in files:
        result.problems.append("no decision.json attached")
        return
    try:
        decision = json.loads(files["decision.json"])
    except ValueError:
        result.problems.append("decision.json is not JSON")
        return
    result.verdict_printed = decision.get("compliant")
    inputs = [InputFile(d["path"], files[d["path"]]) for d in decision.get("documents", []) if d["path"] in files]
    if len(inputs) != len(decision.get("documents", [])):
        result.problems.append("an input named in decision.json is not attached")
        return
    from aacompliance.statement.model import Statement
    results, evaluator = evaluate_inputs(inputs, settings or Settings())
    if any(r.errors for r in results):
        result.problems.append("an attached input no longer validates")
        return
    recomputed = Statement("en", None, "", "", inputs, results, evaluator).decision()
    result.verdict_recomputed = recomputed["compliant"]
    result.decision_matches = recomputed == decision
    if not result.decision_matches:
        result.problems.append("re-evaluating the attached inputs gives a different decision than the one printed")
