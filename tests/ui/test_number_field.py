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
