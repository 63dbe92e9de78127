"""Throw-away self-signed certificates for tests (invented names; never used outside tests)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path


def self_signed(folder: Path, common_name: str, key_name: str, cert_name: str, *, ca: bool = True,
                cert_sign: bool = True, until: int = 2040, time_stamping: bool = False) -> tuple[Path, Path]:
    """A new RSA key and a self-signed certificate for it (digitalSignature and nonRepudiation;
    keyCertSign when ``cert_sign``; extendedKeyUsage timeStamping, critical, when
    ``time_stamping``), written as PEM to ``folder / key_name`` and ``folder / cert_name``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(11).not_valid_before(dt.datetime(2024, 1, 1)).not_valid_after(dt.datetime(until, 1, 1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(True, True, False, False, False, cert_sign, False, False, False),
                              critical=True))
    if time_stamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    (folder / key_name).write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    (folder / cert_name).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / key_name, folder / cert_name
