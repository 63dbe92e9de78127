"""Statements with waivers (issue 17): every waiver applied is listed with its approver and
expiry, a waived finding is printed as waived, never hidden, and `verify` re-checks waivers."""
from __future__ import annotations

import io
import json

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from conftest import ROOT  # noqa: E402
from statements_support import CA, DATE, run, sign, statement, text_of  # noqa: E402

NO_TRUST_DIR = {"AACOMPLIANCE_TRUST_DIR": "/nonexistent-aacompliance-trust"}
FOLDER = ROOT / "examples" / "waivers"
ORDER_FORM = FOLDER / "order-form-helvetia-renewal.yaml"
WAIVER = FOLDER / "waiver-helvetia-h3-coverage.yaml"


def expired(tmp_path):
    """The example waiver, expired three days before the order form was signed (2025-09-15)."""
    path = tmp_path / "waiver-expired.yaml"
    path.write_text(WAIVER.read_text().replace("expires_on: 2025-10-31", "expires_on: 2025-09-12"))
    return path


def attachments(pdf: bytes) -> dict[str, bytes]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {name: data[0] for name, data in reader.attachments.items()}


@pytest.mark.parametrize("lang, words", [
    ("en", ["Overall verdict Compliant with approved exceptions", "Approved exceptions (waivers)",
            "Waiver W-2025-014 — applied in order-form-helvetia-renewal.yaml", "Rule OF-COVERAGE",
            "Subject H-3", "Approved by Deal desk — M. Keller", "Approved on September 10, 2025",
            "Expires on October 31, 2025", "Clause premium.coverage",
            "OF-COVERAGE — order-form-helvetia-renewal.yaml — waived",
            "Waived by W-2025-014 (approved by Deal desk — M. Keller, until October 31, 2025): H-3 (on-premises",
            "Every document complies with the terms applied, with approved exceptions.",
            "Approved exceptions (W-2025-014) set aside 1 finding"]),
    ("fr", ["Conforme avec dérogations approuvées", "Dérogations approuvées",
            "Dérogation W-2025-014 — appliquée à order-form-helvetia-renewal.yaml", "Règle OF-COVERAGE",
            "Objet H-3", "Approuvée par Deal desk — M. Keller", "Approuvée le 10 septembre 2025",
            "Expire le 31 octobre 2025", "OF-COVERAGE — order-form-helvetia-renewal.yaml — couvert par une dérogation",
            "Couvert par la dérogation W-2025-014 (approuvée par Deal desk — M. Keller, jusqu’au 31 octobre 2025)"]),
])
def test_a_statement_lists_the_waiver_and_prints_the_waived_finding(tmp_path, lang, words):
    result, out = statement(tmp_path, [str(FOLDER)], lang=lang)
    assert result.exit_code == 0, result.output
    assert "1 waiver(s), compliant with approved exceptions" in result.output
    pdf = out.read_bytes()
    text = text_of(pdf)
    for w in words:
        assert w in text, w
    # The waived finding is printed (its sentence names the subscription), not hidden.
    assert "H-3 (Automation 360 On-Premises, APAC" in text
    files = attachments(pdf)
    assert files[WAIVER.name] == WAIVER.read_bytes() and files[ORDER_FORM.name] == ORDER_FORM.read_bytes()
    decision = json.loads(files["decision.json"])
    import hashlib
    digest = hashlib.sha256(WAIVER.read_bytes()).hexdigest()
    assert decision["waivers"] == [{"path": WAIVER.name, "sha256": digest}]
    assert [v["waiver"]["id"] for v in decision["documents"][0]["waived"]] == ["W-2025-014"]
    assert decision["compliant"] is True
    assert text.count(f"SHA-256 {digest}") == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)  # every footer


def test_waivers_option_and_the_same_statement(tmp_path):
    found, a = statement(tmp_path, [str(FOLDER)], name="a.pdf")
    given, b = statement(tmp_path, [str(ORDER_FORM), "--waivers", str(WAIVER)], name="b.pdf")
    assert found.exit_code == given.exit_code == 0, given.output
    assert a.read_bytes() == b.read_bytes()
    alone, _ = statement(tmp_path, [str(ORDER_FORM)], name="c.pdf")
    assert "not compliant" in alone.output


def test_an_expired_waiver_leaves_the_violation_standing(tmp_path):
    result, out = statement(tmp_path, [str(ORDER_FORM), str(expired(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("not compliant")
    text = text_of(out.read_bytes())
    assert "Overall verdict Violations found" in text or "Overall verdict Compliant" not in text
    assert "Waiver W-2025-014 — expired: the violations it covered in" in text and "renewal.yaml stand" in text
    assert "Expired waivers (W-2025-014) no longer apply" in text
    assert "Expires on September 12, 2025" in text
    assert "— waived" not in text and "Waived by" not in text  # the finding stands, not waived
    assert "OF-COVERAGE — order-form-helvetia-renewal.yaml" in text


def test_a_signed_statement_with_a_waiver_verifies(tmp_path):
    result, out = statement(tmp_path, [str(FOLDER)], signed=True)
    assert result.exit_code == 0, result.output
    checked = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert checked.exit_code == 0, checked.output
    assert "same verdict, same findings" in checked.output


def test_an_altered_attached_waiver_re_signed_by_the_same_key_is_not_verified(tmp_path):
    """The forger swaps the attached waiver for one that had expired and re-signs with the
    trusted key: hashes and signature hold; only re-evaluating the waiver catches it."""
    from aacompliance.statement import model, pdf as pdf_module

    built = model.build([str(FOLDER)], lang="en", signed_off_by="Claire Martin", role="Customer Success Manager",
                        date=DATE)
    built.waivers[0] = model.InputFile(built.waivers[0].name, expired(tmp_path).read_bytes())
    data, _ = pdf_module.render_pdf(built, pdf_module.render_html(built))
    out = tmp_path / "forged.pdf"
    out.write_bytes(sign(data))
    checked = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert checked.exit_code == 1, checked.output
    assert "DIFFERENT" in checked.output and "waived findings differ" in checked.output
    assert "SHA-256" not in checked.output.split("FAILED", 1)[-1].split("\n")[0]
    # A waiver that no longer validates (unknown rule) is refused too.
    built.waivers[0] = model.InputFile(built.waivers[0].name,
                                       WAIVER.read_bytes().replace(b"rule: OF-COVERAGE", b"rule: NOPE"))
    data, _ = pdf_module.render_pdf(built, pdf_module.render_html(built))
    out.write_bytes(sign(data))
    checked = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert checked.exit_code == 1 and "NOPE" in checked.output, checked.output


def test_a_broken_waiver_refuses_the_statement(tmp_path):
    bad = tmp_path / "w.yaml"
    bad.write_text(WAIVER.read_text().replace("rule: OF-COVERAGE", "rule: NOPE"))
    result, out = statement(tmp_path, [str(ORDER_FORM), str(bad)])
    assert result.exit_code == 2 and "NOPE" in result.output and str(bad) in result.output
    assert not out.exists()
