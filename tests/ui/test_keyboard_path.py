"""BRIEF §6: a whole cash sale without the mouse — PIN ⏎, number ⏎, amount ⏎, tendered ⏎, ⏎."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from pos_app.domain.sale import SaleStatus
from pos_app.store.models import Sale
from pos_app.store.uow import UnitOfWork
from pos_app.application.sale_draft import Step

from ui_helpers import focused, login, press, sell_to_confirm, type_in, wait_idle


def _sales(services) -> list[Sale]:  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        return list(uow.session.scalars(select(Sale).order_by(Sale.seq)))


def test_cash_sale_by_keyboard_alone(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    type_in(qtbot, "sale.msisdn", "0712345678")
    assert w.sale.number_page.operators.current() == "SAF"  # suggested from the number
    type_in(qtbot, "sale.amount", "100")  # the default any-amount product is preselected
    assert w.sale.draft.product_code == "SAF-AIRTIME"
    type_in(qtbot, "sale.tendered", "200")
    wait_idle(qtbot, w)
    assert w.sale.step is Step.CONFIRM
    assert w.sale.confirm_page.confirm_number.text() == "0712 345678"  # read back large
    assert "Ksh5.00" in w.sale.confirm_page.confirm_rows["bonus"].text()  # the promotion's bonus, before confirming
    press(qtbot, Qt.Key.Key_Return)  # on "Confirm sale"
    wait_idle(qtbot, w)

    sales = _sales(services)
    assert len(sales) == 1
    sale = sales[0]
    assert (sale.msisdn, sale.product_code, sale.face, sale.price) == ("+254712345678", "SAF-AIRTIME", 10000, 10000)
    assert (sale.payment_method, sale.tendered, sale.change, sale.bonus) == ("cash", 20000, 10000, 500)
    assert sale.status == SaleStatus.QUEUED.value
    with UnitOfWork(services.db, write=False) as uow:
        assert uow.outbox.pending_count() == 1

    assert w.sale.step is Step.RESULT
    assert "PENDING" in w.sale.result_page.result_status.text()
    assert w.sale.result_page.result_status.property("state") == "pending"
    assert "Ksh100.00" in w.sale.result_page.result_change.text()  # change shown large
    focused("sale.result.next")
    qtbot.waitUntil(lambda: w.status.snapshot.queued == 1, timeout=5000)
    assert "1" in w.status.queued.text()

    # Ready for the next customer at once: the first digit starts the next sale.
    qtbot.keyClicks(focused("sale.result.next"), "0")
    assert w.sale.step is Step.NUMBER
    qtbot.keyClicks(focused("sale.msisdn"), "7")
    assert focused("sale.msisdn").text().replace(" ", "") == "07"


def test_second_enter_on_confirm_records_one_sale(qtbot, window, services) -> None:  # noqa: ANN001
    login(qtbot, window)
    sell_to_confirm(qtbot, window)
    button = focused("sale.confirm.ok")
    qtbot.keyClick(button, Qt.Key.Key_Return)
    window.sale.confirm()  # a double press while recording does nothing
    wait_idle(qtbot, window)
    assert len(_sales(services)) == 1


def test_escape_goes_back_one_step_keeping_what_was_typed(qtbot, window) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    sell_to_confirm(qtbot, w)
    assert w.sale.step is Step.CONFIRM
    press(qtbot, Qt.Key.Key_Escape)
    assert w.sale.step is Step.PAYMENT
    assert focused("sale.tendered").text() == "200"
    press(qtbot, Qt.Key.Key_Escape)
    assert w.sale.step is Step.AMOUNT
    assert focused("sale.amount").text() == "100"
    press(qtbot, Qt.Key.Key_Escape)
    assert w.sale.step is Step.NUMBER
    assert focused("sale.msisdn").text() == "0712 345678"
    # and forward again with Enter alone
    type_in(qtbot, "sale.msisdn", "")
    type_in(qtbot, "sale.amount", "")
    type_in(qtbot, "sale.tendered", "")
    wait_idle(qtbot, w)
    assert w.sale.step is Step.CONFIRM
    # On the first step Escape clears the number.
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    assert focused("sale.msisdn").text() == ""


def test_escape_in_history_goes_back_to_the_sale(qtbot, window) -> None:  # noqa: ANN001
    login(qtbot, window)
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.history
    press(qtbot, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.sale
    focused("sale.msisdn")


def test_repeat_last_top_up_in_one_key(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    sell_to_confirm(qtbot, w, number="0733123456", amount="50", tendered="50")
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.RESULT
    press(qtbot, Qt.Key.Key_F5)
    assert w.sale.step is Step.PAYMENT
    assert w.sale.draft.msisdn is not None and w.sale.draft.msisdn.e164 == "+254733123456"
    assert w.sale.draft.operator == "AIR"
    assert w.sale.draft.product_code == "AIR-AIRTIME"
    assert w.sale.amount_page.amount.text() == "50"
    assert w.sale.side.summary["number"].text() == "0733 123456"
    type_in(qtbot, "sale.tendered", "100")
    wait_idle(qtbot, w)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    sales = _sales(services)
    assert [(s.msisdn, s.face) for s in sales] == [("+254733123456", 5000)] * 2


def test_repeat_last_is_known_after_logging_in_again(qtbot, window, services) -> None:  # noqa: ANN001
    from ui_helpers import record

    record(services, number="0722000111", face=25000, tendered=25000)
    login(qtbot, window)
    wait_idle(qtbot, window)
    assert window.sale.repeat_button.isEnabled()
    press(qtbot, Qt.Key.Key_F5)
    assert window.sale.step is Step.PAYMENT
    assert window.sale.amount_page.amount.text() == "250"
