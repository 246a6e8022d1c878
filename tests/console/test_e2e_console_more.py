"""The catalog editor, password resets and the terminal page in a real headless Chromium (Debian's
/usr/bin/chromium driven by Playwright, never Playwright's browser download), on a real
pos-server process. POS_CONSOLE_SCREENSHOTS=1 refreshes docs/screenshots/console-*.png."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from support.console import PASSWORD, ROOT
from support.server import TerminalClient, start_server, unique_msisdn

from prepaid_server.services import operators
from prepaid_server.services.context import open_context

CHROMIUM = "/usr/bin/chromium"
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOTS: Path = DOCS_SHOTS

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                "(scripts/bootstrap.sh installs it)")


@pytest.fixture
def browser():  # noqa: ANN201
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def live(tmp_path):  # noqa: ANN001, ANN201
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    ctx = open_context(url)
    operators.add(ctx, ROOT, "admin", "admin", PASSWORD)
    operators.add(ctx, ROOT, "sue", "support", PASSWORD)
    server = start_server(url)
    try:
        yield server, ctx
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _shots_dir(tmp_path, monkeypatch):  # noqa: ANN001, ANN202
    if os.environ.get("POS_CONSOLE_SCREENSHOTS") != "1":
        monkeypatch.setattr(sys.modules[__name__], "SHOTS", tmp_path / "shots")


def shot(page, name: str, full: bool = False) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"console-{name}.png"), full_page=full)


def login(page, base: str, name: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def no_sideways_scroll(page) -> bool:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_catalog_draft_preview_publish_history(browser, live):
    server, _ctx = live
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = server.url + "/console"
    login(page, base, "admin")
    page.wait_for_url("**/console/agents")
    page.click("nav >> text=Catalog")
    page.wait_for_url("**/console/catalog")
    assert page.locator("#versions tbody tr").count() == 1
    page.click("#new-draft")
    page.wait_for_url("**/console/catalog/drafts/*")

    # a product: SAF-AIRTIME's commission up to 7 %
    page.click("#products tbody tr:first-child >> text=Edit")
    page.wait_for_selector("input[name=commission_bps]")
    page.fill("input[name=commission_bps]", "700")
    page.click("#save-product")
    page.wait_for_selector("text=Saved.")
    assert page.locator("#products tbody tr:first-child td:nth-child(5)").inner_text() == "700"
    # the promotions section: a richer first tier
    promotions = page.locator("#section-promotions textarea")
    promotions.fill(promotions.input_value().replace("500", "1500", 1))
    page.click("#section-promotions button")
    page.wait_for_selector("text=Saved.")
    # a broken section: the parser's error beside it, what was typed kept
    page.locator("#section-limits textarea").fill('{"max_sale": 100000,')
    page.click("#section-limits button")
    page.wait_for_selector("#error")
    assert page.locator("#error").get_attribute("data-field") == "limits"
    assert "not valid JSON" in page.locator("#error").inner_text()
    assert page.locator("#section-limits textarea").input_value() == '{"max_sale": 100000,'
    assert page.locator("#section-limits label.bad").count() == 1
    shot(page, "catalog-error")
    # a hostile product name is shown as text, never run
    page.fill("input[name=code]", "SAF-XSS")
    page.fill("input[name=name]", "<img src=x onerror=alert(1)><script>alert(2)</script>")
    page.select_option("select[name=kind]", "fixed")
    page.fill("input[name=commission_bps]", "100")
    page.fill("input[name=denominations]", "5000")
    page.click("#save-product")
    page.wait_for_selector("text=Saved.")
    assert page.locator("#products tbody tr:last-child td:nth-child(3)").inner_text() == \
        "<img src=x onerror=alert(1)><script>alert(2)</script>"
    assert dialogs == []

    # preview: the draft's price and bonus beside the published version's
    page.select_option("#preview-card select[name=operator]", "SAF")
    page.fill("#preview-card input[name=amount]", "100")
    page.fill("#preview-card input[name=msisdn]", "0712345678")
    page.click("#preview")
    page.wait_for_selector("#preview-result")
    row = page.locator("#preview-result tr[data-product=SAF-AIRTIME]")
    assert row.locator("td.bonus").inner_text().replace("\u00a0", " ") == "Ksh15.00"
    assert "SAF-BONANZA" in row.inner_text() and "Ksh7.00" in row.inner_text().replace("\u00a0", " ")
    assert "+2547•••••678" in page.content()
    assert no_sideways_scroll(page)
    shot(page, "catalog-preview")

    # publish: a new version, the old one valid until the grace period ends
    page.click("#publish")
    page.wait_for_url("**/console/catalog?published=2")
    assert "Published as version 2" in page.locator("#notice").inner_text()
    rows = page.locator("#versions tbody tr")
    assert rows.count() == 2 and "current" in rows.nth(0).inner_text()
    assert "open (current)" not in rows.nth(1).inner_text()
    assert "published as v2" in page.locator("#drafts").inner_text()
    shot(page, "catalog-history")
    page.click("#versions >> text=v2")
    assert '"tiers"' in page.locator("#document").inner_text()

    # the same pages in French
    page.goto(base + "/catalog")
    page.select_option("select[name=language]", "fr")
    page.click("header form[action$='/language'] button")
    page.goto(base + "/catalog")
    assert "Brouillons" in page.content()
    page.click("#new-draft")
    page.wait_for_url("**/console/catalog/drafts/*")
    assert "Aperçu d'une vente" in page.content()
    assert no_sideways_scroll(page)
    shot(page, "catalog-draft-fr")


def test_password_reset_and_change_in_the_browser(browser, live):
    server, _ctx = live
    base = server.url + "/console"
    admin = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    login(admin, base, "admin")
    admin.wait_for_url("**/console/agents")
    admin.goto(base + "/operators")
    admin.click("button[data-reset=sue]")
    admin.wait_for_selector("#temporary-password")
    temporary = admin.locator("#temporary-password").inner_text().strip()
    assert len(temporary) == 16
    shot(admin, "operator-reset")
    admin.goto(base + "/operators")
    assert temporary not in admin.content()  # shown once

    sue = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB").new_page()
    login(sue, base, "sue", PASSWORD)
    assert "Wrong name or password" in sue.content()  # the old password is gone
    login(sue, base, "sue", temporary)
    sue.wait_for_url("**/console/password")
    assert sue.locator("#must-change").count() == 1
    sue.goto(base + "/care")
    assert sue.url.endswith("/console/password")  # nothing else until a new password
    shot(sue, "password-change")
    sue.fill("input[name=old]", temporary)
    sue.fill("input[name=new]", "sue's own long passphrase")
    sue.fill("input[name=repeat]", "sue's own long passphrase")
    sue.click("#change-password")
    sue.wait_for_url("**/console/agents?notice=password")
    assert sue.locator("#notice").inner_text() == "Your password was changed."
    sue.goto(base + "/care")
    assert sue.url.endswith("/console/care")

    # her own change later: the old password is required
    sue.click("#my-password")
    sue.fill("input[name=old]", "not the password")
    sue.fill("input[name=new]", "another long passphrase")
    sue.fill("input[name=repeat]", "another long passphrase")
    sue.click("#change-password")
    sue.wait_for_selector("#error")
    assert "not right" in sue.locator("#error").inner_text()


def test_terminal_page_shows_day_closes_with_the_recompute(browser, live):
    server, _ctx = live
    till = TerminalClient.enroll(server.url, server.issue_code())
    till.catalog()
    sales = [till.sale(face=10_000, msisdn=unique_msisdn()) for _ in range(3)]
    till.send_batch([sales[0], sales[2]])
    body = {"id": "z1", "z_no": 1, "business_day": "2026-12-04", "closed_at_ms": 0, "currency": "KES",
            "seq_ranges": [[1, 1]]}
    settled = till.post("/api/v1/closes", body).json()["settled"]
    assert till.post("/api/v1/closes", {**body, "client_totals": settled}).status_code == 200
    assert till.post("/api/v1/closes", {**body, "id": "z2", "z_no": 2, "seq_ranges": [[2, 3]],
                                        "client_totals": {**settled, "count": 2, "face": 20_000}}).status_code == 200

    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    base = server.url + "/console"
    login(page, base, "admin")
    page.wait_for_url("**/console/agents")
    page.goto(base + f"/terminals/{till.terminal_id}")
    assert page.locator("#last-contact").inner_text() != "never"
    assert page.locator("#gaps").inner_text() == "2"
    z1, z2 = page.locator("#closes tr[data-z='1']"), page.locator("#closes tr[data-z='2']")
    assert z1.locator("td.result").inner_text() == "matched"
    assert z2.locator("td.result").inner_text() == "mismatch"
    differs = z2.locator("td.differs").inner_text()
    assert "face: terminal 20000, server 10000" in differs and "never received: 2" in differs
    assert no_sideways_scroll(page)
    shot(page, "terminal")
