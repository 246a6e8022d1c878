"""Issue 12: Enter in a count field opens the shift (it used to cancel the dialog silently), and the
Shift menu follows the state: Open shift… only without one, Close shift… only with one."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui_helpers import login, wait_idle


def test_enter_in_a_count_field_opens_the_shift_and_the_menu_follows(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    wait_idle(qtbot, w)
    assert w.open_shift_action.isEnabled() and not w.close_shift_action.isEnabled()
    w.open_shift()
    dialog = w.shift_dialog
    qtbot.waitExposed(dialog)
    box = next(iter(dialog.counter.boxes.values()))
    box.setFocus()
    qtbot.keyClicks(box.lineEdit(), "3")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    shift = services.shifts.current(w.actor)
    assert shift is not None and dialog.result() == dialog.DialogCode.Accepted
    assert "since" in w.status.shift.text()
    assert not w.open_shift_action.isEnabled() and w.close_shift_action.isEnabled()


def test_escape_still_cancels_without_opening(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    w.open_shift()
    dialog = w.shift_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClick(next(iter(dialog.counter.boxes.values())), Qt.Key.Key_Escape)
    wait_idle(qtbot, w)
    assert not dialog.isVisible() and services.shifts.current(w.actor) is None
