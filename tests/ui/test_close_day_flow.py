"""Issue 12: closing the day warns of shifts still open, does not ask the manager at the screen for
their PIN a second time, and the Z slip names people, not ids."""
from __future__ import annotations

import json

from ui_helpers import login, wait_idle


def test_close_day_warns_of_open_shifts_and_the_slip_names_the_manager(qtbot, window, services) -> None:  # noqa: ANN001
    login(qtbot, window)  # alice
    services.shifts.open_shift(window.actor, {})
    mary = services.auth.login("mary", "9876")
    window._enter_manager(mary, 1)
    wait_idle(qtbot, window)
    view = window.manager.reports
    view.ask_close()
    wait_idle(qtbot, window)
    box = view.confirm_box
    assert box is not None and box.isVisible() and view.dialog is None  # no second PIN
    assert "1 shift(s) still open: Alice Wanjiru" in box.text()
    assert box.defaultButton() is box.button(box.StandardButton.Cancel)  # Enter does not close over it
    box.button(box.StandardButton.Ok).click()
    wait_idle(qtbot, window)
    assert view.report is not None and view.report.kind == "Z"
    with services.uow(write=False) as uow:
        slips = [j for j in uow.print_jobs.in_states(()) if j.kind == "z_slip"]
    assert slips
    lines = json.loads(slips[-1].payload)["document"]
    text = json.dumps(lines, ensure_ascii=False)
    assert "Closed by Mary Otieno" in text and "manager:mary" not in text
