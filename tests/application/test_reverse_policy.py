"""Issue 14 item 4 at the terminal: the reverse use case checks the catalog's refund policy first
(reason code, window, a second different manager above the amount, once per sale, partial allowed
or not), sends the policy's inputs to the server, and keeps the server's outcome (full or partial,
with what it moved). Real SQLite terminal database; the server's answer applied as the sync engine
does."""
from __future__ import annotations

import json

import pytest

from topup_core.errors import Conflict, PermissionDenied, ValidationError
from topup_core.resources import resource_path
from pos_app.application.answers import apply_reversal_answer
from pos_app.domain.roles import LOCAL_ADMIN, Role
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.uow import UnitOfWork

POLICY = {"window_s": 86400, "approver": "manager", "second_approver_above": 50_000, "partial": True,
          "text": "Refunds within 24 h with a manager; unused credit only."}


@pytest.fixture
def policy_catalog(services):  # noqa: ANN001, ANN201
    doc = json.loads(resource_path("demo", "catalog_ke.json").read_text())
    doc["version"] += 1
    doc["refund_policy"] = POLICY
    services.catalogs.store(doc)
    return doc


@pytest.fixture
def joe(services):  # noqa: ANN001, ANN201
    services.auth.add_user(LOCAL_ADMIN, "joe", "Joe Kamau", Role.MANAGER, "5555")
    return services.auth.login("joe", "5555")


def confirmed(services, clerk, face=10_000):  # noqa: ANN001, ANN201
    sale = services.sell.record(clerk, SaleRequest("0712345678", "SAF-AIRTIME", face, "cash", face))
    item = [o for o in _outbox(services, sale.id) if o.kind == "sale"][0]
    services.engine._apply([(item.id, {"id": sale.id, "status": "accepted", "server_ref": "PS-1"})])
    return sale


def _outbox(services, ref):  # noqa: ANN001, ANN201
    with UnitOfWork(services.db, write=False) as uow:
        return uow.outbox.for_ref(ref)


def _answer(services, fix_id, body):  # noqa: ANN001, ANN201
    with UnitOfWork(services.db) as uow:
        state = apply_reversal_answer(uow, fix_id, body, 1)
        uow.commit()
    return state


def test_policy_checks_come_first_and_the_request_carries_them(services, clerk, manager, joe, clock,
                                                                 policy_catalog):
    sale = confirmed(services, clerk, face=10_000)
    assert sale.catalog_version == policy_catalog["version"]
    with pytest.raises(ValidationError) as err:
        services.reverse(clerk, sale.id, approver=manager, reason="wrong number")
    assert err.value.code == "reason_code_required"
    with pytest.raises(ValidationError) as err:
        services.reverse(clerk, sale.id, approver=manager, reason="x", reason_code="because")
    assert err.value.code == "reason_code_unknown"
    with pytest.raises(Conflict) as err:
        services.reverse(clerk, sale.id, approver=manager, reason="x", reason_code="wrong_number",
                         second_approver=manager)
    assert err.value.code == "second_approver_same"
    preview = services.reverse.preview(manager, sale.id, main_held=6_000)
    assert preview.approvers_needed == 1 and preview.partial
    assert (preview.recovery.recovered, preview.recovery.refund + preview.recovery.kept) == (6_000, sale.price.amount)

    pending = services.reverse(clerk, sale.id, approver=manager, reason="wrong number", reason_code="wrong_number",
                               allow_partial=True)
    assert pending.status is SaleStatus.REVERSAL_PENDING
    [fix] = services.sales.fixes_for(manager, sale.id)
    [row] = [o for o in _outbox(services, fix["id"]) if o.kind == "reversal"]
    body = json.loads(row.payload)
    assert (body["reason_code"], body["approvers"], body["allow_partial"]) == ("wrong_number", [manager.label], True)
    with pytest.raises(Conflict) as err:
        services.reverse(manager, sale.id, reason="again", reason_code="duplicate")
    assert err.value.code == "reversal_pending"

    # The server took back 60.00 of 100.00 with the bonus and points: the fix keeps it.
    assert _answer(services, fix["id"], {"status": "reversed", "final_state": "reversed_partial", "recovered": 6_000,
                                         "refund": 6_000, "bonus_back": 500, "points_back": 10}) == "reversed"
    [fix] = services.sales.fixes_for(manager, sale.id)
    assert (fix["final_state"], fix["recovered"], fix["refund"], fix["bonus_back"], fix["points_back"],
            fix["reason_code"]) == ("reversed_partial", 6_000, 6_000, 500, 10, "wrong_number")
    with pytest.raises(Conflict) as err:  # once per sale
        services.reverse(manager, sale.id, reason="again", reason_code="duplicate")
    assert err.value.code == "already_reversed"
    with UnitOfWork(services.db, write=False) as uow:
        actions = [(e.action, json.loads(e.details)) for e in uow.audit.for_subject(sale.id)]
    assert actions[-1][0] == "sale.reversed" and actions[-1][1]["final_state"] == "reversed_partial"
    assert actions[-2][0] == "sale.reversal_requested" and actions[-2][1]["reason_code"] == "wrong_number"


def test_second_manager_above_the_amount(services, clerk, manager, joe, policy_catalog):
    sale = confirmed(services, clerk, face=100_000)
    with pytest.raises(PermissionDenied) as err:
        services.reverse(clerk, sale.id, approver=manager, reason="duplicate sale", reason_code="duplicate")
    assert err.value.code == "second_approver_required"
    with pytest.raises(PermissionDenied):  # a clerk is no second manager
        services.reverse(clerk, sale.id, approver=manager, reason="duplicate sale", reason_code="duplicate",
                         second_approver=clerk)
    assert services.reverse.preview(manager, sale.id).approvers_needed == 2
    services.reverse(clerk, sale.id, approver=manager, reason="duplicate sale", reason_code="duplicate",
                     second_approver=joe)
    [fix] = services.sales.fixes_for(manager, sale.id)
    assert fix["second_approver"] == joe.label
    [row] = [o for o in _outbox(services, fix["id"]) if o.kind == "reversal"]
    assert json.loads(row.payload)["approvers"] == [manager.label, joe.label]


def test_window_and_full_only_policy(services, clerk, manager, clock):
    doc = json.loads(resource_path("demo", "catalog_ke.json").read_text())
    doc["version"] += 1
    doc["refund_policy"] = {"window_s": 7200, "partial": False, "text": "Full refunds within 2 h."}
    services.catalogs.store(doc)
    sale = confirmed(services, clerk)
    with pytest.raises(Conflict) as err:
        services.reverse(manager, sale.id, reason="x", reason_code="other", allow_partial=True)
    assert err.value.code == "partial_not_allowed"
    clock.advance(minutes=121)
    with pytest.raises(Conflict) as err:
        services.reverse(manager, sale.id, reason="x", reason_code="other")
    assert err.value.code == "window_expired" and "2 h" in err.value.message


def test_without_a_policy_the_old_rule_and_the_old_request(services, clerk, manager):
    sale = confirmed(services, clerk)
    services.reverse(manager, sale.id, reason="wrong number")
    [fix] = services.sales.fixes_for(manager, sale.id)
    [row] = [o for o in _outbox(services, fix["id"]) if o.kind == "reversal"]
    assert set(json.loads(row.payload)) == {"id", "sale_id", "reason", "created_at_ms"}
    _answer(services, fix["id"], {"status": "reversed"})  # a server of before the policy
    [fix] = services.sales.fixes_for(manager, sale.id)
    assert fix["final_state"] == "reversed_full"


def test_the_receipt_carries_the_policy_and_a_copy_the_partial_reversal(services, clerk, manager, policy_catalog):
    """Through the real spool: the original receipt's footer has the policy text; a copy of the
    partly reversed sale says what was taken back and refunded."""
    sale = services.sell(clerk, SaleRequest("0712345678", "SAF-AIRTIME", 10_000, "cash", 10_000),
                         fast_path=False).sale
    with UnitOfWork(services.db, write=False) as uow:
        original = json.loads(uow.print_jobs.original_for(sale.id).payload)
    assert original.get("receipt", original)["refund_policy"] == POLICY["text"]
    item = [o for o in _outbox(services, sale.id) if o.kind == "sale"][0]
    services.engine._apply([(item.id, {"id": sale.id, "status": "accepted", "server_ref": "PS-1"})])
    services.reverse(manager, sale.id, reason="wrong number", reason_code="wrong_number", allow_partial=True)
    [fix] = services.sales.fixes_for(manager, sale.id)
    _answer(services, fix["id"], {"status": "reversed", "final_state": "reversed_partial", "recovered": 7_500,
                                  "refund": 7_500, "bonus_back": 500, "points_back": 10})
    record = services.sales.get_sale(manager, sale.id)
    payload = json.loads(services.spool.receipt_payload(record, copy_no=1))
    body = payload.get("receipt", payload)
    assert "Refunded Ksh75.00 of Ksh100.00 paid" in body["customer_lines"]
