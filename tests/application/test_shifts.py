"""Shifts: open with a count, close with a count by note and coin, variance and manager approval."""
from __future__ import annotations

import sqlite3

import pytest

from topup_core.errors import Conflict, PermissionDenied, ValidationError
from topup_core.money import Money
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.domain.sale import SaleRequest
from pos_app.domain.shift import CashCount
from pos_app.store.uow import UnitOfWork

OPENING = {1000: 2, 500: 1, 100: 5}  # KES 3,000


def sell(services, actor, face=10000, method="cash", tendered=None, ref=None):  # noqa: ANN001, ANN201
    if method == "cash":
        tendered = tendered or face
    return services.sell.record(actor, SaleRequest("0712345678", "SAF-AIRTIME", face, method, tendered, ref))


def test_open_sell_and_close_with_an_exact_count(services, clerk, clock):
    shift = services.shifts.open_shift(clerk, OPENING)
    assert shift.opening_float == Money(3000_00, "KES") and shift.state == "open"
    assert services.shifts.current(clerk).id == shift.id
    clock.advance(minutes=5)
    sell(services, clerk, 10000)
    sell(services, clerk, 20000, "card", ref="CARD1234")
    sell(services, clerk, 5000, "mobile_money", ref="QK12AB34")
    preview = services.shifts.preview_close(clerk)
    assert preview.expected["cash"] == Money(3100_00, "KES")
    assert preview.expected["card"] == Money(200_00, "KES")
    assert preview.expected["mobile_money"] == Money(50_00, "KES")
    assert preview.sales_count == 3
    closed = services.shifts.close_shift(clerk, {1000: 3, 100: 1}, {"card": 20000, "mobile_money": 5000})
    assert closed.state == "closed" and closed.approved_by is None and closed.sales_count == 3
    assert all(v.variance.amount == 0 for v in closed.reconciliation)
    assert services.shifts.current(clerk) is None
    with UnitOfWork(services.db, write=False) as uow:
        actions = [e.action for e in uow.audit.for_subject(shift.id)]
    assert actions == ["shift.opened", "shift.closed"]


def test_variance_above_threshold_needs_a_manager_with_a_reason(services, clerk, manager):
    services.shifts.open_shift(clerk, OPENING)
    sell(services, clerk, 10000)
    short = {1000: 2, 500: 1, 100: 3}  # KES 2,800 counted, 3,100 expected: 300 short
    with pytest.raises(PermissionDenied) as err:
        services.shifts.close_shift(clerk, short)
    assert err.value.code == "approval_required"
    assert err.value.details["variances"][0] == {"method": "cash", "expected": 310000, "counted": 280000,
                                                 "variance": -30000}
    with pytest.raises(PermissionDenied):  # a clerk cannot approve
        services.shifts.close_shift(clerk, short, approver=clerk, reason="miscount")
    with pytest.raises(ValidationError):  # the approval needs a reason
        services.shifts.close_shift(clerk, short, approver=manager)
    closed = services.shifts.close_shift(clerk, short, approver=manager, reason="change given twice")
    assert closed.approved_by == "manager:mary" and closed.reason == "change given twice"
    assert closed.reconciliation[0].variance == Money(-300_00, "KES")


def test_small_variance_closes_without_approval_and_threshold_is_a_setting(services, clerk):
    services.shifts.open_shift(clerk, OPENING)
    closed = services.shifts.close_shift(clerk, {1000: 2, 500: 1, 100: 4, 50: 1})  # 50 short, under 200
    assert closed.approved_by is None
    services.shifts.set_variance_threshold(LOCAL_ADMIN, 1000)
    assert services.shifts.variance_threshold() == Money(1000, "KES")
    services.shifts.open_shift(clerk, OPENING)
    with pytest.raises(PermissionDenied):
        services.shifts.close_shift(clerk, {1000: 2, 500: 1, 100: 4, 50: 1})


def test_one_open_shift_per_clerk_and_closed_shifts_are_immutable(services, clerk, manager):
    shift = services.shifts.open_shift(clerk, OPENING)
    with pytest.raises(Conflict) as err:
        services.shifts.open_shift(clerk, OPENING)
    assert err.value.code == "shift_already_open"
    services.shifts.open_shift(manager, {})  # another person: fine
    services.shifts.close_shift(clerk, OPENING)
    conn = sqlite3.connect(services.db.db_path)
    with pytest.raises(sqlite3.DatabaseError, match="shift_immutable"):
        conn.execute("UPDATE shifts SET reconciliation = '[]' WHERE id = ?", (shift.id,))
    with pytest.raises(sqlite3.DatabaseError, match="shift_immutable"):
        conn.execute("DELETE FROM shifts WHERE id = ?", (shift.id,))
    conn.close()


def test_shift_counts_only_its_own_clerk_and_window(services, clerk, manager, clock):
    sell(services, clerk, 50000)  # before the shift opened
    clock.advance(minutes=1)
    services.shifts.open_shift(clerk, {})
    sell(services, manager, 30000)  # someone else's sale
    sell(services, clerk, 10000)
    preview = services.shifts.preview_close(clerk)
    assert preview.sales_count == 1 and preview.expected["cash"] == Money(100_00, "KES")


def test_rules_for_who_may_do_what(services, clerk, manager):
    with pytest.raises(PermissionDenied):
        services.shifts.list_shifts(clerk)
    with pytest.raises(PermissionDenied):
        services.shifts.set_variance_threshold(manager, 5)  # configuration is for administrators
    shift = services.shifts.open_shift(clerk, {})
    other = services.auth.add_user(LOCAL_ADMIN, "bob", "Bob", "clerk", "4321")
    with pytest.raises(PermissionDenied):
        services.shifts.close_shift(services.auth.login("bob", "4321"), {}, shift_id=shift.id)
    closed = services.shifts.close_shift(manager, {}, shift_id=shift.id)  # a manager may close it
    assert closed.closed_by == "manager:mary" and other.username == "bob"
    assert [s.id for s in services.shifts.list_shifts(manager)] == [shift.id]
    with pytest.raises(ValidationError):
        services.shifts.open_shift(clerk, CashCount("KES", {3: 1}))
