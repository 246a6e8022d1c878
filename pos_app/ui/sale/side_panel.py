"""Beside the first three steps: the sale so far (number, network, product, amount, bonus, price,
payment) and the number pad for touch tills. The customer panel will join it here."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from pos_app.application.sale_draft import Summary

from .. import format as fmt
from ..widgets.numpad import NumPad
from .words import _t, method_name, value_rows


class SidePanel(QFrame):
    def __init__(self, parent: QWidget | None = None, show_numpad: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("sale.side")
        self.setMaximumWidth(400)
        self.setMinimumWidth(260)
        sv = QVBoxLayout(self)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(10)
        box = QFrame(self)
        box.setProperty("role", "card")
        box.setObjectName("sale.summary")
        grid = QGridLayout(box)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        title = QLabel(_t("This sale"), box)
        title.setProperty("role", "h3")
        grid.addWidget(title, 0, 0, 1, 2)
        self.summary = value_rows(box, grid, [("number", _t("Number")), ("operator", _t("Network")),
                                              ("product", _t("Product")), ("face", _t("Amount")),
                                              ("bonus", _t("Bonus")), ("price", _t("To pay")),
                                              ("payment", _t("Payment"))], "sale.summary", start=1)
        sv.addWidget(box)
        self.numpad = NumPad("sale.numpad", self)
        self.numpad.setMinimumHeight(180)
        self.numpad.setMaximumHeight(480)
        self.numpad.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sv.addWidget(self.numpad, 1)
        self.numpad.setVisible(show_numpad)
        sv.addStretch(0)

    def show_summary(self, s: Summary, locale: str) -> None:
        dash = "—"
        self.summary["number"].setText(s.number or dash)
        self.summary["operator"].setText(s.operator or dash)
        self.summary["product"].setText(s.product or dash)
        self.summary["face"].setText(fmt.money(s.face, locale) if s.face else dash)
        if s.bonus is None:
            self.summary["bonus"].setText(dash)
        else:
            self.summary["bonus"].setText(f"+{fmt.money(s.bonus, locale)}" if s.bonus.amount else _t("none"))
        self.summary["price"].setText(fmt.money(s.price, locale) if s.price else dash)
        self.summary["payment"].setText(method_name(s.method))
