"""Issue 12: no stale text. The off-step complaint gives way to the product's rule as soon as a new
amount is typed; after Escape back to the number, "This sale" no longer shows the amount."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.application.sale_draft import Step

from ui_helpers import login, press, type_in


def test_the_off_step_hint_goes_when_a_new_amount_is_typed(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    type_in(qtbot, "sale.amount", "10.50")
    assert "Did you mean" in s.amount_page.amount_hint.text()
    qtbot.keyClick(s.amount_page.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(s.amount_page.amount, "2")
    hint = s.amount_page.amount_hint
    assert "Did you mean" not in hint.text() and "Any amount from" in hint.text()
    assert hint.property("state") != "error"


def test_escape_back_to_the_number_clears_the_amount_from_this_sale(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345678")
    type_in(qtbot, "sale.amount", "100", enter=False)
    assert s.side.summary["face"].text() == "Ksh100.00"
    press(qtbot, Qt.Key.Key_Escape)
    assert s.step is Step.NUMBER
    assert s.side.summary["face"].text() == "—" and s.side.summary["price"].text() == "—"
    assert s.side.summary["number"].text() != "—"  # the number stays: it is this step's


def test_nothing_needs_your_attention_is_said_plainly_not_in_a_warning_box(qtbot, window) -> None:  # noqa: ANN001
    from ui_helpers import wait_idle

    login(qtbot, window)
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    label = window.history.attention_action
    assert "Nothing needs your attention" in label.text()
    assert label.property("role") == "muted"  # "advice" is the yellow box
    assert "Needs attention (0)" in window.history.tabs.tabText(1)
