"""Step 3: how the customer pays: cash (handed over, with quick amounts and the change shown) or
card / mobile money (the reference from the slip), or the customer's points (issue 14: how many the
sale takes at the catalog's redemption rate, what the customer holds as far as this till knows, and
offline the most the till may take; Alt+P picks it from the keyboard)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from topup_core.errors import ValidationError
from topup_core.formatting import amount_text
from topup_core.money import Money
from topup_core.payment import PaymentMethod
from pos_app.application.sale_draft import SaleDraft

from .. import errors as E
from .. import format as fmt
from ..util import heading, icon, name, set_state
from ..widgets.tiles import TileGroup
from .words import _t, field_hint, method_name, page


class PaymentStep(QWidget):
    changed = Signal()  # the draft changed (the side panel shows it)
    entered = Signal()

    def __init__(self, draft: SaleDraft, locale, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.draft, self.locale = draft, locale  # locale: () -> the clerk's number formats
        p, v = page(self)
        top = QHBoxLayout()
        top.addWidget(heading(_t("Payment"), p, "h1"))
        top.addStretch(1)
        self.pay_total = QLabel("", p)
        self.pay_total.setProperty("role", "total")
        name(self.pay_total, "sale.payTotal", _t("Customer pays"))
        top.addWidget(self.pay_total)
        v.addLayout(top)
        self.methods = TileGroup("sale.method", columns=4, parent=p)
        self.methods.setAccessibleName(_t("Payment method"))
        self.methods.set_tiles([(m.value, method_name(m), method_name(m)) for m in PaymentMethod])
        for key, icon_name in (("cash", "cash"), ("card", "card"), ("mobile_money", "mobile"), ("points", "check")):
            self.methods.tile(key).setIcon(icon(icon_name))
        self.methods.chosen.connect(self._method_chosen)
        v.addWidget(self.methods)

        self.cash_box = QWidget(p)
        c = QVBoxLayout(self.cash_box)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(6)
        c.addWidget(heading(_t("Cash handed over"), self.cash_box, "h3"))
        self.tendered = QLineEdit(self.cash_box)
        self.tendered.setProperty("role", "big")
        self.tendered.setMaxLength(12)
        self.tendered.setValidator(QRegularExpressionValidator(r"\d{0,9}([.,]\d{0,3})?", self.tendered))
        name(self.tendered, "sale.tendered", _t("Cash handed over"), _t("Type the cash received, then Enter"))
        self.tendered.textEdited.connect(self.typed_tendered)
        self.tendered.returnPressed.connect(self.entered.emit)
        c.addWidget(self.tendered)
        self.quick_cash_box = QWidget(self.cash_box)
        self.quick_row = QHBoxLayout(self.quick_cash_box)
        self.quick_row.setContentsMargins(0, 0, 0, 0)
        self.quick_row.setSpacing(6)
        c.addWidget(self.quick_cash_box)
        self.tendered_hint = field_hint(self.cash_box, "sale.tenderedHint", _t("Cash check"))
        c.addWidget(self.tendered_hint)
        self.change = QLabel("", self.cash_box)
        self.change.setProperty("role", "change")
        name(self.change, "sale.change", _t("Change to give"))
        c.addWidget(self.change)
        v.addWidget(self.cash_box)

        self.ref_box = QWidget(p)
        r = QVBoxLayout(self.ref_box)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(heading(_t("Payment reference"), self.ref_box, "h3"))
        self.reference = QLineEdit(self.ref_box)
        self.reference.setProperty("role", "big")
        self.reference.setMaxLength(64)
        self.reference.setPlaceholderText(_t("From the card slip or the mobile-money SMS"))
        name(self.reference, "sale.reference", _t("Payment reference"))
        self.reference.textEdited.connect(self._typed_reference)
        self.reference.returnPressed.connect(self.entered.emit)
        r.addWidget(self.reference)
        self.reference_hint = field_hint(self.ref_box, "sale.referenceHint", _t("Reference check"))
        r.addWidget(self.reference_hint)
        v.addWidget(self.ref_box)

        # issue 14 (till-points): points as the payment
        self.timezone = "UTC"  # the shop's (set_shop)
        self.points_quote = None  # (e164, price) -> PointsQuote; the sale screen sets app.points_pay.quote
        self.quote = None
        self.points_box = QWidget(p)
        q = QVBoxLayout(self.points_box)
        q.setContentsMargins(0, 0, 0, 0)
        q.addWidget(heading(_t("Points to take"), self.points_box, "h3"))
        self.points_cost = QLineEdit(self.points_box)
        self.points_cost.setProperty("role", "big")
        self.points_cost.setReadOnly(True)
        name(self.points_cost, "sale.pointsCost", _t("Points this sale takes"), _t("Press Enter to pay with points"))
        self.points_cost.returnPressed.connect(self._points_enter)
        q.addWidget(self.points_cost)
        self.points_held = QLabel("", self.points_box)
        self.points_held.setWordWrap(True)
        name(self.points_held, "sale.pointsHeld", _t("The customer's points"))
        q.addWidget(self.points_held)
        self.points_hint = field_hint(self.points_box, "sale.pointsHint", _t("Points check"))
        q.addWidget(self.points_hint)
        v.addWidget(self.points_box)
        self.points_box.setVisible(False)
        shortcut = QShortcut(QKeySequence("Alt+P"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self._method_chosen(PaymentMethod.POINTS.value))
        v.addStretch(1)

    def reset(self) -> None:
        self.tendered.clear()
        self.reference.clear()
        self.change.setText("")
        for field, hint in ((self.tendered, self.tendered_hint), (self.reference, self.reference_hint)):
            set_state(field, None)
            set_state(hint, None)
        self.show_method(PaymentMethod.CASH)

    def enter(self) -> None:
        """The amount is done: the price, the quick cash amounts, the method chosen before."""
        d = self.draft
        self.show_price(d.price(), d.quick_cash(), self.locale())
        self.show_method(d.method)
        self.typed_tendered(self.tendered.text())

    def _method_chosen(self, key: str) -> None:
        self.draft.choose_method(key)
        self.show_method(self.draft.method)
        self.field(self.draft.method).setFocus()
        self.changed.emit()

    def typed_tendered(self, text: str) -> None:
        check = self.draft.type_tendered(text)
        self.show_tender(check.short, check.change, self.locale())

    def _typed_reference(self, text: str) -> None:
        self.draft.type_reference(text)
        self.clear_reference_error()

    def _quick_cash(self, money: Money) -> None:
        self.tendered.setText(amount_text(money))
        self.typed_tendered(self.tendered.text())
        self.tendered.setFocus()

    def field(self, method: PaymentMethod) -> QLineEdit:
        if method is PaymentMethod.POINTS:
            return self.points_cost
        return self.tendered if method is PaymentMethod.CASH else self.reference

    @property
    def first_field(self) -> QLineEdit:
        return self.field(self.draft.method)

    def show_method(self, method: PaymentMethod) -> None:
        self.methods.select(method.value)
        cash, points = method is PaymentMethod.CASH, method is PaymentMethod.POINTS
        self.cash_box.setVisible(cash)
        self.ref_box.setVisible(not cash and not points)
        self.points_box.setVisible(points)
        if points:
            self.show_points()

    def show_points(self) -> None:
        """The points the sale takes, and whether this till would take them now."""
        d, locale = self.draft, self.locale()
        price = d.price()
        self.quote = None
        set_state(self.points_hint, None)
        self.points_hint.setText("")
        if price is None or d.msisdn is None or self.points_quote is None:
            self.points_cost.setText("")
            self.points_held.setText("")
            return
        try:
            self.quote = q = self.points_quote(d.msisdn.e164, price)
        except Exception as exc:  # noqa: BLE001 - a read problem shows, it never breaks the payment step
            self.points_cost.setText("")
            self.points_held.setText(str(exc))
            return
        if not q.programme:
            self.points_cost.setText("")
            self.points_held.setText("")
        else:
            rate = fmt.money(Money(q.minor_per_point, price.currency), locale)
            self.points_cost.setText(_t("%1 points").replace("%1", str(q.cost)))
            held = (_t("The customer has %1 points").replace("%1", str(q.balance)) if q.balance is not None
                    else _t("The customer's points are not known here yet"))
            if q.as_of_ms is not None:
                held += " " + _t("(as of %1)").replace("%1", fmt.local_time(q.as_of_ms, self.timezone, "%H:%M"))
            held += " · " + _t("1 point = %1").replace("%1", rate)
            if q.offline and q.limit is not None:
                held += "\n" + _t("Offline: points can pay at most %1 points now.").replace("%1", str(q.limit))
            self.points_held.setText(held)
        if q.problem is not None:
            self.points_hint.setText(E.friendly(ValidationError(q.problem, q.problem), locale))
            set_state(self.points_hint, "error" if q.offline or not q.programme else "warn")

    def _points_enter(self) -> None:
        """Enter on the points: on to confirm, unless this till already knows it cannot take them."""
        self.show_points()
        q = self.quote
        if q is not None and q.problem is not None and (q.offline or not q.programme):
            return  # the hint says why; the sale would be refused when recorded
        self.entered.emit()

    def show_price(self, price: Money | None, quick: list[Money], locale: str) -> None:
        self.pay_total.setText(_t("To pay %1").replace("%1", fmt.money(price, locale)))
        while self.quick_row.count():
            item = self.quick_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for money in quick:
            text = _t("Exact") if price is not None and money == price else fmt.money(money, locale, short=True)
            btn = QPushButton(text, self.quick_cash_box)
            name(btn, f"sale.quickCash.{money.amount}", _t("Cash handed over: %1").replace(
                "%1", fmt.money(money, locale)))
            btn.setProperty("role", "quick")
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(lambda _=False, m=money: self._quick_cash(m))
            self.quick_row.addWidget(btn)
        self.quick_row.addStretch(1)

    def show_tender(self, short: Money | None, change: Money | None, locale: str) -> None:
        set_state(self.tendered, None)
        set_state(self.tendered_hint, None)
        self.tendered_hint.setText(_t("%1 short").replace("%1", fmt.money(short, locale)) if short else "")
        if short:
            set_state(self.tendered_hint, "warn")
        self.change.setText(_t("Change %1").replace("%1", fmt.money(change, locale)) if change is not None else "")

    def show_error(self, field: QLineEdit, text: str) -> None:
        hint = self.tendered_hint if field is self.tendered else self.reference_hint
        set_state(field, "error")
        hint.setText(text)
        set_state(hint, "error")

    def clear_reference_error(self) -> None:
        set_state(self.reference, None)
        set_state(self.reference_hint, None)

