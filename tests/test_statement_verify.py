"""`verify` fails closed: forgers, auditors and archived statements (issue 12, items 1-3 and 6)."""
from __future__ import annotations

import json

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")
pytest.importorskip("pyhanko")

from statements_support import ACME, CA, KEYS, NORD, SIGNER_CERT, SIGNER_KEY, built, run, sign, statement  # noqa: E402

NO_TRUST_DIR = {"AACOMPLIANCE_TRUST_DIR": "/nonexistent-aacompliance-trust"}


@pytest.fixture(scope="module")
def signed_nord(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signed")
    result, out = statement(tmp, NORD, signed=True)
    assert result.exit_code == 0, result.output
    return out


def test_a_signed_statement_verifies_against_its_trust_anchor(signed_nord):
    result = run("verify", signed_nord, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 0, result.output
    for words in ("intact", "covers the whole file", "chains to a trust anchor", "same verdict, same findings",
                  "page: overall verdict", "verified"):
        assert words in result.output, words


def test_the_configured_trust_folder_is_a_trust_anchor(signed_nord, tmp_path):
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "ca.pem").write_bytes(CA.read_bytes())
    assert run("verify", signed_nord, env={"AACOMPLIANCE_TRUST_DIR": str(folder)}).exit_code == 0
    assert run("verify", signed_nord, "--trust-dir", folder, env=NO_TRUST_DIR).exit_code == 0


def test_without_a_trust_anchor_an_intact_statement_is_untrusted_exit_4(signed_nord):
    result = run("verify", signed_nord, env=NO_TRUST_DIR)
    assert result.exit_code == 4, result.output
    assert "NOT TRUSTED" in result.output and "NOT verified" in result.output
    allowed = run("verify", signed_nord, "--allow-untrusted", env=NO_TRUST_DIR)
    assert allowed.exit_code == 0
    assert "--allow-untrusted" in allowed.output and "UNTRUSTED SIGNER" in allowed.output


def test_a_forger_re_signing_changed_inputs_with_a_self_signed_claire_martin_is_not_verified(tmp_path):
    changed = tmp_path / "roster.yaml"
    changed.write_text(open(NORD[1]).read().replace("languages: [fr]", "languages: [de]"))
    paths = [NORD[0], str(changed), NORD[2]]
    result, out = statement(tmp_path, paths, "--sign-key", KEYS / "impostor.key", "--sign-cert",
                            KEYS / "impostor.pem")
    assert result.exit_code == 0, result.output
    for args in ([], ["--trust", CA]):
        result = run("verify", out, *args, env=NO_TRUST_DIR)
        assert result.exit_code == 4, result.output
        assert "verified" not in result.output.replace("NOT verified", "")


def test_a_page_saying_compliant_over_a_not_compliant_decision_is_refused(tmp_path):
    from aacompliance.statement import pdf as pdf_module
    from aacompliance.statement.i18n import catalogue

    statement_ = built(NORD, lang="fr")
    html = pdf_module.render_html(statement_)
    labels = catalogue("fr")
    forged_html = html.replace(f'class="verdict ko">{labels["verdict_violations"]}',
                               f'class="verdict ok">{labels["verdict_compliant"]}')
    assert forged_html != html
    data, _ = pdf_module.render_pdf(statement_, forged_html)
    out = tmp_path / "forged.pdf"
    out.write_bytes(sign(data))
    result = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1, result.output
    assert "the page says compliant, the evidence says not compliant" in result.output


@pytest.mark.parametrize("what", ["account", "document result", "footer hash", "sign-off"])
def test_each_printed_fact_is_checked_against_the_evidence(tmp_path, what):
    from aacompliance.statement import pdf as pdf_module
    from aacompliance.statement.text import shown

    statement_ = built(NORD)
    html = pdf_module.render_html(statement_)
    if what == "account":
        forged = html.replace(f"<td>{shown('NORD-77')}</td>", f"<td>{shown('NORD-78')}</td>", 1)
        expected = "does not show the account"
    elif what == "document result":
        forged = html.replace('class="good">compliant</td>', 'class="bad">not compliant</td>', 1)
        expected = "a result the evidence contradicts"
    elif what == "footer hash":
        digest = statement_.inputs[0].sha256
        forged = html.replace(f"SHA-256 {digest}", f"SHA-256 {'0' * 64}")
        expected = "matches no attached input"
    else:
        forged = html.replace(f"<b>{shown('Claire Martin')}</b>", f"<b>{shown('Mallory Martin')}</b>")
        expected = "sign-off name on the page is not the one recorded"
    assert forged != html
    data, _ = pdf_module.render_pdf(statement_, forged)
    out = tmp_path / "forged.pdf"
    out.write_bytes(sign(data))
    result = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1, result.output
    assert expected in result.output


def test_a_changed_attached_decision_is_a_different_decision(tmp_path, monkeypatch):
    from aacompliance.statement import model, pdf as pdf_module

    statement_ = built(NORD)
    real = model.Statement.decision

    def lying(self):
        decision = real(self)
        decision["documents"][0]["violations"] = []
        decision["documents"][0]["compliant"] = True
        return decision

    monkeypatch.setattr(model.Statement, "decision", lying)
    data, _ = pdf_module.render_pdf(statement_)
    out = tmp_path / "lying.pdf"
    out.write_bytes(sign(data))
    result = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1
    assert "verdict was compliant, is now not compliant" in result.output


@pytest.mark.parametrize("decision", [b"[]", b'{"compliant": "yes"}', b"not json",
                                      b'{"compliant": true, "account": "A", "documents": [{"path": 1}]}'])
def test_a_malformed_attached_decision_is_not_verified_exit_1(tmp_path, monkeypatch, decision):
    from aacompliance.statement import model, pdf as pdf_module

    statement_ = built(ACME)
    monkeypatch.setattr(model.Statement, "decision_json", lambda self: decision)
    data, _ = pdf_module.render_pdf(statement_)
    out = tmp_path / "malformed.pdf"
    out.write_bytes(sign(data))
    result = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1, result.output
    assert "decision.json" in result.output and "internal error" not in result.output


def test_a_changed_byte_breaks_the_signature(signed_nord, tmp_path):
    data = bytearray(signed_nord.read_bytes())
    position = data.find(b"/Contents <") // 2
    data[position] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = run("verify", tampered, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1
    assert "changed after signing" in result.output or "not a readable statement" in result.output
    assert "Traceback" not in result.output


def test_content_appended_after_signing_is_refused(signed_nord, tmp_path):
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject

    writer = IncrementalPdfFileWriter(BytesIO(signed_nord.read_bytes()))
    info = writer.root
    info[NameObject("/Forged")] = TextStringObject("Compliant")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    path = tmp_path / "appended.pdf"
    path.write_bytes(out.getvalue())
    result = run("verify", path, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1, result.output


def test_an_unsigned_statement_does_not_verify(tmp_path):
    _, out = statement(tmp_path, ACME)
    result = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 1 and "not signed" in result.output
    assert "same verdict" in result.output  # the inputs still re-evaluate to the printed decision


@pytest.mark.parametrize("name", ["v0.1.0-nord-fr.pdf", "v0.1.0-acme-en.pdf"])
def test_statements_signed_by_0_1_0_still_verify(name):
    result = run("verify", KEYS / name, "--trust", CA, env=NO_TRUST_DIR)
    assert result.exit_code == 0, result.output
    assert "made with aacompliance 0.1.0 (bundle not recorded)" in result.output
    assert "same verdict, same findings" in result.output


def test_meaning_ignores_wording_and_new_data_keys_but_not_verdicts_rules_or_data():
    from aacompliance.statement.verify import compare_meaning

    old = [{"path": "a.yaml", "compliant": False,
            "violations": [{"rule": "R-1", "message": "old words", "data": {"used": 3, "cap": 2}}]}]
    reworded = [{"path": "a.yaml", "compliant": False,
                 "violations": [{"rule": "R-1", "key": "r.one", "message": "new words",
                                 "data": {"used": 3, "cap": 2, "new_field": "x"}}]}]
    assert compare_meaning(old, reworded) == []
    changed = [{"path": "a.yaml", "compliant": False,
                "violations": [{"rule": "R-1", "message": "old words", "data": {"used": 4, "cap": 2}}]}]
    assert compare_meaning(old, changed) == ["a.yaml: finding R-1 is no longer raised", "a.yaml: new finding R-1"]
    cleared = [{"path": "a.yaml", "compliant": True, "violations": []}]
    assert compare_meaning(old, cleared)[0] == "a.yaml: verdict was not compliant, is now compliant"


def test_verify_refuses_a_file_above_the_size_cap_before_reading_it(tmp_path, monkeypatch):
    from aacompliance.statement import verify as verify_module

    monkeypatch.setattr(verify_module, "MAX_PDF_BYTES", 1000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"\0" * 2000)
    opened = []
    import builtins

    real_open = builtins.open

    def spy(file, *args, **kwargs):
        if str(file) == str(big):
            opened.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    result = run("verify", big, env=NO_TRUST_DIR)
    assert result.exit_code == 2 and "above the 1,000-byte limit" in result.output
    assert opened == []


def test_an_attachment_inflating_past_its_cap_is_refused():
    import zlib

    from aacompliance.statement.verify import _inflate

    class Stream(dict):
        encoded_data = zlib.compress(b"\0" * 5_000_000)

    stream = Stream({"/Filter": "/FlateDecode"})
    with pytest.raises(ValueError, match="larger than 1000 bytes"):
        _inflate(stream, 1000, "bomb.yaml")


def test_signing_refuses_a_key_that_does_not_match_its_certificate(tmp_path):
    result, out = statement(tmp_path, ACME, "--sign-key", KEYS / "other.key", "--sign-cert", SIGNER_CERT)
    assert result.exit_code == 2, result.output
    assert "does not match the certificate" in result.output and not out.exists()


@pytest.mark.parametrize("cert, words", [("expired.pem", "expired on 2020-01-01"),
                                         ("nosig.pem", "not meant for signing")])
def test_signing_warns_about_an_expired_or_non_signing_certificate(tmp_path, cert, words):
    result, out = statement(tmp_path, ACME, "--sign-key", SIGNER_KEY, "--sign-cert", KEYS / cert)
    assert result.exit_code == 0 and words in result.output
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code != 0


def test_certificate_names_cannot_repaint_the_terminal():
    from aacompliance.statement.text import terminal

    hostile = "Eve\r\x1b[2Ksignature: intact; trust: chains to a trust anchor\u202e"
    shown = terminal(hostile)
    assert "\r" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert shown.startswith("Eve\\x0d\\x1b[2K") and shown.endswith("\\u202e")


def test_verify_prints_a_hostile_signer_name_escaped(tmp_path):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = serialization.load_pem_private_key(SIGNER_KEY.read_bytes(), None)
    ca_key = None  # self-signed: the name is what matters here
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Eve\rverified\x1b[2K")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(99).not_valid_before(dt.datetime(2024, 1, 1)).not_valid_after(dt.datetime(2060, 1, 1))
            .sign(key, hashes.SHA256()))
    del ca_key
    cert_path = tmp_path / "eve.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    result, out = statement(tmp_path, ACME, "--sign-key", SIGNER_KEY, "--sign-cert", cert_path)
    assert result.exit_code == 0, result.output
    verified = run("verify", out, env=NO_TRUST_DIR)
    assert "\r" not in verified.output and "\x1b" not in verified.output
    assert "Eve\\x0dverified\\x1b[2K" in verified.output
    assert verified.exit_code == 4


def test_a_sign_off_name_unlike_the_certificate_subject_is_a_warning(tmp_path):
    result, out = statement(tmp_path, ACME, signed=True, who="Jean Dupont")
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0
    assert "signed off by 'Jean Dupont' but the certificate belongs to 'Claire Martin'" in verified.output


def test_decision_json_is_not_an_attachment_name_twice(tmp_path):
    from aacompliance.statement.model import attachment_names
    from pathlib import Path

    names = attachment_names([Path("a/roster.yaml"), Path("b/roster.yaml"), Path("x/decision.json"),
                              Path("c/ROSTER.yaml")])
    assert len({n.casefold() for n in names}) == 4 and "decision.json" not in names
    assert json.dumps(names)


def test_tsa_url_adds_an_rfc3161_timestamp_that_verify_reports(tmp_path):
    import datetime as dt

    from tsa_double import TimeStampServer, make_tsa

    key, cert = make_tsa(tmp_path)
    stamp = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
    with TimeStampServer(key, cert, fixed=stamp) as tsa:
        result, out = statement(tmp_path, ACME, "--tsa-url", tsa.url, signed=True)
        assert result.exit_code == 0, result.output
        assert "signed and timestamped" in result.output and tsa.requests >= 1
    verified = run("verify", out, "--trust", CA, "--trust", cert, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output
    assert "RFC 3161 timestamp: 2025-07-01T12:00:00+00:00 by aacompliance Test TSA (invented)" in verified.output
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(open(out, "rb")).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert sig.signer_info["unsigned_attrs"][0]["type"].native == "signature_time_stamp_token"  # B-T


def test_an_unreachable_tsa_is_a_clear_error(tmp_path):
    result, out = statement(tmp_path, ACME, "--tsa-url", "http://127.0.0.1:9/tsa", signed=True)
    assert result.exit_code == 2 and "time-stamping authority" in result.output and not out.exists()


def test_the_library_call_of_0_1_0_still_works_and_fails_closed():
    from aacompliance.statement.signing import verify_pdf

    data = (KEYS / "v0.1.0-acme-en.pdf").read_bytes()
    assert verify_pdf(data, trust=[CA]).ok
    untrusted = verify_pdf(data)
    assert not untrusted.ok and untrusted.status == "untrusted"
