"""Issue 12: the X/Z report on screen is set in a monospace font (its columns line up), and the list
of closed days beside it has a heading."""
from __future__ import annotations

from PySide6.QtGui import QFontInfo

from ui_helpers import login, record, wait_idle


def test_the_report_is_monospace_and_the_list_has_a_heading(qtbot, window, services) -> None:  # noqa: ANN001
    login(qtbot, window)
    record(services)
    window._enter_manager(services.auth.login("mary", "9876"), 1)
    wait_idle(qtbot, window)
    view = window.manager.reports
    text = view.text.toPlainText()
    assert "X report" in text
    assert QFontInfo(view.text.font()).fixedPitch()
    metrics = view.text.fontMetrics()
    assert metrics.horizontalAdvance("iiiiiiii") == metrics.horizontalAdvance("WWWWWWWW")
    assert view.z_heading.isVisible() and "Closed days" in view.z_heading.text()
