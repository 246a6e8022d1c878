"""Issue 12: a letter typed in the number field is refused visibly (it used to vanish), and while
typing the hint says how many digits a number has."""
from __future__ import annotations

from ui_helpers import focused, login


def test_letters_are_refused_visibly_and_the_hint_counts_the_digits_expected(qtbot, window) -> None:  # noqa: ANN001
    login(qtbot, window)
    page = window.sale.number_page
    field = focused("sale.msisdn")
    qtbot.keyClicks(field, "07")
    assert "2 of 10 digits" in page.msisdn_hint.text()  # a Kenyan mobile number: 0712 123456
    qtbot.keyClicks(field, "l")
    assert "“l” is not a digit" in page.msisdn_hint.text()
    assert page.msisdn_hint.property("state") == "error" and field.property("state") == "error"
    assert "l" not in field.text()
    qtbot.keyClicks(field, "2")  # the next digit goes on; the complaint gives way to the count
    assert "3 of 10 digits" in page.msisdn_hint.text() and field.property("state") != "error"
    qtbot.keyClicks(field, "a")
    assert "“a” is not a digit" in page.msisdn_hint.text()
    field.clear()
    qtbot.keyClicks(field, "+2547")
    assert "4 of 12 digits" in page.msisdn_hint.text()


def test_pasted_text_with_letters_keeps_the_digits_and_says_so(qtbot, window) -> None:  # noqa: ANN001
    """Issue 12: "07l2 abc 678" pasted used to become "0726 78" silently (or nothing, with the validator)."""
    from PySide6.QtWidgets import QApplication

    login(qtbot, window)
    page = window.sale.number_page
    field = focused("sale.msisdn")
    QApplication.clipboard().setText("07l2 abc 678")
    field.paste()
    digits = "".join(ch for ch in field.text() if ch.isdigit())
    assert digits == "072678"
    assert not any(ch.isalpha() for ch in field.text())
    hint = page.msisdn_hint.text()
    assert "Letters are not allowed" in hint and "“labc”" in hint
    assert page.msisdn_hint.property("state") == "error" and field.property("state") == "error"
    assert window.sale.draft.number_text == field.text()  # the draft has what the field shows
    qtbot.keyClicks(field, "9")  # typing on: the count again, with how many are expected
    assert "7 of 10 digits" in page.msisdn_hint.text()


def test_the_digit_count_always_says_how_many_are_expected(qtbot, window) -> None:  # noqa: ANN001
    from pos_app.application.sale_draft import NumberCheck

    login(qtbot, window)
    page = window.sale.number_page
    qtbot.keyClicks(focused("sale.msisdn"), "07123456789")  # 11 digits
    assert "too long" in page.msisdn_hint.text()
    # as many digits as a number has but not a valid one yet, and no error to show: the count says so
    page.show_check(NumberCheck("0712 345 678", None, None, 10, None, False, 10))
    assert page.msisdn_hint.text() == "10 digits typed: a number here has 10. Check it with the customer."
    page.show_check(NumberCheck("+99 12", None, None, 4, None, False, 0))  # unknown length: just the count
    assert page.msisdn_hint.text() == "Keep typing… (4 digits)"
