"""Issue 14 item 4: the reverse dialog (pytest-qt, offscreen) shows the refund policy, the partial
amount before confirming, asks for a reason code, and a second, different manager above the
policy's amount; the approval it gives reverses the sale through the use case."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from topup_core.resources import resource_path
from pos_app.application.clock import to_ms
from pos_app.domain.roles import LOCAL_ADMIN, Role
from pos_app.domain.sale import SaleStatus
from pos_app.store.uow import UnitOfWork
from pos_app.ui.history.reverse_dialog import ReverseDialog

from ui_helpers import login, press, record, wait_idle

POLICY = {"window_s": 86400, "second_approver_above": 50_000, "partial": True,
          "text": "Refunds within 24 h with a manager; unused credit only."}


def _policy(services, policy=POLICY) -> None:  # noqa: ANN001
    doc = json.loads(resource_path("demo", "catalog_ke.json").read_text())
    doc["version"] += 1
    doc["refund_policy"] = policy
    services.catalogs.store(doc)


def _confirm(services, sale_id: str) -> None:  # noqa: ANN001
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale_id, SaleStatus.CONFIRMED, to_ms(services.clock.now()), reject_code=None,
                             reject_message=None)
        uow.commit()


def _open(qtbot, window, services, sale):  # noqa: ANN001, ANN201
    login(qtbot, window)
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    h = window.history
    h.reload()
    wait_idle(qtbot, window)
    row = [i for i in range(h.model.rowCount()) if h.model.sale(i).id == sale.id][0]
    h.table.selectRow(row)
    assert h.reverse_button.isEnabled()
    h.reverse_button.click()
    dialog = h.dialog
    assert isinstance(dialog, ReverseDialog)
    wait_idle(qtbot, window)  # the balance lookup (offline here: unknown)
    return h, dialog


def test_partial_reversal_shown_before_confirming(qtbot, window, services) -> None:  # noqa: ANN001
    _policy(services)
    sale = record(services, face=10_000)
    _confirm(services, sale.id)
    h, d = _open(qtbot, window, services, sale)
    assert "Refunds within 24 h" in d.policy.text() and "A manager approves." in d.policy.text()
    assert "not known" in d.balance.text()
    assert d.user2 is None  # one manager below 500.00
    d.show_recovery(6_000)  # the customer's phone shows 60.00 left
    assert "Partial: Ksh60.00 of Ksh100.00 remains" in d.balance.text().replace("\u00a0", "")
    assert "refund the customer Ksh60.00" in d.balance.text().replace("\u00a0", "")
    assert d.partial.isChecked()
    d.submit()
    assert "reason" in d.message.text()
    d.reason_code.setCurrentIndex(d.reason_code.findData("wrong_number"))
    d.reason.setText("typed 0712 instead of 0721")
    d.user.setText("mary")
    d.pin.setText("9876")
    with qtbot.waitSignal(d.confirmed, timeout=5_000) as blocker:
        d.submit()
    approval = blocker.args[0]
    assert (approval.reason_code, approval.allow_partial, approval.second_approver) == ("wrong_number", True, None)
    wait_idle(qtbot, window)
    assert services.sales.get_sale(approval.approver, sale.id).status is SaleStatus.REVERSAL_PENDING
    [fix] = services.sales.fixes_for(approval.approver, sale.id)
    assert (fix["reason_code"], fix["state"]) == ("wrong_number", "pending")


def test_second_manager_above_the_amount(qtbot, window, services) -> None:  # noqa: ANN001
    _policy(services)
    services.auth.add_user(LOCAL_ADMIN, "joe", "Joe Kamau", Role.MANAGER, "5555")
    sale = record(services, face=100_000, tendered=100_000)
    _confirm(services, sale.id)
    h, d = _open(qtbot, window, services, sale)
    assert d.user2 is not None and "two different managers" in d.policy.text()
    d.reason_code.setCurrentIndex(d.reason_code.findData("duplicate"))
    d.reason.setText("sold twice")
    d.user.setText("mary")
    d.pin.setText("9876")
    d.submit()
    assert "Each manager" in d.message.text()
    d.user2.setText("MARY")
    d.pin2.setText("9876")
    d.submit()
    assert "different manager" in d.message.text()
    d.user2.setText("joe")
    d.pin2.setText("5555")
    with qtbot.waitSignal(d.confirmed, timeout=5_000) as blocker:
        d.submit()
    assert blocker.args[0].second_approver.username == "joe"
    wait_idle(qtbot, window)
    [fix] = services.sales.fixes_for(blocker.args[0].approver, sale.id)
    assert fix["second_approver"] == "manager:joe"


def test_history_shows_a_partial_reversal_and_the_refund(qtbot, window, services) -> None:  # noqa: ANN001
    from pos_app.application.answers import apply_reversal_answer

    _policy(services)
    sale = record(services, face=10_000)
    _confirm(services, sale.id)
    mary = services.auth.login("mary", "9876")
    services.reverse(mary, sale.id, reason="wrong number", reason_code="wrong_number", allow_partial=True)
    [fix] = services.sales.fixes_for(mary, sale.id)
    with UnitOfWork(services.db) as uow:
        apply_reversal_answer(uow, fix["id"], {"status": "reversed", "final_state": "reversed_partial",
                                               "recovered": 7_500, "refund": 7_500, "bonus_back": 500,
                                               "points_back": 10}, 1)
        uow.commit()
    login(qtbot, window)
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    h = window.history
    row = [i for i in range(h.model.rowCount()) if h.model.sale(i).id == sale.id][0]
    h.table.selectRow(row)
    wait_idle(qtbot, window)
    text = h.details.text().replace("\u00a0", "")
    assert "Partial (only the unspent credit)" in text and "Refund to customer" in text and "Ksh75.00" in text
    assert "Wrong number" in text
