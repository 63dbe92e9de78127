"""PDF statements, checked structurally (never byte-compared with a golden file)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from statements_support import ACME, NORD, run, statement, text_of  # noqa: E402


def test_english_statement_structure(tmp_path):
    result, out = statement(tmp_path, NORD)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = text_of(data)
    for words in ("Compliance statement", "Executive summary", "Nordlicht Logistik GmbH", "NORD-77", "Not compliant",
                  "OF-COVERAGE", "N-2", "Benefit ledger", "Claire Martin", "Customer Success Manager",
                  "July 1, 2025", "Page 1 / ", "1 subscription lacks the premium support it requires"):
        assert words in text, words
    assert set(reader.attachments) == {"order-form-silver-missing-region.yaml", "roster-silver.yaml",
                                       "benefit-usage-silver.yaml", "decision.json"}
    original = Path(NORD[0]).read_bytes()
    assert reader.attachments["order-form-silver-missing-region.yaml"][0] == original
    assert hashlib.sha256(original).hexdigest() in text  # printed in the footer
    assert reader.metadata.title.startswith("Compliance statement")
    assert reader.metadata.subject == "aacompliance verdict: not compliant"
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp  # PDF/A-3b


def test_decision_records_version_bundle_revision_and_statement_facts(tmp_path):
    import json

    from aacompliance import __version__

    _, out = statement(tmp_path, NORD, lang="fr")
    decision = json.loads(pypdf.PdfReader(out).attachments["decision.json"][0])
    assert decision["format"] == 2 and decision["aacompliance"] == __version__
    assert decision["bundle_revision"].startswith("sha256:")
    assert decision["statement"] == {"lang": "fr", "date": "2025-07-01", "signed_off_by": "Claire Martin",
                                     "role": "Customer Success Manager"}


def test_french_statement_uses_french_labels_dates_and_numbers(tmp_path):
    result, out = statement(tmp_path, NORD, lang="fr")
    text = text_of(out.read_bytes())
    for words in ("Attestation de conformité", "Non conforme", "1 juillet 2025", "Registre des avantages", "4,5",
                  "Validé par", "Synthèse"):
        assert words in text, words


def test_statements_read_documents_from_memory_not_temporary_files(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("a statement wrote a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result, _ = statement(tmp_path, ACME)
    assert result.exit_code == 0, result.output


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
               '<link rel=stylesheet href="http://127.0.0.1:9/x.css"> ' + "W" * 200)
    doc = Path(ACME[0]).read_text().replace("name: Acme Industries SA", f"name: '{hostile}'")
    path = tmp_path / "hostile.yaml"
    path.write_text(doc)
    result, out = statement(tmp_path, [str(path)])
    assert result.exit_code == 0, result.output
    text = text_of(out.read_bytes())
    assert "<img src=file:///etc/passwd>" in text
    assert "root:x:0:0" not in text
    assets = pdf_module.ASSETS.as_uri()
    assert all(url.startswith(assets) for url in fetched)  # the hostile name is text: nothing else fetched


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

    result, out = statement(tmp_path, ACME)
    before = out.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdf_module, "render_pdf", boom)
    result, _ = statement(tmp_path, ACME)
    assert result.exit_code == 3 and "renderer crashed" in result.output
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_statement_refuses_documents_of_several_accounts(tmp_path):
    result, out = statement(tmp_path, [*ACME, NORD[0]])
    assert result.exit_code == 2 and "one account" in result.output and not out.exists()


def test_statement_help_documents_languages_and_timestamps():
    result = run("statement", "--help")
    for words in ("--lang", "ja", "ko", "pt", "--tsa-url", "PAdES B-T"):
        assert words in result.output, words
    result = run("verify", "--help")
    for words in ("--trust", "--allow-untrusted", "Exit 4", "--trust-dir"):
        assert words in result.output, words
