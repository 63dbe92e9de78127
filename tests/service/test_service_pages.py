"""The web pages without JavaScript: plain forms, uploads, submit buttons."""
from __future__ import annotations

import re

import pytest

from service_support import DATA, EXAMPLES  # noqa: F401
from service_support import client, contracts_with_draft, make_client, tokens  # noqa: F401  (fixtures)

MISSING_REGION = EXAMPLES / "order-form-silver-missing-region.yaml"

NORDLICHT = {
    "customer_name": "Nordlicht Logistik GmbH", "customer_account": "NORD-77", "of_id": "OF-2025-0245",
    "signed_on": "2025-06-02",
    "sub-0-id": "N-1", "sub-0-product": "Automation 360 Cloud", "sub-0-region": "EMEA",
    "sub-0-entity": "Nordlicht Logistik GmbH", "sub-0-start": "2025-01-01", "sub-0-end": "2027-12-31",
    "sub-1-id": "N-2", "sub-1-product": "Automation 360 Cloud", "sub-1-region": "AMER",
    "sub-1-entity": "Nordlicht USA Inc.", "sub-1-start": "2024-07-01", "sub-1-end": "2026-06-30",
    "sup-0-plan": "silver", "sup-0-covers": "N-1", "sup-0-start": "2025-07-01", "sup-0-end": "2026-06-30",
    "lang": "en", "op": "check",
}


@pytest.fixture
def browser(client, tokens):
    """A client signed in through the login form (session cookie)."""
    r = client.post("/login", data={"token": tokens[1]["all"], "next": "/deal-desk"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/deal-desk"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return client


def _verdict(html: str) -> list[str]:
    return re.findall(r'data-verdict="([a-z]+)"', html)


def test_pages_need_a_session_and_the_right_scope(client, tokens):
    r = client.get("/deal-desk", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/deal-desk"
    r = client.post("/login", data={"token": "aac_wrong", "next": "/"})
    assert r.status_code == 401 and "Unknown or revoked token" in r.text
    client.post("/login", data={"token": tokens[1]["legal"], "next": "/"})
    assert client.get("/deal-desk").status_code == 403
    assert client.get("/legal").status_code == 200
    r = client.post("/login", data={"token": tokens[1]["all"], "next": "https://evil.example/"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"


def test_deal_desk_filled_form_then_fixed_row(browser):
    r = browser.post("/deal-desk", data=NORDLICHT, files={"file": ("", b"")})
    assert r.status_code == 200
    assert _verdict(r.text) == ["violations"] and 'data-rule="OF-COVERAGE"' in r.text
    assert "premium.coverage" in r.text  # the clause
    coverage = r.text[r.text.index('class="coverage"'):]
    assert re.search(r'class="status-uncovered"><th scope="row">N-2</th>', coverage)
    fixed = {**NORDLICHT, "sup-0-covers": "N-1, N-2"}
    r = browser.post("/deal-desk", data=fixed, files={"file": ("", b"")})
    assert _verdict(r.text) == ["compliant"] and "OF-COVERAGE" not in r.text
    assert 'id="download-statement"' in r.text


def test_deal_desk_in_french(browser):
    r = browser.post("/deal-desk", data={**NORDLICHT, "lang": "fr"}, files={"file": ("", b"")})
    assert '<html lang="fr">' in r.text and "non conforme" in r.text
    assert "Le plan premium couvre tous les abonnements" in r.text  # clause label in French
    assert "aucune ligne d’assistance" in r.text  # the finding in French (the statements' catalogue)


def test_deal_desk_rows_are_added_and_removed_without_javascript(browser):
    r = browser.post("/deal-desk", data={**NORDLICHT, "op": "add-subscription"}, files={"file": ("", b"")})
    assert 'id="sub-2-id"' in r.text and "data-verdict" not in r.text
    r = browser.post("/deal-desk", data={**NORDLICHT, "op": "remove-sub-0"}, files={"file": ("", b"")})
    assert 'id="sub-1-id"' not in r.text
    assert re.search(r'id="sub-0-id" name="sub-0-id" value="N-2"', r.text)


def test_deal_desk_upload_and_paste(browser):
    r = browser.post("/deal-desk", data={"lang": "en", "op": "check"},
                     files={"file": (MISSING_REGION.name, MISSING_REGION.read_bytes())})
    assert _verdict(r.text) == ["violations"]
    assert 'value="N-2"' in r.text  # the editor is filled from the uploaded document
    r = browser.post("/deal-desk", data={"lang": "en", "op": "check",
                                         "document": (EXAMPLES / "order-form-gold-ok.yaml").read_text()},
                     files={"file": ("", b"")})
    assert _verdict(r.text) == ["compliant"]


def test_deal_desk_input_errors_point_at_the_field(browser):
    bad = {**NORDLICHT, "sub-1-end": "2026-13-45"}
    r = browser.post("/deal-desk", data=bad, files={"file": ("", b"")})
    assert r.status_code == 422 and _verdict(r.text) == ["error"]
    assert "subscriptions[1].end" in r.text and 'href="#sub-1-end"' in r.text
    assert "YYYY-MM-DD" in r.text


def test_statement_download_from_the_page(browser):
    r = browser.post("/statement", data={"lang": "en", "document_name": "order-form.yaml",
                                         "document_text": (EXAMPLES / "order-form-gold-ok.yaml").read_text(),
                                         "signed_off_by": "Ana Lopez", "role": "Deal desk"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-disposition"].startswith("attachment")


def test_legal_redline_and_impact(make_client, tokens, contracts_with_draft):
    client = make_client(contracts_dir=str(contracts_with_draft))
    client.post("/login", data={"token": tokens[1]["legal"], "next": "/"})
    r = client.get("/legal")
    assert 'value="technical-support-terms@2025-06-01"' in r.text
    docs = [("documents", (f"folder/{p.name}", p.read_bytes())) for p in sorted((DATA / "documents").glob("*.yaml"))]
    docs.append(("documents", ("folder/README.txt", b"not a document")))  # a folder holds other files too
    r = client.post("/legal", data={"old": "technical-support-terms@2024-11-18",
                                    "new": "technical-support-terms@2025-06-01", "lang": "en"}, files=docs)
    assert r.status_code == 200, r.text[:300]
    assert "<del>" in r.text and "<ins>" in r.text and 'class="redline"' in r.text
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.pipeline.impact import impact

    rows = impact([str(p) for p in sorted((DATA / "documents").glob("*.yaml"))], "2024-11-18", "2025-06-01",
                  Settings(contracts_dir=str(contracts_with_draft)), jobs=1)
    assert rows, "the draft is meant to change some verdicts"
    impact_html = r.text[r.text.index('id="impact-title"'):]
    for row in rows:
        assert f'<th scope="row">{row.path.rsplit("/", 1)[-1]}</th>' in impact_html
    assert impact_html.count('<th scope="row">') == len(rows) and "README" not in impact_html
    r = client.post("/legal", data={"old": "/etc/passwd", "new": "2025-06-01"})
    assert r.status_code == 400


def test_customer_success_ledger_attainment_and_charts(browser):
    files = [("documents", (p.name, p.read_bytes())) for p in
             (DATA / "documents" / "benefits-gold-over.yaml", EXAMPLES / "incident-log-gold.yaml",
              DATA / "documents" / "incidents-silver-missed.yaml")]
    r = browser.post("/success", data={"lang": "en"}, files=files)
    assert r.status_code == 200
    assert r.text.count('<svg class="chart" role="img"') == 3
    assert 'class="bar-over"' in r.text  # a benefit over its cap, and a severity below the objective
    assert "Benefit ledger" in r.text and "Initial response attainment" in r.text
    assert _verdict(r.text) == ["violations", "compliant", "violations"]
    assert 'id="download-statement"' in r.text


def test_pages_are_labelled(browser):
    """Every form control has a label; the pages have a main landmark and a skip link."""
    for path in ("/deal-desk", "/legal", "/success", "/login"):
        html = browser.get(path).text
        assert '<main id="main"' in html and 'class="skip" href="#main"' in html
        ids = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
        for control in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            if 'type="hidden"' in control or "hidden aria-hidden" in control:
                continue
            control_id = re.search(r'id="([^"]+)"', control)
            assert control_id and control_id.group(1) in ids, (path, control)
