"""Shared helpers of the statement tests: paths, the CLI, page text, forged statements."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner

from aacompliance.cli.main import main
from conftest import DATA, ROOT

KEYS = DATA / "statements"
CA, SIGNER_KEY, SIGNER_CERT = KEYS / "ca.pem", KEYS / "signer.key", KEYS / "signer.pem"
NORD = [str(ROOT / "examples" / n) for n in
        ("order-form-silver-missing-region.yaml", "roster-silver.yaml", "benefit-usage-silver.yaml")]
ACME = [str(ROOT / "examples" / n) for n in ("order-form-gold-ok.yaml", "incident-log-gold.yaml")]
DATE = dt.date(2025, 7, 1)


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def statement(tmp_path, paths, *extra, lang="en", name="out.pdf", signed=False, who="Claire Martin"):
    out = tmp_path / name
    sign = ["--sign-key", SIGNER_KEY, "--sign-cert", SIGNER_CERT] if signed else []
    result = run("statement", *paths, "--out", out, "--lang", lang, "--signed-off-by", who,
                 "--role", "Customer Success Manager", "--date", DATE.isoformat(), *sign, *extra)
    return result, out


def text_of(pdf: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def built(paths, lang="en", who="Claire Martin"):
    from aacompliance.statement import model

    return model.build(list(paths), lang=lang, signed_off_by=who, role="Customer Success Manager", date=DATE)


def sign(pdf: bytes, key=SIGNER_KEY, cert=SIGNER_CERT, name="Claire Martin") -> bytes:
    from aacompliance.statement.signing import sign_pdf

    return sign_pdf(pdf, Path(key), Path(cert), name=name, reason="test")
