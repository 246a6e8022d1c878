"""Issue 14 item 4 end to end: a terminal and a real pos-server process on loopback, the catalog
carrying a refund policy. The customer spends part of the credit; the manager takes a partial
reversal; the server recovers what remains with the bonus and points and refunds in proportion;
the terminal keeps that outcome. The ledger and the audit chain check clean."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from pos_app.application.clock import FixedClock
from pos_app.domain.roles import LOCAL_ADMIN, Role
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.runtime import Runtime
from support.server import DEMO_CATALOG, server_url  # noqa: F401  (fixture)

POLICY = {"window_s": 86400, "second_approver_above": 50_000, "partial": True,
          "text": "Refunds within 24 h with a manager; unused credit only."}


@pytest.fixture
def till(tmp_path, server_url):  # noqa: F811, ANN001, ANN201
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["refund_policy"] = POLICY
    (tmp_path / "policy.json").write_text(json.dumps(doc))
    server_url.cli("publish-catalog", str(tmp_path / "policy.json"))
    svc = Runtime.open(tmp_path / "pos", clock=FixedClock(datetime.now(timezone.utc)))
    svc.setup.seed_demo()
    svc.enroll(server_url.url, server_url.enrollment_code, "Till 1")
    svc.engine.pull_catalog()
    svc.engine.refresh_float()
    svc.auth.add_user(LOCAL_ADMIN, "joe", "Joe Kamau", Role.MANAGER, "5555")
    yield svc, svc.engine, server_url
    svc.engine.client.close()
    svc.close()


def test_partial_reversal_after_usage_and_second_manager(till):
    svc, engine, server = till
    clerk, mary, joe = (svc.auth.login(u, p) for u, p in (("alice", "1234"), ("mary", "9876"), ("joe", "5555")))
    sale = svc.sell.record(clerk, SaleRequest("0712000123", "SAF-AIRTIME", 10_000, "cash", 10_000))
    assert sale.catalog_version == 2
    assert engine.submit_now(sale.id) is SaleStatus.CONFIRMED
    before = engine.client.float_status()["balance"]
    assert server.cli("usage", sale.msisdn, "2500").stdout.strip() == "7500"

    # Without accepting a partial recovery the server refuses and says what remains.
    svc.reverse(clerk, sale.id, approver=mary, reason="wrong number", reason_code="wrong_number")
    engine.drain()
    refused = svc.sales.get_sale(clerk, sale.id)
    assert (refused.status, refused.reject_code) == (SaleStatus.REVERSAL_REFUSED, "partial_needs_consent")
    # Accepted: 75.00 recovered with the 5.00 bonus and the 10 points; refund 75.00 of the 100.00 paid.
    svc.reverse(clerk, sale.id, approver=mary, reason="wrong number", reason_code="wrong_number", allow_partial=True)
    engine.drain()
    assert svc.sales.get_sale(clerk, sale.id).status is SaleStatus.REVERSED
    fix = [f for f in svc.sales.fixes_for(mary, sale.id) if f["state"] == "reversed"][0]
    assert (fix["final_state"], fix["recovered"], fix["refund"], fix["bonus_back"], fix["points_back"]) == (
        "reversed_partial", 7_500, 7_500, 500, 10)
    assert engine.client.float_status()["balance"] == before + sale.float_cost.amount * 7_500 // 10_000

    # Above 500.00: two different managers, and the server agrees.
    big = svc.sell.record(clerk, SaleRequest("0712000124", "SAF-AIRTIME", 100_000, "cash", 100_000))
    assert engine.submit_now(big.id) is SaleStatus.CONFIRMED
    svc.reverse(clerk, big.id, approver=mary, second_approver=joe, reason="sold twice", reason_code="duplicate")
    engine.drain()
    assert svc.sales.get_sale(clerk, big.id).status is SaleStatus.REVERSED
    fix = [f for f in svc.sales.fixes_for(mary, big.id) if f["state"] == "reversed"][0]
    assert fix["final_state"] == "reversed_full" and fix["second_approver"] == "manager:joe"
    assert server.cli("ledger-check").returncode == 0
    assert server.cli("audit-check").returncode == 0
