"""Issue 16 item 6 in a real headless Chromium on a real pos-server process: the settlement's
methods section shows the terminals' Z methods beside the server's, names a mismatched close and
lists a terminal that has not closed. POS_CONSOLE_SCREENSHOTS=1 refreshes
docs/screenshots/console-settlement-methods.png."""
from __future__ import annotations

from datetime import datetime, timezone

import test_e2e_console_more as e2e
from support.server import TerminalClient, unique_msisdn

from test_e2e_console_more import browser, live, login, no_sideways_scroll, _shots_dir  # noqa: F401


def test_settlement_methods_section(browser, live):  # noqa: F811
    server, _ctx = live
    day = datetime.now(timezone.utc).date().isoformat()
    t1 = TerminalClient.enroll(server.url, server.issue_code(), "Front desk")
    t2 = TerminalClient.enroll(server.url, server.issue_code(), "Back desk")
    sales = [t1.sale(face=10_000, msisdn=unique_msisdn()), t1.sale(face=5_000, msisdn=unique_msisdn()),
             t1.sale(face=20_000, msisdn=unique_msisdn(), payment_method="mobile_money", payment_ref="MM123")]
    assert t1.send_batch(sales).status_code == 200
    assert t2.send_batch([t2.sale(face=7_000, msisdn=unique_msisdn())]).status_code == 200
    body = {"id": "z1", "z_no": 1, "business_day": day, "closed_at_ms": 0, "currency": "KES",
            "seq_ranges": [[1, 3]]}
    settled = t1.post("/api/v1/closes", body).json()["settled"]
    r = t1.post("/api/v1/closes", {**body, "client_totals": settled,
                                   "client_methods": {"cash": [2, 20_000], "mobile_money": [1, 20_000]}})
    assert r.status_code == 200, r.text

    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="en-GB")
    base = server.url + "/console"
    login(page, base, "admin")
    page.wait_for_url("**/console/agents")
    page.goto(base + f"/settlement?agent={server.agent_id}&day={day}")
    section = page.locator("#methods")
    assert "has not closed the day" in section.locator("tr.not-closed").inner_text()
    result = page.locator("#methods-result").inner_text()
    assert "cash 200.00 reported (2 sales), 150.00 on the server (2 sales)" in result
    cash = page.locator("#methods-table tr[data-method='cash']").inner_text()
    assert "200.00" in cash and "220.00" in cash  # Z: 200.00; server: 100 + 50 + 70 (both tills)
    assert no_sideways_scroll(page)
    shots = e2e.SHOTS  # docs/screenshots with POS_CONSOLE_SCREENSHOTS=1, else the test's tmp dir
    shots.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(shots / "console-settlement-methods.png"))
