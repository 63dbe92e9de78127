"""PDF statements, checked structurally (never byte-compared with a golden file)."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from aacompliance.cli.main import main  # noqa: E402
from aacompliance.statement import i18n  # noqa: E402
from conftest import ROOT  # noqa: E402

NORD = [str(ROOT / "examples" / n) for n in
        ("order-form-silver-missing-region.yaml", "roster-silver.yaml", "benefit-usage-silver.yaml")]
ACME = [str(ROOT / "examples" / n) for n in ("order-form-gold-ok.yaml", "incident-log-gold.yaml")]


@pytest.fixture(scope="module")
def signing_pair(tmp_path_factory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("keys")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Signer (invented)")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(dt.datetime(2024, 1, 1)).not_valid_after(dt.datetime(2040, 1, 1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "key.pem", folder / "cert.pem"


def _statement(tmp_path, paths, *extra, lang="en", name="out.pdf"):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["statement", *paths, "--out", str(out), "--lang", lang, "--signed-off-by",
                                       "Claire Martin", "--role", "Customer Success Manager", "--date", "2025-07-01",
                                       *extra], catch_exceptions=False)
    return result, out


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_english_statement_structure(tmp_path):
    result, out = _statement(tmp_path, NORD)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = " ".join(_text(data).split())
    for words in ("Compliance statement", "Nordlicht Logistik GmbH", "NORD-77", "Not compliant", "OF-COVERAGE",
                  "N-2", "premium.coverage", "Benefit ledger", "Claire Martin", "Customer Success Manager",
                  "July 1, 2025", "Page 1 / "):
        assert words in text, words
    assert set(reader.attachments) == {"order-form-silver-missing-region.yaml", "roster-silver.yaml",
                                       "benefit-usage-silver.yaml", "decision.json"}
    original = Path(NORD[0]).read_bytes()
    assert reader.attachments["order-form-silver-missing-region.yaml"][0] == original
    import hashlib
    assert hashlib.sha256(original).hexdigest() in text  # printed in the footer
    assert reader.metadata.title.startswith("Compliance statement")
    assert reader.metadata.subject == "aacompliance verdict: not compliant"
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp  # PDF/A-3b


def test_french_statement_uses_french_labels_dates_and_numbers(tmp_path):
    result, out = _statement(tmp_path, NORD, lang="fr")
    text = " ".join(_text(out.read_bytes()).split())
    for words in ("Attestation de conformité", "Non conforme", "1 juillet 2025", "Registre des avantages", "4,5",
                  "Validé par"):
        assert words in text, words


def test_same_inputs_give_byte_identical_unsigned_pdf(tmp_path):
    _, first = _statement(tmp_path, ACME, name="a.pdf")
    _, second = _statement(tmp_path, ACME, name="b.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_signed_statement_verifies_and_detects_a_changed_byte(tmp_path, signing_pair):
    key, cert = signing_pair
    result, out = _statement(tmp_path, ACME, "--sign-key", str(key), "--sign-cert", str(cert))
    assert result.exit_code == 0 and "signed" in result.output
    runner = CliRunner()
    ok = runner.invoke(main, ["verify", str(out), "--trust", str(cert)])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output and "identical" in ok.output and "verified" in ok.output
    data = bytearray(out.read_bytes())
    sig_start = data.find(b"/Contents <")
    position = sig_start // 2  # inside the signed content
    data[position] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    bad = runner.invoke(main, ["verify", str(tampered), "--trust", str(cert)])
    assert bad.exit_code == 1
    assert "changed after signing" in bad.output or "not a readable PDF" in bad.output
    assert "Traceback" not in bad.output


def test_unsigned_statement_does_not_verify(tmp_path):
    _, out = _statement(tmp_path, ACME)
    result = CliRunner().invoke(main, ["verify", str(out)])
    assert result.exit_code == 1 and "not signed" in result.output
    assert "identical" in result.output  # the inputs still re-evaluate to the printed decision


def test_hostile_customer_name_is_plain_text_and_nothing_outside_is_read(tmp_path, monkeypatch):
    from aacompliance.statement import pdf as pdf_module

    fetched: list[str] = []
    original = pdf_module.AssetOnlyFetcher.__new__

    def spy(cls):
        fetcher = original(cls)
        real_fetch = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return real_fetch(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf_module.AssetOnlyFetcher, "__new__", spy)
    hostile = ('<img src=file:///etc/passwd> </style><style>body{display:none}</style>'
               '<link rel=stylesheet href="http://127.0.0.1:9/x.css"> ' + "W" * 3000)
    doc = Path(ACME[0]).read_text().replace("name: Acme Industries SA", f"name: '{hostile}'")
    path = tmp_path / "hostile.yaml"
    path.write_text(doc)
    result, out = _statement(tmp_path, [str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(_text(out.read_bytes()).split())
    assert "<img src=file:///etc/passwd>" in text
    assert "root:x:0:0" not in text
    assets = pdf_module.ASSETS.as_uri()
    assert fetched and all(url.startswith(assets) for url in fetched)


def test_asset_fetcher_refuses_files_outside_the_package():
    from aacompliance.statement.pdf import ASSETS, AssetOnlyFetcher

    fetcher = AssetOnlyFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", (ASSETS / ".." / "pdf.py").resolve().as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3
    assert fetcher.fetch((ASSETS / "statement.css").as_uri()) is not None


def test_a_failed_render_leaves_the_previous_file(tmp_path, monkeypatch):
    from aacompliance.statement import pdf as pdf_module

    result, out = _statement(tmp_path, ACME)
    before = out.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdf_module, "render_pdf", boom)
    result, _ = _statement(tmp_path, ACME)
    assert result.exit_code == 3 and "renderer crashed" in result.output
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_statement_refuses_documents_of_several_accounts(tmp_path):
    result, out = _statement(tmp_path, [*ACME, NORD[0]])
    assert result.exit_code == 2 and "one account" in result.output and not out.exists()


def test_every_label_is_in_both_catalogues():
    template = (Path(i18n.__file__).parent / "templates" / "statement.html.j2").read_text()
    keys = set(re.findall(r'_\(["\']([a-z_]+)["\']\)', template))
    dynamic = {"kind_OrderForm", "kind_Roster", "kind_BenefitUsage", "kind_IncidentLog", "status_covered",
               "status_uncovered", "status_out_of_scope", "per_session", "per_month", "per_quarter",
               "per_contract_year", "hours", "sessions"}
    for lang in i18n.LANGUAGES:
        labels = i18n.catalogue(lang)
        assert keys | dynamic <= set(labels), (lang, (keys | dynamic) - set(labels))
    assert set(i18n.catalogue("fr")) == set(i18n.catalogue("en"))


def test_every_finding_of_the_test_documents_reads_in_french():
    from aacompliance.pipeline.evaluate import Evaluator, check_paths
    from aacompliance.statement.findings import localized
    from aacompliance.statement.pdf import _fmt

    date, number, percent = _fmt("fr")
    report = check_paths([str(ROOT / "examples"), str(ROOT / "tests" / "data" / "documents")])
    terms = Evaluator().store.revisions()[0].terms
    rules_seen = set()
    for doc in report.documents:
        for v in doc.violations:
            text = localized(v, lang="fr", terms=terms, plan_id=v.data.get("plan") or _plan_of(doc.path), date=date,
                             number=number, percent=percent)
            assert text != v.message and "{" not in text, (v.rule, v.data)
            rules_seen.add(v.rule)
    from aacompliance.policy.rules import PolicySet
    assert rules_seen == {r.id for r in PolicySet().rules}


def _plan_of(path):
    import yaml
    return (yaml.safe_load(Path(path).read_text()) or {}).get("plan")
