"""Issue 12: Settings → Printer. A new printer applies from the next receipt on (and the till says
so); a wrong address is explained beside the field in the adapter's own words, and is not logged as
an unexpected failure; a manager is told who may change it, and the input looks disabled."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from pos_app.application.sale_draft import Step

from ui_helpers import login, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from printing.printer_emulator import PrinterEmulator  # noqa: E402


def _settings_as(qtbot, window, username: str, pin: str):  # noqa: ANN001, ANN202
    window.actor = window.app.auth.login(username, pin)
    window.open_settings()
    dialog = window.settings_dialog
    wait_idle(qtbot, window)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # loaded
    dialog.tabs.setCurrentIndex(dialog.printer_tab)
    return dialog


def _save(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_a_new_printer_prints_the_next_receipt_without_a_restart(qtbot, window, services) -> None:  # noqa: ANN001
    printer = PrinterEmulator()
    services.start(worker=False)
    try:
        login(qtbot, window)
        clerk = window.actor
        dialog = _settings_as(qtbot, window, "admin", "0000")
        dialog.printer_uri.setText(printer.uri)
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            _save(qtbot, dialog)
        assert f"The next receipt prints on {printer.uri}" in window.banner.text()
        qtbot.waitUntil(lambda: services.spool.printer_state(printer.uri).ready is True, timeout=5000)
        window.actor = clerk
        window.sale.actor = clerk
        wait_idle(qtbot, window)
        window.show_sale()
        sale = window.sale  # the dialog took the focus with it (offscreen): keys go to each field
        for field, text in ((sale.number_page.msisdn, "0712345678"), (sale.amount_page.amount, "100"),
                            (sale.payment_page.tendered, "200")):
            qtbot.keyClicks(field, text)
            qtbot.keyClick(field, Qt.Key.Key_Return)
            wait_idle(qtbot, window)
        qtbot.keyClick(sale.confirm_page.confirm_ok, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.sale.step is Step.RESULT, timeout=5000)
        panel = window.sale.result_page.receipt
        qtbot.waitUntil(lambda: panel.state() == "ok", timeout=5000)
        assert "Receipt printed" in panel.text.text()
        assert printer.complete_receipts(window.sale.result.receipt_no.encode()) == 1
    finally:
        services.stop()
        printer.stop()


def test_a_wrong_printer_address_is_explained_beside_the_field(qtbot, window, services, caplog) -> None:  # noqa: ANN001
    login(qtbot, window)
    dialog = _settings_as(qtbot, window, "admin", "0000")
    dialog.printer_uri.setText("192.168.1.50")
    caplog.set_level(logging.INFO)
    caplog.clear()
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(dialog.printer_error.text()), timeout=5000)
    assert "is not a printer address" in dialog.printer_error.text()
    assert "tcp://192.168.1.50:9100" in dialog.printer_error.text()
    assert dialog.printer_error.isVisible() and dialog.tabs.currentIndex() == dialog.printer_tab
    assert dialog.printer_uri.property("state") == "error"
    assert "Something went wrong" not in dialog.message.text() + dialog.printer_error.text()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert dialog.isVisible() and not services.settings.get(__import__("pos_app.application.settings",
                                                                        fromlist=["x"]).PRINTER_URI)
    qtbot.keyClicks(dialog.printer_uri, "x")  # typing again clears the complaint
    assert dialog.printer_error.text() == ""
    dialog.reject()


def test_a_manager_is_told_who_may_change_the_printer_and_the_input_looks_disabled(qtbot, window) -> None:  # noqa: ANN001
    login(qtbot, window)
    dialog = _settings_as(qtbot, window, "mary", "9876")
    who = dialog.findChild(type(dialog.printer_error), "settings.printerWho")
    assert who is not None and who.isVisible() and "Only an administrator" in who.text()
    assert not dialog.printer_uri.isEnabled()
    image = dialog.printer_uri.grab().toImage()
    inside = QColor(image.pixel(image.width() // 2, image.height() // 2))
    assert inside.name() != "#ffffff"  # grey, not the white of a field one can type in
    dialog.reject()
