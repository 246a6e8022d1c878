"""History, needs attention, manager approval."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.domain.roles import Permission
from pos_app.domain.sale import SaleStatus
from pos_app.application.clock import to_ms
from pos_app.store.uow import UnitOfWork
from pos_app.ui.history.screen import attention_text
from pos_app.ui.widgets.approval import ApprovalDialog

from ui_helpers import focused, login, press, record, wait_idle


def _reject(services, sale_id: str, code: str, message: str) -> None:  # noqa: ANN001
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale_id, SaleStatus.REJECTED, to_ms(services.clock.now()), reject_code=code,
                             reject_message=message)
        uow.commit()


def _open_history(qtbot, w) -> None:  # noqa: ANN001
    login(qtbot, w)
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, w)
    assert w.stack.currentWidget() is w.history


def test_rejected_sale_is_in_needs_attention_with_its_reason(qtbot, window, services) -> None:  # noqa: ANN001
    sale = record(services)
    ok = record(services, number="0722000111")
    _reject(services, sale.id, "msisdn_barred", "The number is barred by the operator.")
    h = window.history
    _open_history(qtbot, window)
    assert h.model.rowCount() == 2
    assert h.tabs.tabText(1) == "Needs attention (1)"
    items = h.attention_model.items
    assert [i.sale.id for i in items] == [sale.id]
    problem, action = attention_text(items[0], h.locale_name)
    assert "barred by the operator" in problem
    assert "Nothing was charged" in action and "Ksh200.00" in action  # cash to give back
    h.tabs.setCurrentIndex(1)
    h.attention.selectRow(0)
    assert "barred" in h.attention_action.text()
    assert ok.id not in [i.sale.id for i in items]


def test_long_queued_sale_needs_attention_and_says_do_not_resell(qtbot, window, services, clock) -> None:  # noqa: ANN001
    record(services)
    clock.advance(minutes=25)
    _open_history(qtbot, window)
    items = window.history.attention_model.items
    assert len(items) == 1
    problem, action = attention_text(items[0], window.history.locale_name)
    assert "Waiting 25 min" in problem
    assert "Do not sell it again" in action


def test_search_by_number_receipt_or_status(qtbot, window, services) -> None:  # noqa: ANN001
    a = record(services, number="0712345678")
    b = record(services, number="0733999888", product="AIR-AIRTIME")
    _reject(services, b.id, "operator_down", "Airtel is not answering.")
    h = window.history
    _open_history(qtbot, window)
    search = focused("history.search")
    qtbot.keyClicks(search, "999888")
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [b.id]
    search.clear()
    qtbot.keyClicks(search, a.receipt_no.lower())
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [a.id]
    search.clear()
    qtbot.keyClicks(search, "rejected")
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [b.id]
    assert "Airtel is not answering" in h.details.text()
    search.clear()
    h.status.setCurrentIndex(h.status.findData(SaleStatus.QUEUED.value))
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [a.id]


def test_reprint_and_cancel_say_what_they_do(qtbot, window, services) -> None:  # noqa: ANN001
    record(services)
    _open_history(qtbot, window)
    h = window.history
    assert h.reprint_button.isEnabled() and "COPY" in h.reprint_button.toolTip()
    # a queued sale can be cancelled with a manager's approval; a queued one cannot be reversed
    assert h.cancel_button.isEnabled() and "never sent" in h.cancel_button.toolTip()
    assert not h.reverse_button.isEnabled()


def test_a_clerk_cannot_see_every_clerks_sales_without_a_manager_pin(qtbot, window, services) -> None:  # noqa: ANN001
    record(services, "mary", "9876", number="0722000111")
    mine = record(services)
    h = window.history
    _open_history(qtbot, window)
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [mine.id]
    qtbot.mouseClick(h.all_button, Qt.MouseButton.LeftButton)
    dialog = h.dialog
    assert isinstance(dialog, ApprovalDialog) and dialog.isVisible()
    assert not h.all_button.isChecked()
    dialog.set_user("alice")  # a clerk's own, correct PIN is not a manager's
    qtbot.keyClicks(dialog.pin, "1234")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.approval is None
    assert "not allowed to approve" in dialog.message.text()
    assert [h.model.sale(r).id for r in range(h.model.rowCount())] == [mine.id]
    dialog.set_user("mary")
    qtbot.keyClicks(dialog.pin, "9876")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and dialog.approval is not None
    assert dialog.approval.approver.username == "mary"
    assert h.all_button.isChecked() and h.model.rowCount() == 2
    press(qtbot, Qt.Key.Key_Escape)  # leaving history ends the manager's view
    assert window.stack.currentWidget() is window.sale
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    assert h.model.rowCount() == 1 and not h.all_button.isChecked()


def test_approval_dialog_records_the_reason_and_requires_it(qtbot, window, services) -> None:  # noqa: ANN001
    dialog = ApprovalDialog(services, window.runner, Permission.CANCEL_SALE, "Cancel sale NBO1-000001", window)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_user("mary")
    qtbot.keyClicks(dialog.pin, "9876")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert "Say why" in dialog.message.text()
    assert window.runner.is_idle()  # nothing was even asked
    qtbot.keyClicks(dialog.reason, "customer gave the wrong number")
    with qtbot.waitSignal(dialog.approved, timeout=5000) as blocker:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    approval = blocker.args[0]
    assert approval.reason == "customer gave the wrong number"
    assert approval.permission is Permission.CANCEL_SALE and approval.approver.username == "mary"
    assert dialog.user.accessibleName() and dialog.pin.accessibleName() and dialog.reason.accessibleName()


def test_approval_dialog_wrong_pin(qtbot, window, services) -> None:  # noqa: ANN001
    dialog = ApprovalDialog(services, window.runner, Permission.CANCEL_SALE, "x", window, reason_required=False)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_user("mary")
    qtbot.keyClicks(dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert dialog.approval is None and "Wrong PIN" in dialog.message.text() and dialog.pin.text() == ""


def test_reprint_queues_a_counted_copy_through_the_spool(qtbot, window, services) -> None:  # noqa: ANN001
    from sqlalchemy import text

    sale = record(services)
    _open_history(qtbot, window)
    h = window.history
    h.table.selectRow(0)
    wait_idle(qtbot, window)
    assert h.reprint_button.isEnabled()
    qtbot.mouseClick(h.reprint_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(_jobs(services, text)), timeout=5000)
    assert ("reprint", 1, sale.id) in _jobs(services, text)
    with UnitOfWork(services.db, write=False) as uow:
        assert [a.action for a in uow.audit.for_subject(sale.id)][-1] == "receipt.reprinted"


def _jobs(services, text):  # noqa: ANN001, ANN202
    with UnitOfWork(services.db, write=False) as uow:
        return [tuple(r) for r in uow.session.execute(text("SELECT kind, copy_no, sale_id FROM print_jobs")).all()]
