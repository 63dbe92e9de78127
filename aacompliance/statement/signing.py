"""PAdES signatures on statements (pyHanko): B-B, or B-T with an RFC 3161 timestamp.

Signing refuses a key that does not match its certificate (the signature would be
broken forever) and reports, as warnings the CLI prints, a certificate that is expired,
not yet valid, or not meant for signing (no digitalSignature / nonRepudiation).
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from aacompliance.errors import InputError, Problem
from aacompliance.statement import text

FIELD = "aacompliance-sign-off"


def _load_pair(key: Path, cert: Path, passphrase: bytes | None):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        raw_cert = cert.read_bytes()
        certificate = (x509.load_pem_x509_certificate(raw_cert) if b"-----BEGIN" in raw_cert
                       else x509.load_der_x509_certificate(raw_cert))
    except (OSError, ValueError) as exc:
        raise InputError(Problem(str(cert), f"not a PEM or DER certificate ({exc})")) from None
    try:
        raw_key = key.read_bytes()
        loader = (serialization.load_pem_private_key if b"-----BEGIN" in raw_key
                  else serialization.load_der_private_key)
        private = loader(raw_key, password=passphrase or None)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(Problem(str(key), f"cannot load the private key: wrong format or passphrase ({exc})")) from None
    return private, certificate


def check_pair(key: Path, cert: Path, passphrase: bytes | None = None, *, now: dt.datetime | None = None) -> list[str]:
    """Refuse a key that does not match ``cert``; the warnings about the certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    private, certificate = _load_pair(key, cert, passphrase)
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if private.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        raise InputError(Problem(str(key), f"this private key does not match the certificate {cert} "
                                           "(a signature made with it could never be validated)"))
    now = now or dt.datetime.now(dt.timezone.utc)
    subject = text.terminal(certificate.subject.rfc4514_string())
    warnings = []
    if certificate.not_valid_after_utc < now:
        warnings.append(f"the certificate {subject} expired on {certificate.not_valid_after_utc:%Y-%m-%d}: "
                        "verifiers will reject the signature")
    if certificate.not_valid_before_utc > now:
        warnings.append(f"the certificate {subject} is not valid before {certificate.not_valid_before_utc:%Y-%m-%d}")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        warnings.append(f"the certificate {subject} is not meant for signing (its key usage has neither "
                        "digitalSignature nor nonRepudiation): verifiers will reject the signature")
    return warnings


def sign_pdf(pdf: bytes, key: Path, cert: Path, *, name: str, reason: str, passphrase: bytes | None = None,
             tsa_url: str | None = None, chain: list[Path] | None = None) -> bytes:
    """A PAdES signature over the whole statement (B-T when ``tsa_url`` is given).
    Call ``check_pair`` first: it refuses a mismatched key and reports warnings."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    check_pair(key, cert, passphrase)
    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase,
                                           ca_chain_files=[str(c) for c in chain or []] or None)
    except Exception as exc:  # noqa: BLE001 - pyHanko/cryptography raise many types for bad keys
        raise InputError(Problem(str(key), f"cannot load the signing key and certificate ({exc})")) from None
    if signer is None:
        raise InputError(Problem(str(key), "cannot load the signing key and certificate (wrong format or passphrase)"))
    timestamper = None
    if tsa_url:
        from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

        timestamper = RequestsHTTPTimeStamper(tsa_url, timeout=20)
    meta = signers.PdfSignatureMetadata(field_name=FIELD, md_algorithm="sha256", name=text.metadata(name),
                                        reason=text.metadata(reason), subfilter=fields.SigSeedSubFilter.PADES,
                                        use_pades_lta=False)
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    try:
        signers.PdfSigner(meta, signer, timestamper=timestamper,
                          new_field_spec=fields.SigFieldSpec(FIELD)).sign_pdf(writer, output=out)
    except Exception as exc:  # noqa: BLE001 - network and TSA errors come in many types
        if tsa_url:
            raise InputError(Problem(tsa_url, f"the time-stamping authority did not answer with a valid "
                                              f"timestamp ({type(exc).__name__}: {exc})")) from None
        raise
    return out.getvalue()


def verify_pdf(pdf: bytes, **kwargs):
    """Moved to :mod:`aacompliance.statement.verify` (kept for callers of 0.1.0's API)."""
    from aacompliance.statement.verify import verify_pdf as verify

    return verify(pdf, **kwargs)
