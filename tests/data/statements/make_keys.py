"""Regenerate the test signing material (invented names; never use outside tests).

    python tests/data/statements/make_keys.py

ca.pem           test trust anchor ("aacompliance Test CA (invented)")
signer.pem/.key  "Claire Martin" issued by the test CA, digitalSignature + nonRepudiation
impostor.pem/.key self-signed "Claire Martin" (a forger's certificate)
expired.pem      issued by the test CA to signer.key, expired in 2020
nosig.pem        issued by the test CA to signer.key, keyUsage keyEncipherment only
other.key        an unrelated key (does not match signer.pem)
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

HERE = Path(__file__).parent


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "aacompliance tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(digital_signature: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=digital_signature,
                         key_encipherment=not digital_signature and not ca, data_encipherment=False,
                         key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                         decipher_only=False)


def _cert(subject, issuer, public_key, signing_key, *, serial, ca=False, digital_signature=True,
          start=dt.datetime(2024, 1, 1), end=dt.datetime(2060, 1, 1)):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(serial).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(_usage(digital_signature, ca), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .sign(signing_key, hashes.SHA256()))


def _write_key(path: Path, key) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


def _write_cert(path: Path, cert) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def main() -> None:
    ca_key, signer_key, impostor_key, other_key = _key(), _key(), _key(), _key()
    ca_name = _name("aacompliance Test CA (invented)")
    claire = _name("Claire Martin")
    _write_cert(HERE / "ca.pem", _cert(ca_name, ca_name, ca_key.public_key(), ca_key, serial=1, ca=True))
    _write_key(HERE / "signer.key", signer_key)
    _write_cert(HERE / "signer.pem", _cert(claire, ca_name, signer_key.public_key(), ca_key, serial=2))
    _write_key(HERE / "impostor.key", impostor_key)
    _write_cert(HERE / "impostor.pem", _cert(claire, claire, impostor_key.public_key(), impostor_key, serial=3))
    _write_cert(HERE / "expired.pem", _cert(claire, ca_name, signer_key.public_key(), ca_key, serial=4,
                                            start=dt.datetime(2018, 1, 1), end=dt.datetime(2020, 1, 1)))
    _write_cert(HERE / "nosig.pem", _cert(claire, ca_name, signer_key.public_key(), ca_key, serial=5,
                                          digital_signature=False))
    _write_key(HERE / "other.key", other_key)


if __name__ == "__main__":
    main()
