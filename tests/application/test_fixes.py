"""Cancelling a queued sale and asking for a reversal, at the service level (no server)."""
from __future__ import annotations

import json
import sqlite3

import pytest

from topup_core.errors import Conflict, PermissionDenied, ValidationError
from pos_app.application.answers import apply_reversal_answer
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.models import OutboxItem
from pos_app.store.uow import UnitOfWork


def sell(services, actor, product="SAF-AIRTIME", face=10000):  # noqa: ANN001, ANN201
    return services.sell.record(actor, SaleRequest("0712345678", product, face, "cash", face))


def outbox(services, ref):  # noqa: ANN001, ANN201
    with UnitOfWork(services.db, write=False) as uow:
        return uow.outbox.for_ref(ref)


def answer(services, sale_id, status="accepted", **extra):  # noqa: ANN001, ANN201
    """Apply a server answer exactly as the sync engine does."""
    item = [o for o in outbox(services, sale_id) if o.kind == "sale"][0]
    services.engine._apply([(item.id, {"id": sale_id, "status": status, "server_ref": "PS-1", **extra})])


def audit(services, subject):  # noqa: ANN001, ANN201
    with UnitOfWork(services.db, write=False) as uow:
        return [(e.action, e.actor, json.loads(e.details)) for e in uow.audit.for_subject(subject)]


def test_manager_cancels_a_queued_sale_and_it_is_never_sent(services, clerk, manager):
    sale = sell(services, clerk)
    done = services.cancel_queued(clerk, sale.id, approver=manager, reason="customer changed mind")
    assert done.status is SaleStatus.CANCELLED
    [row] = [o for o in outbox(services, sale.id) if o.kind == "sale"]
    assert row.state == "cancelled"
    engine = services.engine
    assert engine._due_sales(100) is None  # the engine will never pick it
    with UnitOfWork(services.db, write=False) as uow:
        assert uow.outbox.pending_count() == 1  # only the notice to the server that the number is void
        cancel_rows = uow.session.query(OutboxItem).filter(OutboxItem.kind == "cancel").all()
    assert len(cancel_rows) == 1 and '"seq":1' in cancel_rows[0].payload
    action, actor, details = audit(services, sale.id)[-1]
    assert (action, actor, details["approver"], details["reason"]) == (
        "sale.cancelled", "clerk:alice", "manager:mary", "customer changed mind")
    fixes = services.sales.fixes_for(manager, sale.id)
    assert fixes[0]["kind"] == "cancellation" and fixes[0]["approved_by"] == "manager:mary"


def test_cancel_needs_a_manager_and_a_reason(services, clerk, manager):
    sale = sell(services, clerk)
    with pytest.raises(PermissionDenied):
        services.cancel_queued(clerk, sale.id, reason="oops")  # a clerk alone
    with pytest.raises(PermissionDenied):
        services.cancel_queued(clerk, sale.id, approver=clerk, reason="oops")
    with pytest.raises(ValidationError):
        services.cancel_queued(clerk, sale.id, approver=manager, reason="  ")
    assert services.sales.get_sale(clerk, sale.id).status is SaleStatus.QUEUED


def test_a_sale_picked_for_sending_can_no_longer_be_cancelled(services, clerk, manager):
    sale = sell(services, clerk)
    engine = services.engine
    picked = engine._due_sales(100)  # the same step a draining batch takes, in its own transaction
    assert picked.sale_ids == [sale.id] and json.loads(picked.body)["sales"][0]["id"] == sale.id
    with pytest.raises(Conflict) as err:
        services.cancel_queued(clerk, sale.id, approver=manager, reason="too late")
    assert err.value.code == "sale_already_sent"
    assert services.sales.get_sale(clerk, sale.id).status is SaleStatus.QUEUED


def test_a_confirmed_sale_cannot_be_cancelled(services, clerk, manager):
    sale = sell(services, clerk)
    answer(services, sale.id)
    with pytest.raises(Conflict) as err:
        services.cancel_queued(manager, sale.id, reason="x")
    assert err.value.code == "sale_already_sent"


def test_cancel_and_rejection_return_the_voucher_to_stock(services, clerk, manager):
    def available():  # noqa: ANN202
        with UnitOfWork(services.db, write=False) as uow:
            return uow.vouchers.available("SAF-PIN", 5000)
    before = available()
    first = sell(services, clerk, "SAF-PIN", 5000)
    second = sell(services, clerk, "SAF-PIN", 5000)
    assert available() == before - 2
    services.cancel_queued(manager, first.id, reason="printer jammed")
    assert available() == before - 1
    answer(services, second.id, "rejected", code="insufficient_float", message="no float")
    assert services.sales.get_sale(clerk, second.id).status is SaleStatus.REJECTED
    assert available() == before


def test_reversal_request_queues_a_reversal_row(services, clerk, manager, clock):
    sale = sell(services, clerk)
    with pytest.raises(Conflict):  # still queued: cancel it instead
        services.reverse(clerk, sale.id, approver=manager, reason="wrong number")
    answer(services, sale.id)
    with pytest.raises(PermissionDenied):
        services.reverse(clerk, sale.id, reason="wrong number")
    pending = services.reverse(clerk, sale.id, approver=manager, reason="wrong number")
    assert pending.status is SaleStatus.REVERSAL_PENDING
    [fix] = services.sales.fixes_for(manager, sale.id)
    rows = outbox(services, fix["id"])
    assert [(r.kind, r.state) for r in rows] == [("reversal", "pending")]
    with UnitOfWork(services.db) as uow:
        apply_reversal_answer(uow, fix["id"], {"status": "refused", "code": "credit_spent",
                                                              "message": "spent"}, 1)
        uow.commit()
    refused = services.sales.get_sale(clerk, sale.id)
    assert refused.status is SaleStatus.REVERSAL_REFUSED and refused.reject_code == "credit_spent"
    # a refused reversal may be asked again; the answer this time reverses it
    services.reverse(manager, sale.id, reason="customer insists")
    second = [f for f in services.sales.fixes_for(manager, sale.id) if f["state"] == "pending"][0]
    with UnitOfWork(services.db) as uow:
        apply_reversal_answer(uow, second["id"], {"status": "reversed"}, 2)
        uow.commit()
    assert services.sales.get_sale(clerk, sale.id).status is SaleStatus.REVERSED
    actions = [a for a, _, _ in audit(services, sale.id)]
    assert actions[-4:] == ["sale.reversal_requested", "sale.reversal_refused", "sale.reversal_requested",
                            "sale.reversed"]
    conn = sqlite3.connect(services.db.db_path)
    with pytest.raises(sqlite3.DatabaseError, match="fix_immutable"):
        conn.execute("UPDATE sale_fixes SET reason = 'other'")
    conn.close()


def test_reversal_window_is_checked_locally(services, clerk, manager, clock):
    sale = sell(services, clerk)
    answer(services, sale.id)
    clock.advance(minutes=16)
    with pytest.raises(Conflict) as err:
        services.reverse(manager, sale.id, reason="late")
    assert err.value.code == "window_expired"
