"""issue 15: the receipt's QR holds the customer's statement link (an HMAC of the sale id with the
terminal's secret, so an offline receipt carries a valid one); the link opens the statement in
real headless Chromium (Debian's chromium, Playwright with executable_path). Without a public URL
the QR keeps the reference."""
from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path

import pytest
import requests

from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.domain.sale import SaleRequest, SaleStatus
from prepaid_server.simulate import ChargingClient

# POS_WRITE_SCREENSHOTS=1 refreshes docs/screenshots; otherwise the shot only proves the page renders.
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("POS_WRITE_SCREENSHOTS") == "1" \
    else Path(tempfile.mkdtemp(prefix="statement-shots-"))


def _qr(svc, clerk, sale_id: str) -> str:  # noqa: ANN001
    payload = svc.spool.receipt_payload(svc.sales.get_sale(clerk, sale_id))
    return json.loads(payload)["receipt"]["qr_data"]


def test_the_receipt_qr_opens_the_customers_statement(terminal):
    svc, engine, server = terminal
    clerk = svc.auth.login("alice", "1234")
    record = svc.sell.record(clerk, SaleRequest("0712345987", "SAF-AIRTIME", 50_000, "cash", 50_000))
    assert _qr(svc, clerk, record.id) == record.id  # no public URL yet, not confirmed: the sale id
    svc.settings.update(LOCAL_ADMIN, {bs.STATEMENT_PUBLIC_URL: server.url})
    offline_link = _qr(svc, clerk, record.id)  # made before the sale reached the server
    assert offline_link.startswith(server.url + "/s/")
    r = requests.get(offline_link, timeout=5)
    assert r.status_code == 200 and "pending" in r.text

    assert engine.submit_now(record.id) is SaleStatus.CONFIRMED
    assert _qr(svc, clerk, record.id) == offline_link  # the same link, now confirmed
    client = ChargingClient.enroll(server.url, server.cli("charging-client", "add", "sim").stdout.strip())
    sid = f"v-{uuid.uuid4().hex[:8]}"
    client.open(sid, "+254712345987", "voice", 600)
    client.terminate(sid, 1, 347)
    client.event(f"s-{uuid.uuid4().hex[:8]}", "+254712345987")

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            others = []
            page.on("request", lambda req: others.append(req.url) if not req.url.startswith(server.url) else None)
            page.goto(offline_link)
            assert page.locator("#topup-status").inner_text() == "confirmed"
            assert page.locator("#msisdn").inner_text() == "+2547*****987"
            assert [page.locator(".bucket").nth(i).get_attribute("data-bucket") for i in range(2)] == ["bonus", "main"]
            assert page.locator("#usage-chart rect.bar-voice").count() == 1
            assert page.locator("#usage-chart rect.bar-sms").count() == 1
            assert "5 min 47 s" in page.locator("#usage").inner_text()  # the units used, as used
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "statement-from-receipt-390x844.png"), full_page=True)
            assert others == []
        finally:
            browser.close()


def test_pos_admin_enroll_sets_the_public_url(tmp_path, server_url):  # noqa: F811
    import subprocess
    import sys

    from pos_app.runtime import Runtime

    data = tmp_path / "till"
    with Runtime.open(data) as svc:
        svc.setup.seed_demo()
    proc = subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data), "enroll", "--server",
                           server_url.url, "--public-url", "https://prepaid.example/"],
                          input=server_url.enrollment_code + "\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with Runtime.open(data) as svc:
        assert svc.settings.get(bs.STATEMENT_PUBLIC_URL) == "https://prepaid.example/"
        sale_id = str(uuid.uuid4())
        link = svc._statement_link(sale_id)  # what the spool puts in the receipt's QR (first test above)
        code = svc.terminal.info.terminal_code
    assert link.startswith(f"https://prepaid.example/s/{code}.{sale_id}.")


def test_the_server_hands_its_public_url_to_the_terminal(tmp_path, clock):
    """`pos-server --public-url URL`: the terminal learns the address from the float reply (no
    terminal setting), keeps it across a restart, and the receipt's QR links the statement there;
    the link's token is one the server accepts. A server without the option: the QR keeps the
    reference."""
    from pos_app.runtime import Runtime
    from support.server import start_server

    server = start_server(f"sqlite:///{tmp_path / 'server.sqlite3'}",
                          extra_args=("--public-url", "https://pay.example.com/"))
    try:
        server.cli("deposit", server.agent_id, "500000000")
        svc = Runtime.open(tmp_path / "pos", clock=clock)
        try:
            svc.setup.seed_demo()
            svc.enroll(server.url, server.enrollment_code, "Till 1")
            svc.engine.pull_catalog()
            assert svc.engine.refresh_float()["public_url"] == "https://pay.example.com"
            assert svc.settings.get(bs.STATEMENT_PUBLIC_URL) == ""  # nothing set on the terminal
            clerk = svc.auth.login("alice", "1234")
            record = svc.sell.record(clerk, SaleRequest("0712345988", "SAF-AIRTIME", 10_000, "cash", 10_000))
            link = _qr(svc, clerk, record.id)
            assert link.startswith(f"https://pay.example.com/s/{svc.terminal.info.terminal_code}.{record.id}.")
            token = link.rsplit("/s/", 1)[1]
            assert requests.get(f"{server.url}/s/{token}", timeout=5).status_code == 200  # the server's own link
        finally:
            svc.engine.client.close()
            svc.close()
        with Runtime.open(tmp_path / "pos", clock=clock) as svc:  # restarted, not yet in contact: still known
            assert svc._statement_link(record.id) == link
    finally:
        server.stop()

    plain = start_server(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    try:
        plain.cli("deposit", plain.agent_id, "500000000")
        svc = Runtime.open(tmp_path / "pos2", clock=clock)
        try:
            svc.setup.seed_demo()
            svc.enroll(plain.url, plain.enrollment_code, "Till 2")
            svc.engine.pull_catalog()
            assert svc.engine.refresh_float().get("public_url") is None
            clerk = svc.auth.login("alice", "1234")
            record = svc.sell.record(clerk, SaleRequest("0712345989", "SAF-AIRTIME", 10_000, "cash", 10_000))
            qr = _qr(svc, clerk, record.id)
            assert "/s/" not in qr  # the reference (the sale id until confirmed, then the server's ref)
        finally:
            svc.engine.client.close()
            svc.close()
    finally:
        plain.stop()


def test_a_malformed_public_url_stops_the_server(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "prepaid_server.cli", "--database-url",
                           f"sqlite:///{tmp_path / 's.sqlite3'}", "--public-url", "pay.example.com", "--port", "1"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "--public-url must be an address" in proc.stderr
