"""Customer care shows usage (from the charging service) and loyalty (points, tier, progress), and
every lookup is audited (issue 16 x issues 14, 15)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from charging_support import world  # noqa: E402

from support.console import PASSWORD, ROOT, Console  # noqa: E402
from support.server import start_server  # noqa: E402

from prepaid_server.services import audit, care, charging, operators  # noqa: E402
from prepaid_server.services.charging import EventRequest  # noqa: E402

NUMBER = "+254712000777"


def test_care_lookup_has_usage_buckets_and_loyalty(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_CONSOLE_COOKIE_SECURE", "0")
    url = f"sqlite:///{tmp_path / 'care.sqlite3'}"
    w = world(url)
    w.top_up(NUMBER, 50_000)
    w.top_up(NUMBER, 20_000)
    for i in range(3):
        charging.charge_event(w.ctx, w.client, EventRequest(f"sms{i}", NUMBER, "sms", 1))
    operators.add(w.ctx, ROOT, "sam", "support", PASSWORD)
    sam = operators.login(w.ctx, "sam", PASSWORD).actor
    view = care.lookup(w.ctx, sam, NUMBER)
    assert view.usage is not None and [line.service for line in view.usage.lines] == ["sms"]
    sms = view.usage.lines[0]
    assert sms.units == 3 and sms.charge > 0 and sum(sms.paid_by.values()) == sms.charge
    assert {b.type for b in view.buckets} >= {"monetary"}
    assert view.loyalty is not None and view.loyalty.points == 70  # 700.00 of face at 10.00 a point
    assert view.loyalty.tier_name and view.loyalty.points_to_next >= 0

    server = start_server(url, seed=False)
    try:
        web = Console(server.url)
        web.login("sam")
        r = web.post("/console/care", {"msisdn": "0712000777"})
        assert r.status_code == 200
        assert 'id="usage"' in r.text and "sms" in r.text and 'id="points">70<' in r.text
        assert 'id="tier"' in r.text and 'id="progress"' in r.text
        _browser_shot(server.url, tmp_path)
    finally:
        server.stop()
    looks = [e for e in audit.latest(w.ctx, 20) if e.action == "customer_lookup"]
    assert [e.actor for e in looks] == ["sam", "sam", "sam"]


def _browser_shot(url: str, tmp_path: Path) -> None:
    """The care page in real Chromium at 1366x768 (POS_CONSOLE_SCREENSHOTS=1: into docs/screenshots)."""
    import os

    from playwright.sync_api import sync_playwright
    shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots" \
        if os.environ.get("POS_CONSOLE_SCREENSHOTS") == "1" else tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
            page.goto(url + "/console/login")
            page.fill("input[name=name]", "sam")
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url("**/console/agents")
            page.goto(url + "/console/care")
            page.fill("input[name=msisdn]", "0712000777")
            page.click("form[action$='/care'] button")
            page.wait_for_selector("#usage")
            assert page.locator("#points").inner_text() == "70"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            page.screenshot(path=str(shots / "console-care-usage-loyalty.png"), full_page=True)
        finally:
            browser.close()
