"""Issue 12: a banner never pushes the layout: it floats over the top bar, so the control under the
clerk's finger stays where it was when a banner comes or goes."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from ui_helpers import login, press, wait_idle


def _where(widget, window):  # noqa: ANN001, ANN202
    return widget.mapTo(window, QPoint(0, 0)), widget.size()


def test_banners_float_over_the_top_and_nothing_below_moves(qtbot, window) -> None:  # noqa: ANN001
    login(qtbot, window)
    field = window.sale.number_page.msisdn
    before = _where(field, window)
    for banner in (window.sale.banner, window.banner):
        banner.show_message("A long message that wraps. " * 6, "error")
        qtbot.wait(20)
        assert banner.isVisible() and banner.height() >= 30
        assert _where(field, window) == before
        top = banner.mapTo(window, QPoint(0, 0)).y()
        assert top <= window.sale.bar.mapTo(window, QPoint(0, 0)).y() + 1  # over the top bar
        assert banner.width() == banner.parentWidget().width()
        qtbot.mouseClick(banner.findChild(type(window.sale.bar.history_button), banner.objectName() + ".close"),
                         Qt.MouseButton.LeftButton)
        assert not banner.isVisible() and _where(field, window) == before
    window.resize(1300, 700)  # a shown banner follows its screen's width
    window.sale.banner.show_message("Wide", "info")
    qtbot.wait(20)
    assert window.sale.banner.width() == window.sale.width()

    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, window)
    h = window.history
    before = _where(h.tabs, window)
    h.banner.show_message("Sent to the printer.", "info")
    qtbot.wait(20)
    assert h.banner.isVisible() and _where(h.tabs, window) == before
