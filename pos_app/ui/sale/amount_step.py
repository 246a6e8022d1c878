"""Step 2: the product and the amount: typed, or one tap on a denomination or a quick amount. The
bonus of any promotion shows as the clerk types."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from topup_core.catalog import Product, ProductKind
from topup_core.formatting import amount_text
from topup_core.money import Money
from pos_app.application.sale_draft import SaleDraft

from .. import format as fmt
from ..util import heading, name, set_state
from ..widgets.tiles import TileGroup
from .offer_words import with_reason
from .words import _t, field_hint, page


def product_label(p: Product) -> str:
    if p.kind is ProductKind.RANGE:
        return _t("%1\nany amount").replace("%1", p.name)
    if p.kind is ProductKind.VOUCHER:
        return _t("%1\nPIN voucher").replace("%1", p.name)
    return _t("%1\nfixed amounts").replace("%1", p.name)


class AmountStep(QWidget):
    changed = Signal()  # the draft changed (the side panel shows it)
    entered = Signal()

    def __init__(self, draft: SaleDraft, locale, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.draft, self.locale = draft, locale  # locale: () -> the clerk's number formats
        p, v = page(self)
        self.title = heading(_t("Amount"), p, "h1")
        v.addWidget(self.title)
        self.products = TileGroup("sale.product", columns=3, parent=p)
        self.products.setAccessibleName(_t("Product"))
        self.products.chosen.connect(self._product_chosen)
        v.addWidget(self.products)
        row = QHBoxLayout()
        self.amount = QLineEdit(p)
        self.amount.setProperty("role", "big")
        self.amount.setMaxLength(12)
        self.amount.setValidator(QRegularExpressionValidator(r"\d{0,9}([.,]\d{0,3})?", self.amount))
        name(self.amount, "sale.amount", _t("Amount"), _t("Type the top-up amount, then Enter"))
        self.amount.textEdited.connect(self.typed)
        self.amount.returnPressed.connect(self.entered.emit)
        row.addWidget(self.amount, 1)
        v.addLayout(row)
        self.amount_hint = field_hint(p, "sale.amountHint", _t("Amount rules"))
        v.addWidget(self.amount_hint)
        self.denoms_box = QWidget(p)
        self.denoms_box.setObjectName("sale.denoms")
        self.denoms = QGridLayout(self.denoms_box)
        self.denoms.setContentsMargins(0, 0, 0, 0)
        self.denoms.setSpacing(8)
        v.addWidget(self.denoms_box)
        self.bonus = QLabel("", p)
        self.bonus.setWordWrap(True)
        name(self.bonus, "sale.bonus", _t("Promotion bonus"))
        self.bonus.setProperty("role", "bonus")
        v.addWidget(self.bonus)
        v.addStretch(1)
        self.first_field = self.amount

    def reset(self) -> None:
        self.amount.clear()
        self.bonus.setText("")
        self.clear_error()

    def enter(self) -> None:
        """The number is done: the operator's products, the preselected one, its amounts."""
        d = self.draft
        if self.amount.text() != d.amount_text:
            self.amount.setText(d.amount_text)
        self.products.set_tiles([(p.code, product_label(p), p.name) for p in d.products()])
        name_ = d.operator_name()
        self.title.setText(_t("Amount — %1").replace("%1", name_) if name_ else _t("Amount"))
        self.show_product()
        if not d.products():
            self.show_error(_t("Nothing to sell for this network right now."))

    def typed(self, text: str) -> None:
        check = self.draft.type_amount(text)
        self.clear_error()
        self.show_bonus(check.bonus, with_reason(check.promotion, check.reason), self.locale())  # issue 14: why
        self.changed.emit()

    def _product_chosen(self, code: str) -> None:
        self.draft.choose_product(code)
        self.show_product()
        self.amount.setFocus()

    def _tapped(self, amount: int) -> None:
        self.amount.setText(amount_text(Money(amount, self.draft.currency)))
        self.typed(self.amount.text())
        self.entered.emit()  # one tap: amount chosen, on to payment

    def show_product(self) -> None:
        """The product's rule and its one-tap amounts (minor units)."""
        product, quick, locale = self.draft.product(), self.draft.quick_amounts(), self.locale()
        while self.denoms.count():
            item = self.denoms.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.clear_error()
        if product is None:
            self._rule = ""
            self.amount_hint.setText("")
            return
        self.products.select(product.code)
        m = lambda v: fmt.money(Money(v, product.currency), locale, short=True)  # noqa: E731
        if product.kind is ProductKind.RANGE:
            self._rule = _t("Any amount from %1 to %2, in steps of %3.").replace(
                "%1", m(product.min_amount)).replace("%2", m(product.max_amount)).replace("%3", m(product.step))
        else:
            self._rule = _t("Tap an amount, or type it and press Enter.")
        self.amount_hint.setText(self._rule)
        columns = 3 if len(quick) <= 6 else 4
        for i, amount in enumerate(quick):
            btn = QPushButton(m(amount), self.denoms_box)
            name(btn, f"sale.denom.{amount}", _t("Top up %1").replace("%1", m(amount)))
            btn.setProperty("role", "denom")
            btn.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            btn.setAutoDefault(True)
            btn.clicked.connect(lambda _=False, a=amount: self._tapped(a))
            self.denoms.addWidget(btn, i // columns, i % columns)
        self.typed(self.amount.text())

    def show_bonus(self, bonus: Money | None, promotion: str | None, locale: str) -> None:
        self.bonus.setText(_t("Bonus +%1 — %2").replace("%1", fmt.money(bonus, locale)).replace("%2", promotion or "")
                           if bonus is not None else "")

    def show_error(self, text: str) -> None:
        set_state(self.amount, "error")
        self.amount_hint.setText(text)
        set_state(self.amount_hint, "error")

    _rule = ""  # the product's rule: what the hint says when nothing is wrong

    def clear_error(self) -> None:
        """Typing again: the complaint (e.g. "Did you mean Ksh100 or Ksh101?") gives way to the rule."""
        if self.amount_hint.property("state") == "error":
            self.amount_hint.setText(self._rule)
        set_state(self.amount, None)
        set_state(self.amount_hint, None)
