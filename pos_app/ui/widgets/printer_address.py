"""Ask for a printer address (Another printer…): the field, and beside it what is wrong with what
was typed — the printing adapter's own sentence ("… is not a printer address; use e.g.
tcp://192.168.1.50:9100"), not a generic error."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .. import errors as E
from ..util import name, set_state


def _t(text: str) -> str:
    return QCoreApplication.translate("PrinterAddress", text)


class PrinterAddressDialog(QDialog):
    """`submit(uri)` is called on OK (the caller runs its use case and calls `show_error` or `accept`)."""

    def __init__(self, parent: QWidget | None, title: str, uri: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("printerAddressDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.submit: Callable[[str], object] = lambda uri: self.accept()
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.uri = QLineEdit(uri, self)
        name(self.uri, "printerAddress.uri", _t("Printer address"),
             _t("tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://QUEUE, win32://NAME, pdf://DIR"))
        self.uri.setPlaceholderText("tcp://192.168.1.50:9100")
        form.addRow(_t("Printer &address"), self.uri)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        name(self.error, "printerAddress.error", _t("What is wrong with the address"))
        v.addLayout(form)
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 4)  # room reserved: nothing jumps
        v.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.uri.textEdited.connect(lambda _t: self.show_error(None))

    def _ok(self) -> None:
        text = self.uri.text().strip()
        if not text:
            self.show_error(E.field_message(None) or _t("Type the printer's address."))
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.submit(text)

    def show_error(self, exc: BaseException | str | None) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        text = exc if isinstance(exc, str) or exc is None else E.field_message(exc)
        self.error.setText(text or "")
        set_state(self.error, "error" if text else None)
        set_state(self.uri, "error" if text else None)
        if text:
            self.uri.setFocus()
