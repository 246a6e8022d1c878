"""Helpers for the UI tests: type where the focus is, wait for the task runner."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.sale import SaleRequest


def wait_idle(qtbot, w) -> None:  # noqa: ANN001
    qtbot.waitUntil(w.runner.is_idle, timeout=10_000)


def focused(name: str):  # noqa: ANN201
    widget = QApplication.focusWidget()
    assert widget is not None, f"nothing has the focus (wanted {name})"
    assert widget.objectName() == name, f"focus is on {widget.objectName()!r}, wanted {name!r}"
    return widget


def type_in(qtbot, name: str, text: str, enter: bool = True) -> None:  # noqa: ANN001
    """Type where the focus is (asserting it is the expected field), like a clerk would."""
    widget = focused(name)
    if text:
        qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def press(qtbot, key: Qt.Key) -> None:  # noqa: ANN001
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key)


def login(qtbot, w, pin: str = "1234") -> None:  # noqa: ANN001
    type_in(qtbot, "login.pin", pin)
    wait_idle(qtbot, w)
    assert w.stack.currentWidget() is w.sale


def sell_to_confirm(qtbot, w, number: str = "0712345678", amount: str = "100", tendered: str = "200") -> None:  # noqa: ANN001
    type_in(qtbot, "sale.msisdn", number)
    type_in(qtbot, "sale.amount", amount)
    type_in(qtbot, "sale.tendered", tendered)
    wait_idle(qtbot, w)


def record(services, username: str = "alice", pin: str = "1234", number: str = "0712345678",  # noqa: ANN001, ANN201
           product: str = "SAF-AIRTIME", face: int = 10000, tendered: int = 20000):
    actor = services.auth.login(username, pin)
    return services.sell.record(actor, SaleRequest(number, product, face, "cash", tendered))
