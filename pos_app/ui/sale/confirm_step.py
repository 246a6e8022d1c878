"""Step 4: read the number back to the customer, large, with what they get and what they pay."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from topup_core.payment import PaymentMethod
from pos_app.domain.sale import PricedSale

from .. import format as fmt
from ..util import button, heading, name
from .words import _t, method_name, page, value_rows


class ConfirmStep(QWidget):
    confirmed = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        p, v = page(self, 1280)
        v.addWidget(heading(_t("Read the number back to the customer"), p, "h2"))
        card = QFrame(p)
        card.setProperty("role", "card")
        cv = QVBoxLayout(card)
        cv.setContentsMargins(20, 12, 20, 12)
        cv.setSpacing(4)
        self.confirm_number = QLabel("", card)
        self.confirm_number.setProperty("role", "readback")
        self.confirm_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        name(self.confirm_number, "sale.confirm.number", _t("Customer's number, to read back"))
        cv.addWidget(self.confirm_number)
        self.confirm_intl = QLabel("", card)
        self.confirm_intl.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_intl.setProperty("role", "muted")
        name(self.confirm_intl, "sale.confirm.international", _t("International form"))
        cv.addWidget(self.confirm_intl)
        v.addWidget(card)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.confirm_rows = value_rows(p, grid, [("product", _t("Top-up")), ("face", _t("Amount")),
                                                 ("bonus", _t("Bonus")), ("price", _t("Customer pays")),
                                                 ("payment", _t("Payment"))], "sale.confirm")
        v.addLayout(grid)
        v.addStretch(1)
        row = QHBoxLayout()
        self.confirm_back = button(_t("Back (Esc)"), "sale.confirm.back", _t("Back to payment"), icon_name="back",
                                   parent=p)
        self.confirm_back.setAutoDefault(False)
        self.confirm_back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_back.clicked.connect(self.back.emit)
        row.addWidget(self.confirm_back)
        row.addStretch(1)
        self.confirm_ok = button(_t("Confirm sale (Enter)"), "sale.confirm.ok", _t("Confirm sale"), kind="confirm",
                                 icon_name="check", parent=p)
        self.confirm_ok.setMinimumWidth(260)
        self.confirm_ok.clicked.connect(self.confirmed.emit)
        row.addWidget(self.confirm_ok)
        v.addLayout(row)
        self.first_field = self.confirm_ok

    def show_sale(self, priced: PricedSale, operator: str | None, promotion: str | None, locale: str) -> None:
        self.confirm_number.setText(priced.msisdn.national())
        self.confirm_intl.setText(priced.msisdn.international())
        self.confirm_rows["product"].setText(f"{operator or priced.product.operator_code} · {priced.product.name}")
        self.confirm_rows["face"].setText(fmt.money(priced.face, locale))
        self.confirm_rows["bonus"].setText(
            (f"+{fmt.money(priced.bonus, locale)}" + (f" — {promotion}" if promotion else "")) if priced.bonus.amount
            else _t("none"))
        self.confirm_rows["price"].setText(fmt.money(priced.price, locale))
        pay = priced.payment
        if pay.method is PaymentMethod.CASH:
            text = _t("Cash %1 · change %2").replace("%1", fmt.money(pay.tendered, locale)).replace(
                "%2", fmt.money(pay.change, locale))
        elif pay.method is PaymentMethod.POINTS:  # till-points: how many, the payment step said
            text = method_name(pay.method)
        else:
            text = _t("%1 · ref %2").replace("%1", method_name(pay.method)).replace("%2", pay.reference or "")
        self.confirm_rows["payment"].setText(text)
        self.set_recording(False)

    def set_recording(self, recording: bool) -> None:
        self.confirm_ok.setEnabled(not recording)
        self.confirm_back.setEnabled(not recording)
        self.confirm_ok.setText(_t("Recording…") if recording else _t("Confirm sale (Enter)"))
