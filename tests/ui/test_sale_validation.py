"""Mistakes are caught at the field that has them, and nothing is recorded."""
from __future__ import annotations

from PySide6.QtCore import Qt

from topup_core.errors import StoreUnavailable
from pos_app.store.uow import UnitOfWork
from pos_app.application.sale_draft import Step

from ui_helpers import focused, login, press, sell_to_confirm, type_in, wait_idle


def _count(services) -> int:  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        return uow.sales.count()


def test_invalid_number_is_shown_at_the_field(qtbot, window, services) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712 34")
    assert s.step is Step.NUMBER
    assert focused("sale.msisdn").property("state") == "error"
    assert "too short" in s.number_page.msisdn_hint.text()
    assert s.number_page.msisdn_hint.property("state") == "error"
    press(qtbot, Qt.Key.Key_Escape)  # clear, try a landline
    type_in(qtbot, "sale.msisdn", "020 2222222")
    assert s.step is Step.NUMBER
    assert s.number_page.msisdn_hint.property("state") == "error"
    press(qtbot, Qt.Key.Key_Escape)
    type_in(qtbot, "sale.msisdn", "+255 712 345 678")  # Tanzania
    assert s.step is Step.NUMBER
    assert "this country" in s.number_page.msisdn_hint.text()
    assert _count(services) == 0


def test_number_is_formatted_and_checked_as_typed(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    qtbot.keyClicks(focused("sale.msisdn"), "0733")
    assert s.number_page.operators.current() == "AIR"  # suggestion follows the prefix
    assert "Keep typing" in s.number_page.msisdn_hint.text()
    qtbot.keyClicks(focused("sale.msisdn"), "123456")
    assert s.number_page.msisdn.text() == "0733 123456"
    assert s.number_page.msisdn_hint.property("state") == "ok"
    assert "+254 733 123456" in s.number_page.msisdn_hint.text()
    # The clerk can change the network (numbers get ported); the choice sticks.
    qtbot.mouseClick(s.number_page.operators.tile("TKL"), Qt.MouseButton.LeftButton)
    assert s.number_page.operators.current() == "TKL"
    focused("sale.msisdn")
    type_in(qtbot, "sale.msisdn", "")
    assert s.step is Step.AMOUNT
    assert s.draft.operator == "TKL"
    assert s.amount_page.products.keys() == ["TKL-FIXED"]  # Telkom sells fixed amounts only


def test_range_amount_off_step_or_out_of_range_is_refused(qtbot, window, services) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    type_in(qtbot, "sale.amount", "10.50")  # Safaricom airtime goes up in whole shillings
    assert s.step is Step.AMOUNT
    assert s.amount_page.amount.property("state") == "error"
    assert "steps of Ksh1" in s.amount_page.amount_hint.text()
    assert "Ksh10" in s.amount_page.amount_hint.text() and "Ksh11" in s.amount_page.amount_hint.text()  # nearest valid amounts
    qtbot.keyClick(s.amount_page.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, "sale.amount", "5")
    assert s.step is Step.AMOUNT
    assert "smallest amount is Ksh10" in s.amount_page.amount_hint.text()
    qtbot.keyClick(s.amount_page.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, "sale.amount", "20000")
    assert s.step is Step.AMOUNT
    assert "largest amount" in s.amount_page.amount_hint.text()
    assert _count(services) == 0


def test_fixed_amounts_are_buttons_and_typed_amounts_must_match(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0771234567")  # Telkom: fixed denominations only
    assert s.draft.product_code == "TKL-FIXED"
    type_in(qtbot, "sale.amount", "123")
    assert s.step is Step.AMOUNT
    assert "Pick one of the amounts" in s.amount_page.amount_hint.text()
    denom = s.findChild(type(s.repeat_button), "sale.denom.20000")
    assert denom is not None and denom.accessibleName()
    qtbot.mouseClick(denom, Qt.MouseButton.LeftButton)  # one tap: on to payment
    assert s.step is Step.PAYMENT
    assert s.draft.face is not None and s.draft.face.amount == 20000


def test_typed_amount_switches_to_the_any_amount_product(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    qtbot.mouseClick(s.amount_page.products.tile("SAF-FIXED"), Qt.MouseButton.LeftButton)
    type_in(qtbot, "sale.amount", "123")  # not a fixed denomination -> the range product takes it
    assert s.step is Step.PAYMENT
    assert s.draft.product_code == "SAF-AIRTIME"


def test_tendered_below_price_is_refused(qtbot, window, services) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    type_in(qtbot, "sale.amount", "100")
    qtbot.keyClicks(focused("sale.tendered"), "50")
    assert "short" in s.payment_page.tendered_hint.text()  # live, before Enter
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert s.step is Step.PAYMENT
    assert s.payment_page.tendered.property("state") == "error"
    assert "less than the price" in s.payment_page.tendered_hint.text()
    type_in(qtbot, "sale.tendered", "", enter=True)
    assert _count(services) == 0


def test_card_payment_needs_a_reference(qtbot, window, services) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    type_in(qtbot, "sale.amount", "100")
    qtbot.mouseClick(s.payment_page.methods.tile("card"), Qt.MouseButton.LeftButton)
    type_in(qtbot, "sale.reference", "")
    assert s.step is Step.PAYMENT
    assert "reference" in s.payment_page.reference_hint.text()
    type_in(qtbot, "sale.reference", "AUTH-99812")
    wait_idle(qtbot, window)
    assert s.step is Step.CONFIRM
    assert "AUTH-99812" in s.confirm_page.confirm_rows["payment"].text()
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert s.result is not None and s.result.payment_reference == "AUTH-99812"
    assert not s.result_page.result_change.isVisible()


def test_store_refusal_keeps_the_sale_in_progress(qtbot, window, services, monkeypatch) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    sell_to_confirm(qtbot, window)

    def busy(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise StoreUnavailable("store_busy", "The database is busy.")

    monkeypatch.setattr(services.sell, "record", busy)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert s.step is Step.CONFIRM
    assert "Nothing was saved" in s.banner.text()
    assert s.confirm_page.confirm_ok.isEnabled()
    assert s.draft.msisdn is not None and s.draft.face is not None


def test_unexpected_error_never_loses_the_sale_or_the_window(qtbot, window, services, monkeypatch) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    sell_to_confirm(qtbot, window)

    def boom(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("printer driver exploded")

    monkeypatch.setattr(services.sell, "record", boom)
    with qtbot.captureExceptions() as caught:
        press(qtbot, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
    assert not caught
    assert window.isVisible()
    assert s.step is Step.CONFIRM
    assert "Check History" in s.banner.text()
    monkeypatch.undo()
    press(qtbot, Qt.Key.Key_Return)  # the same sale, not retyped
    wait_idle(qtbot, window)
    assert s.step is Step.RESULT and _count(services) == 1
