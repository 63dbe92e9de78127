"""Browser tests: Debian's Chromium, headless, driven by Selenium through Debian's chromedriver.

Never downloads a browser or a driver (SE_OFFLINE; explicit binary and driver paths).
Screenshots of each page go to $AACOMPLIANCE_SCREENSHOTS when set (`make screenshots`
writes docs/), else to a temporary folder.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from service_support import DATA, DRAFT, EXAMPLES, ROOT  # noqa: F401

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("Debian's chromium and chromium-driver are not installed "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the `test` extra)")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1700"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`aacompliance serve` on 127.0.0.1 (the bundled terms plus the invented draft, for the redline)."""
    tmp = tmp_path_factory.mktemp("serve")
    contracts = tmp / "contracts"
    shutil.copytree(ROOT / "contracts", contracts)
    shutil.copy(DRAFT, contracts / "technical-support-terms" / DRAFT.name)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    tokens = tmp / "tokens.json"
    token = subprocess.run([sys.executable, "-m", "aacompliance", "tokens", "add", "desk", "--scope",
                            "check,statement,diff", "--file", str(tokens)], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", "serve", "--port", str(port), "--tokens",
                             str(tokens), "--contracts", str(contracts), "--decision-log", str(tmp / "d.log")],
                            env=env, stdout=(tmp / "serve.out").open("wb"), stderr=subprocess.PIPE,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("serve exited: " + proc.stderr.read().decode())
                time.sleep(0.1)
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads):
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield drv
    finally:
        drv.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("AACOMPLIANCE_SCREENSHOTS")
    return Path(target) if target else tmp_path_factory.mktemp("screenshots")


def _screenshot(driver, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height + 40, 800), 4000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1700)


def _login(driver, base, token, target):
    driver.get(f"{base}/login?next={target}")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(ec.url_contains(target))
    # The URL changes before the new page is settled: wait for it, or elements found now go stale.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                    and not d.find_elements(By.ID, "login-submit"))


def _act(driver, by, selector, action):
    """Find an element and act on it, again if the page re-rendered it meanwhile (stale element)."""
    from selenium.common.exceptions import StaleElementReferenceException

    for attempt in range(5):
        try:
            return action(driver.find_element(by, selector))
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            WebDriverWait(driver, 5).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _fill(driver, values: dict) -> None:
    for field, value in values.items():
        element = driver.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)


def _verdict(driver) -> str:
    return WebDriverWait(driver, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "[data-verdict]"))).get_attribute("data-verdict")


def test_deal_desk_fill_see_coverage_fix_download(server, driver, downloads, shots):
    base, token = server
    _login(driver, base, token, "/deal-desk")
    _fill(driver, {"customer_name": "Nordlicht Logistik GmbH", "customer_account": "NORD-77",
                   "of_id": "OF-2025-0245", "signed_on": "2025-06-02",
                   "sub-0-id": "N-1", "sub-0-product": "Automation 360 Cloud", "sub-0-region": "EMEA",
                   "sub-0-entity": "Nordlicht Logistik GmbH", "sub-0-start": "2025-01-01", "sub-0-end": "2027-12-31"})
    # A second subscription row, added with the keyboard: focus lands in the new row.
    add = driver.find_element(By.ID, "add-subscription")
    driver.execute_script("arguments[0].focus()", add)
    add.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "sub-1-id"
    _fill(driver, {"sub-1-id": "N-2", "sub-1-product": "Automation 360 Cloud", "sub-1-region": "AMER",
                   "sub-1-entity": "Nordlicht USA Inc.", "sub-1-start": "2024-07-01", "sub-1-end": "2026-06-30",
                   "sup-0-plan": "silver", "sup-0-covers": "N-1", "sup-0-start": "2025-07-01",
                   "sup-0-end": "2026-06-30"})
    # A stray third row, added and removed again.
    driver.find_element(By.ID, "add-subscription").click()
    assert driver.find_elements(By.ID, "sub-2-id")
    driver.find_element(By.CSS_SELECTOR, 'button[value="remove-sub-2"]').click()
    assert not driver.find_elements(By.ID, "sub-2-id")
    driver.find_element(By.ID, "check").click()
    assert _verdict(driver) == "violations"
    assert "OF-COVERAGE" in driver.find_element(By.ID, "outcome").text
    uncovered = driver.find_element(By.CSS_SELECTOR, "tr.status-uncovered th").text
    assert uncovered == "N-2"
    _screenshot(driver, shots / "service-deal-desk.png")

    covers = driver.find_element(By.ID, "sup-0-covers")  # the editor was refilled from the checked document
    assert covers.get_attribute("value") == "N-1"
    covers.clear()
    covers.send_keys("N-1, N-2")
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-verdict]")
                                    .get_attribute("data-verdict") == "compliant")
    assert "compliant" in driver.find_element(By.CSS_SELECTOR, "[data-verdict]").text
    assert "OF-COVERAGE" not in driver.find_element(By.ID, "outcome").text

    _fill(driver, {"signed_off_by": "Ana Lopez", "role": "Deal desk"})
    driver.find_element(By.ID, "download-statement").click()
    pdf = downloads / "statement.pdf"
    for _ in range(300):
        if pdf.exists() and pdf.stat().st_size > 0:
            break
        time.sleep(0.1)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_deal_desk_in_french(server, driver):
    base, token = server
    _login(driver, base, token, "/deal-desk")
    driver.get(f"{base}/deal-desk?lang=fr")
    driver.find_element(By.ID, "file").send_keys(str(EXAMPLES / "order-form-silver-missing-region.yaml"))
    driver.find_element(By.ID, "check").click()
    assert _verdict(driver) == "violations"
    assert "non conforme" in driver.find_element(By.CSS_SELECTOR, "[data-verdict]").text
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"


def test_legal_redline_with_impact(server, driver, shots):
    base, token = server
    _login(driver, base, token, "/legal")
    _act(driver, By.CSS_SELECTOR, '#old option[value="technical-support-terms@2024-11-18"]', lambda e: e.click())
    _act(driver, By.CSS_SELECTOR, '#new option[value="technical-support-terms@2025-06-01"]', lambda e: e.click())
    paths = sorted((DATA / "documents").glob("*.yaml"))
    _act(driver, By.ID, "documents", lambda e: e.send_keys("\n".join(str(p) for p in paths)))
    _act(driver, By.ID, "compare", lambda e: e.click())
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "impact-title")))
    assert driver.find_elements(By.CSS_SELECTOR, "table.redline del")
    assert driver.find_elements(By.CSS_SELECTOR, "table.impact tbody tr")
    _screenshot(driver, shots / "service-legal.png")


def test_customer_success_ledger_and_chart(server, driver, shots):
    base, token = server
    _login(driver, base, token, "/success")
    paths = [DATA / "documents" / "benefits-gold-over.yaml", DATA / "documents" / "incidents-silver-missed.yaml"]
    _act(driver, By.ID, "documents", lambda e: e.send_keys("\n".join(str(p) for p in paths)))
    _act(driver, By.ID, "upload", lambda e: e.click())
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar-over")) >= 1
    assert driver.find_element(By.CSS_SELECTOR, "table.ledger").is_displayed()
    _screenshot(driver, shots / "service-success.png")


def test_openapi_docs_render_from_vendored_assets(server, driver):
    base, _ = server
    driver.get(f"{base}/docs")
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    paths = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert "/v1/check" in paths and "/v1/statements" in paths
    for entry in driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"):
        assert entry.startswith(base), entry  # nothing fetched from anywhere else
