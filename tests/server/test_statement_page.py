"""The customer's statement `/s/<token>` in real headless Chromium (Debian's chromium, driven by
Playwright with executable_path): the masked number, this top-up's status, balances by bucket and
the usage chart; a tampered or expired token gets a plain "link not valid" page; rate-limited."""
from __future__ import annotations

import base64
import os
import tempfile
import uuid
from pathlib import Path

import pytest
import requests

from prepaid_server.simulate import ChargingClient
from support.server import unique_msisdn
from topup_core.statement import statement_token

REPO = Path(__file__).resolve().parents[2]
# POS_WRITE_SCREENSHOTS=1 refreshes docs/screenshots; otherwise the shot only proves the page renders.
SHOTS = REPO / "docs" / "screenshots" if os.environ.get("POS_WRITE_SCREENSHOTS") == "1" \
    else Path(tempfile.mkdtemp(prefix="statement-shots-"))


def _customer(server):  # noqa: ANN001, ANN202
    till = server.enroll("Till")
    number = unique_msisdn()
    doc = till.sale(face=50_000, msisdn=number)
    assert till.send_batch([doc]).json()["results"][0]["status"] == "accepted"
    server.cli("bundle-grant", number, "data", str(500 * 1024 * 1024), "--days", "7")
    code = server.cli("charging-client", "add", "sim").stdout.strip()
    client = ChargingClient.enroll(server.url, code)
    sid = f"v-{uuid.uuid4().hex[:8]}"
    client.open(sid, number, "voice", 300)
    client.terminate(sid, 1, 185)
    client.event(f"s-{uuid.uuid4().hex[:8]}", number)
    sid = f"d-{uuid.uuid4().hex[:8]}"
    client.open(sid, number, "data", 50 * 1024 * 1024)
    client.terminate(sid, 1, 42 * 1024 * 1024)
    return till, number, doc


def test_statement_page_in_chromium(server_url):
    till, number, doc = _customer(server_url)
    token = statement_token(till.secret, till.terminal_code, doc["id"])
    url = f"{server_url.url}/s/{token}"
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            external = []
            page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server_url.url) else None)
            page.goto(url)
            masked = page.locator("#msisdn").inner_text()
            assert masked.startswith(number[:5]) and number[-3:] in masked and number not in page.content()
            assert page.locator("#topup-status").inner_text() == "confirmed"
            buckets = page.locator(".bucket")
            assert buckets.count() == 3  # the data bundle first, then bonus, then main
            assert buckets.nth(0).inner_text().startswith("Data bundle")
            assert "Bonus" in buckets.nth(1).inner_text() and "Main balance" in buckets.nth(2).inner_text()
            assert page.locator("#usage-chart rect.bar-voice").count() == 1
            assert page.locator("#usage-chart rect.bar-sms").count() == 1
            assert page.locator("#usage tr").count() == 1 + 3  # header + voice, sms, data
            points = till.get(f"/api/v1/subscribers/{number}").json()["loyalty"]  # what the counter sees
            assert points["points"] > 0
            assert page.locator("#loyalty-points").inner_text() == f"{points['points']:,}"
            assert page.locator("#loyalty-tier").inner_text() == points["tier_name"]
            if points["next_tier_name"]:
                assert page.locator("#loyalty-progress").count() == 1
                assert page.locator("#loyalty-next").inner_text().startswith(
                    f"{points['points_to_next']:,} points to {points['next_tier_name']}")
            assert page.locator("#loyalty-cycle").inner_text().strip() != ""
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "statement-390x844.png"), full_page=True)
            assert external == []  # no CDN, nothing from anywhere else

            tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
            page.goto(f"{server_url.url}/s/{tampered}")
            assert page.locator("h1").inner_text() == "Link not valid"
            page.goto(f"{server_url.url}/s/{till.terminal_code}.{uuid.uuid4()}.{token.rsplit('.', 1)[1]}")
            assert page.locator("h1").inner_text() == "Link not valid"
        finally:
            browser.close()


def test_pending_expired_and_rate_limited(server_url):
    till = server_url.enroll("Till")
    offline_sale = str(uuid.uuid4())
    r = requests.get(f"{server_url.url}/s/{statement_token(till.secret, till.terminal_code, offline_sale)}", timeout=5)
    assert r.status_code == 200 and "pending" in r.text  # printed offline, not synced yet
    other = server_url.enroll("Other till")
    forged = statement_token(other.secret, till.terminal_code, offline_sale)  # another till's secret
    assert requests.get(f"{server_url.url}/s/{forged}", timeout=5).status_code == 404
    old = till.sale(face=10_000, created_at_ms=1_700_000_000_000)  # dated long ago: beyond the link's life
    assert till.send_batch([old]).status_code == 200
    r = requests.get(f"{server_url.url}/s/{statement_token(till.secret, till.terminal_code, old['id'])}", timeout=5)
    assert r.status_code == 404 and "Link not valid" in r.text
    statuses = [requests.get(f"{server_url.url}/s/x.y.z", timeout=5).status_code for _ in range(40)]
    assert 429 in statuses and 500 not in statuses
    assert base64  # (imported for symmetry with the token's alphabet)
