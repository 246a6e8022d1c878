"""X and Z reports, the open business day and the dashboard, through the services over a real
SQLite file. Server round trips are in test_reports_server.py."""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topup_core.errors import Conflict, PermissionDenied
from pos_app.application.answers import apply_reversal_answer
from pos_app.domain.reports import TAKINGS, Totals, check_consistent
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.runtime import Runtime
from pos_app.application.clock import FixedClock
from pos_app.store.uow import UnitOfWork

DEMO_NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)  # as tests/conftest.py

PRODUCTS = [("SAF-AIRTIME", [1000, 10000, 55500]), ("AIR-FIXED", [2000, 5000]), ("TKL-FIXED", [2000, 20000]),
            ("SAF-PIN", [5000, 10000])]
METHODS = ["cash", "card", "mobile_money"]


def sell(services, actor, product="SAF-AIRTIME", face=10000, method="cash"):  # noqa: ANN001, ANN201
    tendered = face if method == "cash" else None
    ref = None if method == "cash" else "REF12345"
    return services.sell.record(actor, SaleRequest("0712345678", product, face, method, tendered, ref))


def confirm(services, sale_id, status="accepted"):  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        item = [o for o in uow.outbox.for_ref(sale_id) if o.kind == "sale"][0]
    services.engine._apply([(item.id, {"id": sale_id, "status": status, "server_ref": "PS-1",
                                            "code": None if status == "accepted" else "risk_rejected"})])


def raw_by_status(db_path: Path, day: str) -> dict[str, Totals]:
    conn = sqlite3.connect(db_path)
    try:
        return {status: Totals(*vals) for status, *vals in conn.execute(
            "SELECT status, COUNT(*), SUM(face), SUM(bonus), SUM(price), SUM(float_cost), SUM(commission) "
            "FROM sales WHERE business_day = ? GROUP BY status", (day,))}
    finally:
        conn.close()


# ---------------------------------------------------------------- property: totals are sums of the raw sales


@pytest.fixture(scope="module")
def template(tmp_path_factory):  # noqa: ANN001, ANN201
    path = tmp_path_factory.mktemp("reports-template")
    with Runtime.open(path, clock=FixedClock(DEMO_NOW)) as svc:
        svc.setup.seed_demo()
    return path


operation = st.one_of(
    st.tuples(st.just("sell"), st.integers(0, 1), st.integers(0, len(PRODUCTS) - 1), st.integers(0, 9),
              st.sampled_from(METHODS)),
    st.tuples(st.sampled_from(["confirm", "reject", "cancel"]), st.integers(0, 50)),
    st.tuples(st.just("reverse"), st.integers(0, 50), st.sampled_from(["reversed", "refused", None])),
    st.tuples(st.just("tick"), st.integers(1, 15)),
)


@given(st.lists(operation, min_size=1, max_size=35))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_report_totals_equal_sums_over_the_raw_sales(template, ops):
    root = Path(tempfile.mkdtemp(prefix="rep-"))
    for f in template.iterdir():
        if f.name.startswith("pos.sqlite3") or f.name == "pin.key":  # the PINs are sealed under it (issue 11)
            shutil.copy2(f, root / f.name)
    clock = FixedClock(DEMO_NOW)
    services = Runtime.open(root, clock=clock)
    try:
        actors = [services.auth.login("alice", "1234"), services.auth.login("mary", "9876")]
        manager = actors[1]
        ids: list[str] = []
        for op in ops:
            kind = op[0]
            if kind == "sell":
                product, faces = PRODUCTS[op[2]]
                ids.append(sell(services, actors[op[1]], product, faces[op[3] % len(faces)], op[4]).id)
                continue
            if kind == "tick":
                clock.advance(minutes=op[1])
                continue
            if not ids:
                continue
            sale_id = ids[op[1] % len(ids)]
            status = services.sales.get_sale(manager, sale_id).status
            if kind in ("confirm", "reject") and status is SaleStatus.QUEUED:
                confirm(services, sale_id, "accepted" if kind == "confirm" else "rejected")
            elif kind == "cancel" and status is SaleStatus.QUEUED:
                services.cancel_queued(manager, sale_id, reason="property test")
            elif kind == "reverse" and status in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                try:
                    services.reverse(manager, sale_id, reason="property test")
                except Conflict as exc:
                    assert exc.code == "window_expired"
                    continue
                if op[2] is not None:
                    fix = [f for f in services.sales.fixes_for(manager, sale_id) if f["state"] == "pending"][0]
                    with UnitOfWork(services.db) as uow:
                        apply_reversal_answer(uow, fix["id"], {"status": op[2], "code": "x"}, 1)
                        uow.commit()
        report = services.reports.x_report(manager)
        fig = report.figures
        raw = raw_by_status(services.db.db_path, report.last_day)
        assert {k: v for k, v in fig.by_status.items()} == raw
        takings = Totals()
        for status, totals in raw.items():
            if SaleStatus(status) in TAKINGS:
                takings.add(totals)
        assert fig.takings == takings
        assert check_consistent(fig) == []
        # hours are the shop's local hours of the raw sales
        conn = sqlite3.connect(services.db.db_path)
        hours: dict[int, int] = {}
        for at_ms, price, status in conn.execute("SELECT created_at_ms, price, status FROM sales"):
            if SaleStatus(status) in TAKINGS:
                hour = datetime.fromtimestamp(at_ms / 1000, ZoneInfo("Africa/Nairobi")).hour
                hours[hour] = hours.get(hour, 0) + price
        conn.close()
        assert {h: t.price for h, t in fig.by_hour.items()} == hours
        cancelled = raw.get("CANCELLED", Totals()).count
        assert sum(1 for f in report.fixes if f.kind == "cancellation") == cancelled
    finally:
        services.close()
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- Z report rules


def test_z_refuses_unsent_sales_unless_a_manager_carries_them_over(services, clerk, manager):
    settled = sell(services, clerk)
    confirm(services, settled.id)
    queued = sell(services, clerk, face=20000)
    with pytest.raises(Conflict) as err:
        services.close_day(manager)
    assert err.value.code == "z_unsent_sales" and err.value.details["count"] == 1
    report = services.close_day(manager, carry_over=True, reason="server down all evening")
    assert [c["sale_id"] for c in report.carried_over] == [queued.id]
    assert report.figures.pending.count == 1 and report.figures.settled.count == 1
    stored = services.reports.z_report(manager, report.z_no)
    assert stored.carried_over == report.carried_over and stored.reason == "server down all evening"
    # nothing unsent was touched by the Z
    with UnitOfWork(services.db, write=False) as uow:
        assert [o.state for o in uow.outbox.for_ref(queued.id)] == ["pending"]


def test_z_is_numbered_stored_immutable_and_closes_once(services, clerk, manager, clock):
    first = sell(services, clerk)
    confirm(services, first.id)
    z1 = services.close_day(manager)
    assert (z1.z_no, z1.last_day) == (1, "2026-11-21")
    with pytest.raises(Conflict) as err:
        services.close_day(manager, day="2026-11-21")
    assert err.value.code == "day_already_closed"
    # a sale after the Z belongs to the next business day, the same evening
    after = sell(services, clerk)
    assert after.business_day == "2026-11-22"
    confirm(services, after.id)
    x = services.reports.x_report(manager)
    assert x.last_day == "2026-11-22" and x.figures.takings.count == 1
    z2 = services.close_day(manager)
    assert (z2.z_no, z2.last_day) == (2, "2026-11-22")
    assert [z.z_no for z in services.reports.z_reports(manager)] == [2, 1]
    conn = sqlite3.connect(services.db.db_path)
    for sql in ("UPDATE z_reports SET report = '{}' WHERE z_no = 1", "DELETE FROM z_reports WHERE z_no = 1",
                "UPDATE z_reports SET business_day = '2030-01-01' WHERE z_no = 1"):
        with pytest.raises(sqlite3.DatabaseError, match="z_immutable"):
            conn.execute(sql)
    with pytest.raises(sqlite3.DatabaseError, match="z_sequence"):  # no gaps, no going back
        conn.execute("INSERT INTO z_reports VALUES (5, 'x', '2027-01-01', NULL, 0, 'a', 'b', 0, '{}', 'd', "
                     "'pending', NULL, NULL)")
    with pytest.raises(sqlite3.DatabaseError, match="day_closed"):  # no sale into a closed day
        conn.execute("INSERT INTO sales SELECT 'copy', 999, terminal_id, created_at_ms, '2026-11-21', clerk_id, "
                     "operator_code, product_code, product_name, product_kind, msisdn, currency, face, bonus, price, "
                     "float_cost, commission, promotion_code, payment_method, tendered, change, payment_reference, "
                     "catalog_version, voucher_serial, voucher_pin, status, status_changed_at_ms, server_ref, "
                     "reject_code, reject_message, receipt_no FROM sales LIMIT 1")
    conn.close()
    with UnitOfWork(services.db, write=False) as uow:
        assert [e.action for e in uow.audit.for_subject("Z1")] == ["day.closed"]


def test_a_stale_open_day_cache_is_caught_by_the_database_and_retried(services, clerk, manager):
    sale = sell(services, clerk)
    confirm(services, sale.id)
    services.close_day(manager)
    services.sales._last_closed_day, services.sales._closed_loaded = None, True  # as if the cache were late
    late = sell(services, clerk)
    assert late.business_day == "2026-11-22"


def forever(actor):  # noqa: ANN001, ANN201
    """The same person with a session that does not run out while the test moves days."""
    from dataclasses import replace
    return replace(actor, expires_at=None)


def test_next_calendar_day_without_a_z_is_its_own_business_day(services, clerk, manager, clock):
    clerk, manager = forever(clerk), forever(manager)
    sell(services, clerk)
    clock.advance(days=1)
    today = sell(services, clerk)
    assert today.business_day == "2026-11-22"
    x = services.reports.x_report(manager)  # the earliest open day comes first
    assert x.last_day == "2026-11-21"
    with pytest.raises(Conflict):  # its sale is still queued
        services.close_day(manager)
    z = services.close_day(manager, carry_over=True, reason="test")
    assert z.last_day == "2026-11-21" and z.figures.takings.count == 1
    assert services.reports.x_report(manager).last_day == "2026-11-22"


def test_clerks_cannot_report_close_the_day_or_read_the_audit(services, clerk, manager):
    sell(services, clerk)
    for call in (lambda: services.reports.x_report(clerk), lambda: services.reports.dashboard(clerk),
                 lambda: services.close_day(clerk), lambda: services.reports.z_reports(clerk),
                 lambda: services.close_day(clerk, approver=clerk),
                 lambda: services.reports.audit_log(clerk), lambda: services.verify(clerk)):
        with pytest.raises(PermissionDenied):
            call()
    # the clerk at the till may start it with a manager's approval
    report = services.close_day(clerk, approver=manager, carry_over=True, reason="test")
    assert report.closed_by == "clerk:alice" and report.approved_by == "manager:mary"


def test_report_lists_cancellations_reversals_and_rejections_with_who_and_why(services, clerk, manager):
    a, b, c = sell(services, clerk), sell(services, clerk), sell(services, clerk)
    services.cancel_queued(clerk, a.id, approver=manager, reason="wrong amount")
    confirm(services, b.id)
    services.reverse(clerk, b.id, approver=manager, reason="wrong number")
    confirm(services, c.id, "rejected")
    fixes = {f.kind: f for f in services.reports.x_report(manager).fixes}
    assert (fixes["cancellation"].who, fixes["cancellation"].approver, fixes["cancellation"].reason) == (
        "clerk:alice", "manager:mary", "wrong amount")
    assert fixes["reversal"].outcome == "pending" and fixes["reversal"].reason == "wrong number"
    assert fixes["rejection"].code == "risk_rejected" and fixes["rejection"].who == "server"


def test_dashboard_today_against_the_last_seven_days(services, clerk, manager, clock):
    clerk, manager = forever(clerk), forever(manager)
    for day in range(8):
        for _ in range(day + 1):
            sell(services, clerk if day % 2 else manager, face=10000)
        clock.advance(days=1)
    clock.advance(days=-1)
    board = services.reports.dashboard(manager)
    assert board.day == "2026-11-28"
    assert board.today.takings.count == 8
    assert [t.count for _, t in board.days] == [1, 2, 3, 4, 5, 6, 7]
    assert board.week_avg.count == 4
    assert sum(board.hourly_avg_price.values()) == 28 * 10000 // 7
    assert board.today.top("operator")[0][0] == "SAF"


def test_audit_log_and_chain_verification_for_managers(services, clerk, manager):
    sell(services, clerk)
    entries = services.reports.audit_log(manager, query="sale.recorded")
    assert entries and entries[0]["action"] == "sale.recorded"
    assert services.verify(manager).ok
