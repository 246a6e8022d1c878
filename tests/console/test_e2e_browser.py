"""The distributor's day in a real headless Chromium (Debian's /usr/bin/chromium driven by
Playwright; Playwright's own browser download is never used). A real pos-server process, a real
terminal (`pos-admin` enrolls with the code the console shows, sells and syncs), and screenshots
of the main pages into docs/screenshots/console-*.png."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.console import PASSWORD, ROOT
from support.server import start_server

from prepaid_server.services import operators
from prepaid_server.services.context import open_context

CHROMIUM = "/usr/bin/chromium"
# POS_CONSOLE_SCREENSHOTS=1 refreshes docs/screenshots/console-*.png; otherwise they go to a temp dir.
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOTS: Path = DOCS_SHOTS

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                "(scripts/bootstrap.sh installs it)")


def pos_admin(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, f"pos-admin {args[0]}: {proc.stderr}"
    return proc


def sell_at_the_till(data_dir: Path) -> None:
    """The terminal's own code (pos_app Runtime, as the till runs it): sync, a clerk sells a
    KES 100 top-up online, and the sale is confirmed by the server. (`pos-admin sell` in a fresh
    process would refuse: it has had no server contact yet and no offline allowance.)"""
    from pos_app.domain.sale import SaleRequest, SaleStatus
    from pos_app.runtime import Runtime

    with Runtime.open(data_dir) as app:
        app.sync(max_seconds=30)
        request = SaleRequest("0712345678", "SAF-AIRTIME", 10_000, "cash", app.sell.price("SAF-AIRTIME", 10_000).amount,
                              None)
        app.sell.check(request)
        clerk = app.auth.login("alice", "1234")
        app.start(worker=False, spool=False)
        outcome = app.sell(clerk, request)
        if outcome.sale.status is not SaleStatus.CONFIRMED:
            app.sync(max_seconds=30)
        assert app.sync(max_seconds=30).still_queued == 0


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
    """A real server with Secure cookies as in production (Chromium treats http://127.0.0.1 as a
    secure context) and an admin operator."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    ctx = open_context(url)
    operators.add(ctx, ROOT, "admin", "admin", PASSWORD)
    server = start_server(url)
    try:
        yield server, ctx
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _shots_dir(tmp_path, monkeypatch):  # noqa: ANN001, ANN202
    if os.environ.get("POS_CONSOLE_SCREENSHOTS") != "1":
        monkeypatch.setattr(sys.modules[__name__], "SHOTS", tmp_path / "shots")


def shot(page, name: str) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"console-{name}.png"), full_page=False)


def test_a_distributors_day_in_the_browser(browser, live, tmp_path):
    server, ctx = live
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="en-GB")
    base = server.url + "/console"
    page.goto(base + "/agents")
    assert page.url.endswith("/console/login")  # nothing is reachable logged out
    shot(page, "login")
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/console/agents")
    cookie = [c for c in page.context.cookies() if c["name"] == "topup_console"][0]
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"

    # a dealer and a retailer under it
    page.click("text=New agent")
    page.fill("input[name=name]", "Westlands Dealer")
    page.click("main button[type=submit]")
    page.wait_for_url("**/console/agents/*")
    dealer = page.url.rsplit("/", 1)[1]
    page.goto(base + f"/agents/new?parent={dealer}")
    page.fill("input[name=name]", "Kiosk <b>Sarit</b>")  # shown as typed, never as markup
    page.fill("input[name=prefix]", "SAR")
    page.click("main button[type=submit]")
    page.wait_for_url("**/console/agents/*")
    retailer = page.url.rsplit("/", 1)[1]
    assert page.locator("h1").inner_text() == "Kiosk <b>Sarit</b>"

    # deposit to the dealer, transfer to the retailer (double-clicked: money moves once)
    page.goto(base + f"/agents/{dealer}")
    page.fill("form[action$='/deposit'] input[name=amount]", "5000")
    page.click("form[action$='/deposit'] button")
    page.wait_for_selector("text=Done.")
    page.fill("form[action$='/transfer'] input[name=amount]", "2000")
    page.dblclick("form[action$='/transfer'] button")
    page.wait_for_load_state("networkidle")
    page.goto(base + f"/agents/{dealer}")
    assert page.locator("#float").inner_text().replace("\u00a0", " ") == "Ksh3,000.00"
    page.goto(base + f"/agents/{retailer}")
    assert page.locator("#float").inner_text().replace("\u00a0", " ") == "Ksh2,000.00"

    # an enrollment code, and a real terminal enrolls with it, sells and syncs
    page.click("text=Issue an enrollment code")
    code = page.locator("#code").inner_text().strip()
    assert page.locator(".qr svg").count() == 1
    shot(page, "enrollment-code")
    till = tmp_path / "till"
    pos_admin(till, "init", "--demo")
    assert "enrolled as SAR1" in pos_admin(till, "enroll", "--server", server.url, "--label", "Sarit till 1",
                                           stdin=code + "\n").stdout
    sell_at_the_till(till)

    page.goto(base + f"/agents/{retailer}")
    assert "SAR1" in page.content() and "Sarit till 1" in page.content()
    assert "1 sales" in page.locator(".tile").nth(3).inner_text()
    shot(page, "agent")

    # settlement shows the terminal's sale, reconciled; export the CSV
    page.goto(base + f"/settlement?agent={retailer}")
    assert page.locator("#sales-count").inner_text() == "1"
    assert "Reconciled with the ledger" in page.locator("#reconciled").inner_text()
    shot(page, "settlement")
    with page.expect_download() as download:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0]["agent_name"] == "Kiosk <b>Sarit</b>" and rows[0]["sales_count"] == "1"
    assert rows[0]["sales_face"] == "10000" and rows[0]["transfers_in"] == "200000"
    assert rows[0]["reconciled"] == "True"

    # the other desks, for the screenshots
    page.goto(base + "/agents")
    shot(page, "agents")
    page.goto(base + "/risk")
    shot(page, "risk")
    page.goto(base + "/care")
    page.fill("input[name=msisdn]", "0712345678")
    page.click("form[action$='/care'] button")
    page.wait_for_selector("#masked")
    assert page.locator("#masked").inner_text() == "+2547•••••678"
    shot(page, "care")
    page.goto(base + "/audit")
    actions = page.locator("table.list tbody tr td:nth-child(4)").all_inner_texts()
    assert actions.count("transfer") == 1 and "customer_lookup" in actions
    shot(page, "audit")

    # htmx search (served by our own server) swaps the table in place
    page.goto(base + "/agents")
    page.fill("input[name=q]", "Kiosk")
    from playwright.sync_api import expect
    expect(page.locator("#agents tbody tr")).to_have_count(1)  # (no wait_for_function: our CSP forbids eval)
    assert "q=Kiosk" in page.url

    # a tablet, in French (Accept-Language)
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}, locale="fr-FR",
                                 extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    t = tablet.new_page()
    t.goto(base + "/login")
    t.fill("input[name=name]", "admin")
    t.fill("input[name=password]", PASSWORD)
    t.click("main button[type=submit]")
    t.wait_for_url("**/console/agents")
    t.goto(base + f"/agents/{dealer}")
    assert "Historique du float" in t.content()
    assert t.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    shot(t, "agent-tablet-fr")
    tablet.close()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
