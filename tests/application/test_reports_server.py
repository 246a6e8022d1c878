"""A Z report against a real server: it recomputes the totals itself; the client stores its answer."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from topup_core.errors import Conflict
from pos_app.domain.sale import SaleStatus
from support.server import server_url  # noqa: F401  (fixture)
from test_fixes_server import sell, till  # noqa: F401  (fixture)


def test_server_recomputes_the_z_and_agrees(till):  # noqa: F811
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    sales = [sell(svc, clerk, face) for face in (10000, 20000, 50000, 100000)]
    cancelled = sell(svc, clerk)
    svc.cancel_queued(clerk, cancelled.id, approver=manager, reason="duplicate")
    engine.drain()
    svc.reverse(manager, sales[1].id, reason="wrong number")
    with pytest.raises(Conflict):  # the reversal is still in flight
        svc.close_day(manager)
    engine.drain()
    z = svc.close_day(manager)
    assert z.figures.settled.count == 3 and z.reversed.count == 1
    assert engine.drain().others == 1
    stored = svc.reports.z_report(manager, z.z_no)
    assert stored.server_state == "matched", stored.mismatches
    assert stored.server_totals["settled"]["price"] == z.figures.settled.price
    assert stored.server_totals["settled"]["face"] == 10000 + 50000 + 100000
    # a later sale goes to the next business day and the Z stays as it was
    after = sell(svc, clerk)
    assert after.business_day > z.last_day
    assert svc.reports.z_report(manager, z.z_no).figures.as_dict() == z.figures.as_dict()


def test_a_server_that_disagrees_is_flagged(till):  # noqa: F811
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    sale = sell(svc, clerk, 10000)
    engine.drain()
    assert svc.sales.get_sale(clerk, sale.id).status is SaleStatus.CONFIRMED
    db = create_engine(server.database_url)  # someone changed the server's record behind our back
    with db.begin() as conn:
        conn.execute(text("UPDATE sales SET price = 1 WHERE id = :i"), {"i": sale.id})
    db.dispose()
    z = svc.close_day(manager)
    engine.drain()
    stored = svc.reports.z_report(manager, z.z_no)
    assert stored.server_state == "mismatch" and any("price" in m for m in stored.mismatches)


def test_carried_over_sales_are_excluded_on_both_sides(till):  # noqa: F811
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    confirmed = sell(svc, clerk, 10000)
    engine.drain()
    queued = sell(svc, clerk, 20000)  # recorded, not sent when the day closes
    z = svc.close_day(manager, carry_over=True, reason="line down")
    assert [c["seq"] for c in z.carried_over] == [2]
    engine.drain()  # the queued sale goes up first, then the Z
    assert svc.sales.get_sale(clerk, queued.id).status is SaleStatus.CONFIRMED
    stored = svc.reports.z_report(manager, z.z_no)
    assert stored.server_state == "matched", stored.mismatches
    assert stored.server_totals["settled"]["count"] == 1 and confirmed.seq == 1
