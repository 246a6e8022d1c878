"""Cancel and reverse end to end against a real pos-server process on loopback."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.runtime import Runtime
from pos_app.application.clock import FixedClock
from pos_app.store.uow import UnitOfWork
from support.server import server_url  # noqa: F401  (fixture)

_n = iter(range(10**6))


@pytest.fixture
def till(tmp_path, server_url):  # noqa: F811, ANN001, ANN201
    """A seeded terminal enrolled with a real server; its clock is the real time, standing still."""
    clock = FixedClock(datetime.now(timezone.utc))
    svc = Runtime.open(tmp_path / "pos", clock=clock)
    svc.setup.seed_demo()
    engine = svc.engine
    svc.enroll(server_url.url, server_url.enrollment_code, "Till 1")
    engine.pull_catalog()
    engine.refresh_float()
    yield svc, engine, server_url
    engine.client.close()
    svc.close()


def sell(svc, actor, face=10000, product="SAF-AIRTIME"):  # noqa: ANN001, ANN201
    msisdn = f"07{20000000 + next(_n) * 7919 % 79999999:08d}"
    return svc.sell.record(actor, SaleRequest(msisdn, product, face, "cash", face))


def server_rows(server, sql, **params):  # noqa: ANN001, ANN201
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    engine.dispose()
    return rows


def test_cancelled_sale_never_reaches_the_server_and_its_number_is_void(till):
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    kept = sell(svc, clerk)
    dropped = sell(svc, clerk)
    later = sell(svc, clerk)
    svc.cancel_queued(clerk, dropped.id, approver=manager, reason="customer left")
    result = engine.drain()
    assert (result.accepted, result.others) == (2, 1)
    assert svc.sales.get_sale(clerk, dropped.id).status is SaleStatus.CANCELLED
    assert {svc.sales.get_sale(clerk, s.id).status for s in (kept, later)} == {SaleStatus.CONFIRMED}
    rows = server_rows(server, "SELECT status, code FROM sales WHERE id = :i", i=dropped.id)
    assert rows == [("rejected", "cancelled")]  # recorded as void: it can never be accepted later
    status = engine.client.terminal_status()
    assert status["missing_count"] == 0 and status["contiguous_through"] == 3
    # even if the original document were sent now, it would never become a second sale
    with UnitOfWork(svc.db, write=False) as uow:
        doc = __import__("json").loads([o for o in uow.outbox.for_ref(dropped.id) if o.kind == "sale"][0].payload)
    doc["terminal_id"] = engine.credentials.terminal_id
    assert engine.client.post_batch([doc])["results"][0]["code"] == "id_conflict"
    with UnitOfWork(svc.db, write=False) as uow:
        assert uow.outbox.pending_count() == 0


def test_reverse_a_confirmed_sale_through_the_server(till):
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    sale = sell(svc, clerk, face=50000)
    assert engine.submit_now(sale.id) is SaleStatus.CONFIRMED
    before = engine.client.float_status()["balance"]
    svc.reverse(clerk, sale.id, approver=manager, reason="wrong number")
    assert svc.sales.get_sale(clerk, sale.id).status is SaleStatus.REVERSAL_PENDING
    assert engine.drain().others == 1
    assert svc.sales.get_sale(clerk, sale.id).status is SaleStatus.REVERSED
    assert engine.client.float_status()["balance"] == before + sale.float_cost.amount
    assert server.cli("ledger-check").returncode == 0


def test_reversal_refused_when_the_customer_spent_the_credit(till):
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    sale = sell(svc, clerk, face=10000)
    engine.drain()
    server.cli("usage", sale.msisdn, "2000")  # the subscriber makes a call
    svc.reverse(manager, sale.id, reason="wrong number")
    engine.drain()
    refused = svc.sales.get_sale(clerk, sale.id)
    assert refused.status is SaleStatus.REVERSAL_REFUSED
    assert refused.reject_code == "credit_spent" and "used" in refused.reject_message
    [fix] = svc.sales.fixes_for(manager, sale.id)
    assert (fix["state"], fix["code"]) == ("refused", "credit_spent")
    x = svc.reports.x_report(manager)  # a refused reversal still counts in the takings
    assert x.figures.takings.count == 1 and [f.outcome for f in x.fixes] == ["refused"]


def test_a_voucher_sale_rejected_by_the_server_returns_its_voucher(till):
    svc, engine, server = till
    clerk = svc.auth.login("alice", "1234")
    with UnitOfWork(svc.db, write=False) as uow:
        before = uow.vouchers.available("SAF-PIN", 5000)
    server.cli("risk-rule", "daily_cap", "reject", "--threshold", "1")
    sale = sell(svc, clerk, 5000, "SAF-PIN")
    engine.drain()
    assert svc.sales.get_sale(clerk, sale.id).status is SaleStatus.REJECTED
    with UnitOfWork(svc.db, write=False) as uow:
        assert uow.vouchers.available("SAF-PIN", 5000) == before
