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


def test_the_reports_banner_never_moves_the_buttons(qtbot, window, services) -> None:  # noqa: ANN001
    """Issue 12 item 14: the Reports screen's banner floats over a slot kept for it; the buttons
    stay where they are when a message (short or long) shows and goes."""
    from PySide6.QtCore import QPoint, Qt

    window.resize(1024, 600)
    login(qtbot, window)
    window._enter_manager(services.auth.login("mary", "9876"), 1)
    wait_idle(qtbot, window)
    view = window.manager.reports
    where = lambda w: (w.mapTo(window, QPoint(0, 0)), w.size())  # noqa: E731
    before = [where(b) for b in (view.x_button, view.z_button, view.print_button)]
    view.banner.show_message("Saved /tmp/x.pdf", "info")
    qtbot.wait(20)
    assert view.banner.isVisible()
    assert [where(b) for b in (view.x_button, view.z_button, view.print_button)] == before
    # a one-line message covers no button
    top = view.x_button.mapTo(view, QPoint(0, 0)).y()
    assert view.banner.geometry().bottom() < top, (view.banner.geometry(), top)
    view.banner.show_message("A long message that wraps. " * 12, "error")
    qtbot.wait(20)
    assert [where(b) for b in (view.x_button, view.z_button, view.print_button)] == before
    qtbot.mouseClick(view.banner.findChild(type(view.x_button), "reports.banner.close"), Qt.MouseButton.LeftButton)
    assert not view.banner.isVisible()
    assert [where(b) for b in (view.x_button, view.z_button, view.print_button)] == before
