"""The counter: sell a top-up in seconds, keyboard or touch, and never to a wrong number.

Steps (Escape goes back one):  number ⏎ → amount ⏎ → payment ⏎ → confirm ⏎ → result.
Everything that touches the database goes through the task runner; validation that is pure
domain logic (number, amount, change) runs as the clerk types.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from topup_core.catalog import Catalog, Product, ProductKind
from topup_core.errors import DomainError, ValidationError
from topup_core.money import Money
from topup_core.msisdn import Msisdn, format_as_typed, mask_e164, parse_msisdn
from topup_core.payment import PaymentMethod, take_payment
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor
from pos_app.domain.sale import PricedSale, SaleRequest, SaleStatus

from .. import errors as E
from .. import format as fmt
from .. import settings as opt
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..util import button, heading, icon, name, set_state
from ..widgets.banner import Banner
from ..widgets.numpad import NumPad
from ..widgets.tiles import TileGroup


class Step(enum.IntEnum):
    NUMBER = 0
    AMOUNT = 1
    PAYMENT = 2
    CONFIRM = 3
    RESULT = 4


@dataclass
class Draft:
    """The sale being entered. Kept across a lock by the same clerk and across errors."""

    number_text: str = ""
    msisdn: Msisdn | None = None
    operator: str | None = None
    operator_manual: bool = False
    product_code: str | None = None
    amount_text: str = ""
    face: Money | None = None
    method: PaymentMethod = PaymentMethod.CASH
    tendered_text: str = ""
    reference: str = ""
    priced: PricedSale | None = None


QUICK_RANGE_AMOUNTS = (5000, 10000, 20000, 50000, 100000)  # minor units, offered when in range and on step


class SaleScreen(QWidget):
    wants_history = Signal()
    wants_lock = Signal()
    sale_recorded = Signal(object)  # SaleRecord
    session_ended = Signal(str)  # message: the window goes to the lock screen, the draft is kept

    def __init__(self, app, runner: TaskRunner, settings: UiSettings,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saleScreen")
        self.setAccessibleName(self.tr("Sale"))
        self.app = app
        self.runner = runner
        self.settings = settings
        self.actor: Actor | None = None
        self.catalog: Catalog | None = None
        self.terminal = None  # TerminalInfo: the shop's country and currency
        self.locale_name = fmt.DEFAULT_LOCALE
        self.draft = Draft()
        self.step = Step.NUMBER
        self.last_sale: SaleRecord | None = None
        self.result: SaleRecord | None = None
        self.recording = False
        self._gen = 0  # bumps on every navigation; late async answers for an old step are dropped
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._poll_result)
        self._poll_left = 0

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_top_bar())
        self.banner = Banner("sale.banner", self)
        root.addWidget(self.banner)
        body = QHBoxLayout()
        body.setContentsMargins(16, 12, 16, 12)
        body.setSpacing(16)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("sale.pages")
        self.pages.addWidget(self._build_number_page())
        self.pages.addWidget(self._build_amount_page())
        self.pages.addWidget(self._build_payment_page())
        self.pages.addWidget(self._build_confirm_page())
        self.pages.addWidget(self._build_result_page())
        body.addWidget(self.pages, 3)
        self.side = self._build_side()
        body.addWidget(self.side, 2)
        root.addLayout(body, 1)
        self._go(Step.NUMBER)

    # ------------------------------------------------------------------ building

    def _build_top_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("sale.topBar")
        bar.setProperty("role", "topbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 10, 6)
        row.setSpacing(6)
        self.step_labels: list[QLabel] = []
        for i, text in enumerate([self.tr("1 Number"), self.tr("2 Amount"), self.tr("3 Payment"),
                                  self.tr("4 Confirm")]):
            lab = QLabel(text, bar)
            name(lab, f"sale.step.{i + 1}", text)
            lab.setProperty("role", "step")
            row.addWidget(lab)
            if i < 3:
                arrow = QLabel("›", bar)
                arrow.setProperty("role", "muted")
                row.addWidget(arrow)
            self.step_labels.append(lab)
        row.addStretch(1)
        self.repeat_button = button(self.tr("Repeat last (F5)"), "sale.repeat", self.tr("Repeat last top-up"),
                                    icon_name="repeat", parent=bar)
        self.repeat_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.repeat_button.clicked.connect(self.repeat_last)
        self.history_button = button(self.tr("History (F8)"), "sale.historyButton", self.tr("Sales history"),
                                     icon_name="history", parent=bar)
        self.history_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_button.clicked.connect(self.wants_history.emit)
        self.lock_button = button(self.tr("Lock (F12)"), "sale.lockButton", self.tr("Lock the till / switch clerk"),
                                  icon_name="lock", parent=bar)
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(self.wants_lock.emit)
        for b in (self.repeat_button, self.history_button, self.lock_button):
            b.setProperty("role", "toolbar")
            row.addWidget(b)
        return bar

    def _field_hint(self, parent: QWidget, object_name: str, accessible: str) -> QLabel:
        lab = QLabel("", parent)
        lab.setWordWrap(True)
        lab.setMinimumHeight(22)
        name(lab, object_name, accessible)
        lab.setProperty("role", "hint")
        return lab

    def _page(self, max_width: int = 0) -> tuple[QWidget, QWidget, QVBoxLayout]:
        """(the page for the stack, the parent for its widgets, their layout)."""
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        if not max_width:
            return page, page, layout
        # Wide screens: keep the content in a readable column in the middle.
        outer = QHBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        inner_widget = QWidget(page)
        inner_widget.setMaximumWidth(max_width)
        inner = QVBoxLayout(inner_widget)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(8)
        outer.addWidget(inner_widget)
        layout.addLayout(outer)
        return page, inner_widget, inner

    def _build_number_page(self) -> QWidget:
        root, page, v = self._page()
        v.addWidget(heading(self.tr("Customer's phone number"), page, "h1"))
        self.msisdn = QLineEdit(page)
        self.msisdn.setProperty("role", "big")
        self.msisdn.setPlaceholderText(self.tr("e.g. 0712 345678"))
        self.msisdn.setMaxLength(24)
        self.msisdn.setValidator(QRegularExpressionValidator(r"[+0-9 ()\-./]{0,24}", self.msisdn))
        name(self.msisdn, "sale.msisdn", self.tr("Customer's phone number"),
             self.tr("Type the number, national or international, then Enter"))
        self.msisdn.textEdited.connect(self._number_edited)
        self.msisdn.returnPressed.connect(self.number_entered)
        v.addWidget(self.msisdn)
        self.msisdn_hint = self._field_hint(page, "sale.msisdnHint", self.tr("Number check"))
        v.addWidget(self.msisdn_hint)
        v.addSpacing(6)
        self.operator_title = heading(self.tr("Network"), page, "h3")
        v.addWidget(self.operator_title)
        self.operators = TileGroup("sale.operator", columns=3, parent=page)
        self.operators.setAccessibleName(self.tr("Network"))
        self.operators.chosen.connect(self._operator_chosen)
        v.addWidget(self.operators)
        self.operator_hint = self._field_hint(page, "sale.operatorHint", self.tr("Network hint"))
        v.addWidget(self.operator_hint)
        v.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        nxt = button(self.tr("Next (Enter)"), "sale.number.next", self.tr("Next: amount"), kind="primary",
                     icon_name="next", parent=page)
        nxt.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        nxt.clicked.connect(self.number_entered)
        row.addWidget(nxt)
        v.addLayout(row)
        return root

    def _build_amount_page(self) -> QWidget:
        root, page, v = self._page()
        self.amount_title = heading(self.tr("Amount"), page, "h1")
        v.addWidget(self.amount_title)
        self.products = TileGroup("sale.product", columns=3, parent=page)
        self.products.setAccessibleName(self.tr("Product"))
        self.products.chosen.connect(self._product_chosen)
        v.addWidget(self.products)
        row = QHBoxLayout()
        self.amount = QLineEdit(page)
        self.amount.setProperty("role", "big")
        self.amount.setMaxLength(12)
        self.amount.setValidator(QRegularExpressionValidator(r"\d{0,9}([.,]\d{0,3})?", self.amount))
        name(self.amount, "sale.amount", self.tr("Amount"), self.tr("Type the top-up amount, then Enter"))
        self.amount.textEdited.connect(self._amount_edited)
        self.amount.returnPressed.connect(self.amount_entered)
        row.addWidget(self.amount, 1)
        v.addLayout(row)
        self.amount_hint = self._field_hint(page, "sale.amountHint", self.tr("Amount rules"))
        v.addWidget(self.amount_hint)
        self.denoms_box = QWidget(page)
        self.denoms_box.setObjectName("sale.denoms")
        self.denoms = QGridLayout(self.denoms_box)
        self.denoms.setContentsMargins(0, 0, 0, 0)
        self.denoms.setSpacing(8)
        v.addWidget(self.denoms_box)
        self.bonus = QLabel("", page)
        self.bonus.setWordWrap(True)
        name(self.bonus, "sale.bonus", self.tr("Promotion bonus"))
        self.bonus.setProperty("role", "bonus")
        v.addWidget(self.bonus)
        v.addStretch(1)
        return root

    def _build_payment_page(self) -> QWidget:
        root, page, v = self._page()
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Payment"), page, "h1"))
        top.addStretch(1)
        self.pay_total = QLabel("", page)
        self.pay_total.setProperty("role", "total")
        name(self.pay_total, "sale.payTotal", self.tr("Customer pays"))
        top.addWidget(self.pay_total)
        v.addLayout(top)
        self.methods = TileGroup("sale.method", columns=3, parent=page)
        self.methods.setAccessibleName(self.tr("Payment method"))
        self.methods.set_tiles([
            (PaymentMethod.CASH.value, self.tr("Cash"), self.tr("Cash")),
            (PaymentMethod.CARD.value, self.tr("Card"), self.tr("Card")),
            (PaymentMethod.MOBILE_MONEY.value, self.tr("Mobile money"), self.tr("Mobile money")),
        ])
        for key, icon_name in (("cash", "cash"), ("card", "card"), ("mobile_money", "mobile")):
            self.methods.tile(key).setIcon(icon(icon_name))
        self.methods.chosen.connect(self._method_chosen)
        v.addWidget(self.methods)

        self.cash_box = QWidget(page)
        c = QVBoxLayout(self.cash_box)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(6)
        c.addWidget(heading(self.tr("Cash handed over"), self.cash_box, "h3"))
        self.tendered = QLineEdit(self.cash_box)
        self.tendered.setProperty("role", "big")
        self.tendered.setMaxLength(12)
        self.tendered.setValidator(QRegularExpressionValidator(r"\d{0,9}([.,]\d{0,3})?", self.tendered))
        name(self.tendered, "sale.tendered", self.tr("Cash handed over"), self.tr("Type the cash received, then Enter"))
        self.tendered.textEdited.connect(self._tendered_edited)
        self.tendered.returnPressed.connect(self.payment_entered)
        c.addWidget(self.tendered)
        self.quick_cash_box = QWidget(self.cash_box)
        self.quick_cash = QHBoxLayout(self.quick_cash_box)
        self.quick_cash.setContentsMargins(0, 0, 0, 0)
        self.quick_cash.setSpacing(6)
        c.addWidget(self.quick_cash_box)
        self.tendered_hint = self._field_hint(self.cash_box, "sale.tenderedHint", self.tr("Cash check"))
        c.addWidget(self.tendered_hint)
        self.change = QLabel("", self.cash_box)
        self.change.setProperty("role", "change")
        name(self.change, "sale.change", self.tr("Change to give"))
        c.addWidget(self.change)
        v.addWidget(self.cash_box)

        self.ref_box = QWidget(page)
        r = QVBoxLayout(self.ref_box)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(heading(self.tr("Payment reference"), self.ref_box, "h3"))
        self.reference = QLineEdit(self.ref_box)
        self.reference.setProperty("role", "big")
        self.reference.setMaxLength(64)
        self.reference.setPlaceholderText(self.tr("From the card slip or the mobile-money SMS"))
        name(self.reference, "sale.reference", self.tr("Payment reference"))
        self.reference.textEdited.connect(lambda _t: self._clear_error(self.reference, self.reference_hint))
        self.reference.returnPressed.connect(self.payment_entered)
        r.addWidget(self.reference)
        self.reference_hint = self._field_hint(self.ref_box, "sale.referenceHint", self.tr("Reference check"))
        r.addWidget(self.reference_hint)
        v.addWidget(self.ref_box)
        v.addStretch(1)
        return root

    def _build_confirm_page(self) -> QWidget:
        root, page, v = self._page(1280)
        v.addWidget(heading(self.tr("Read the number back to the customer"), page, "h2"))
        card = QFrame(page)
        card.setProperty("role", "card")
        cv = QVBoxLayout(card)
        cv.setContentsMargins(20, 12, 20, 12)
        cv.setSpacing(4)
        self.confirm_number = QLabel("", card)
        self.confirm_number.setProperty("role", "readback")
        self.confirm_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        name(self.confirm_number, "sale.confirm.number", self.tr("Customer's number, to read back"))
        cv.addWidget(self.confirm_number)
        self.confirm_intl = QLabel("", card)
        self.confirm_intl.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_intl.setProperty("role", "muted")
        name(self.confirm_intl, "sale.confirm.international", self.tr("International form"))
        cv.addWidget(self.confirm_intl)
        v.addWidget(card)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.confirm_rows: dict[str, QLabel] = {}
        for i, (key, text) in enumerate([("product", self.tr("Top-up")), ("face", self.tr("Amount")),
                                         ("bonus", self.tr("Bonus")), ("price", self.tr("Customer pays")),
                                         ("payment", self.tr("Payment"))]):
            lab = QLabel(text, page)
            lab.setProperty("role", "muted")
            val = QLabel("", page)
            val.setProperty("role", "value")
            val.setWordWrap(True)
            name(val, f"sale.confirm.{key}", text)
            grid.addWidget(lab, i, 0)
            grid.addWidget(val, i, 1)
            self.confirm_rows[key] = val
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)
        v.addStretch(1)
        row = QHBoxLayout()
        self.confirm_back = button(self.tr("Back (Esc)"), "sale.confirm.back", self.tr("Back to payment"),
                                   icon_name="back", parent=page)
        self.confirm_back.setAutoDefault(False)
        self.confirm_back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_back.clicked.connect(self.back)
        row.addWidget(self.confirm_back)
        row.addStretch(1)
        self.confirm_ok = button(self.tr("Confirm sale (Enter)"), "sale.confirm.ok", self.tr("Confirm sale"),
                                 kind="confirm", icon_name="check", parent=page)
        self.confirm_ok.setMinimumWidth(260)
        self.confirm_ok.clicked.connect(self.confirm)
        row.addWidget(self.confirm_ok)
        v.addLayout(row)
        return root

    def _build_result_page(self) -> QWidget:
        root, page, v = self._page(1280)
        self.result_status = QLabel("", page)
        self.result_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_status.setProperty("role", "resultStatus")
        name(self.result_status, "sale.result.status", self.tr("Sale result"))
        v.addWidget(self.result_status)
        self.result_headline = QLabel("", page)
        self.result_headline.setWordWrap(True)
        self.result_headline.setProperty("role", "h2")
        name(self.result_headline, "sale.result.headline", self.tr("What happened"))
        v.addWidget(self.result_headline)
        self.result_detail = QLabel("", page)
        self.result_detail.setWordWrap(True)
        name(self.result_detail, "sale.result.detail", self.tr("What it means for the customer"))
        v.addWidget(self.result_detail)
        self.result_change = QLabel("", page)
        self.result_change.setProperty("role", "change")
        self.result_change.setWordWrap(True)
        name(self.result_change, "sale.result.change", self.tr("Cash to give back"))
        v.addWidget(self.result_change)
        self.result_voucher = QLabel("", page)
        self.result_voucher.setProperty("role", "voucher")
        self.result_voucher.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name(self.result_voucher, "sale.result.voucher", self.tr("Voucher PIN"))
        v.addWidget(self.result_voucher)
        self.result_info = QLabel("", page)
        self.result_info.setWordWrap(True)
        self.result_info.setProperty("role", "muted")
        name(self.result_info, "sale.result.info", self.tr("Receipt"))
        v.addWidget(self.result_info)
        v.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.result_next = button(self.tr("Next customer (Enter)"), "sale.result.next", self.tr("Next customer"),
                                  kind="primary", icon_name="next", parent=page)
        self.result_next.setMinimumWidth(240)
        self.result_next.clicked.connect(self.new_sale)
        row.addWidget(self.result_next)
        v.addLayout(row)
        return root

    def _build_side(self) -> QWidget:
        side = QFrame(self)
        side.setObjectName("sale.side")
        side.setMaximumWidth(400)
        side.setMinimumWidth(260)
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(10)
        summary = QFrame(side)
        summary.setProperty("role", "card")
        summary.setObjectName("sale.summary")
        grid = QGridLayout(summary)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        title = QLabel(self.tr("This sale"), summary)
        title.setProperty("role", "h3")
        grid.addWidget(title, 0, 0, 1, 2)
        self.summary: dict[str, QLabel] = {}
        for i, (key, text) in enumerate([("number", self.tr("Number")), ("operator", self.tr("Network")),
                                         ("product", self.tr("Product")), ("face", self.tr("Amount")),
                                         ("bonus", self.tr("Bonus")), ("price", self.tr("To pay")),
                                         ("payment", self.tr("Payment"))], start=1):
            lab = QLabel(text, summary)
            lab.setProperty("role", "muted")
            val = QLabel("—", summary)
            val.setProperty("role", "value")
            name(val, f"sale.summary.{key}", text)
            grid.addWidget(lab, i, 0)
            grid.addWidget(val, i, 1)
            self.summary[key] = val
        grid.setColumnStretch(1, 1)
        sv.addWidget(summary)
        self.numpad = NumPad("sale.numpad", side)
        self.numpad.setMinimumHeight(180)
        self.numpad.setMaximumHeight(480)
        self.numpad.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sv.addWidget(self.numpad, 1)
        self.numpad.setVisible(self.settings.get(opt.SHOW_NUMPAD))
        sv.addStretch(0)
        return side

    # ------------------------------------------------------------------ session

    def start_session(self, actor: Actor, keep_draft: bool) -> None:
        same = self.actor is not None and self.actor.user_id == actor.user_id
        self.actor = actor
        if not (keep_draft and same):
            self.last_sale = None
            self.new_sale()
            self.runner.run(self.app.sales.recent, actor, 1, on_done=self._got_last, on_error=E.logged("the last sale"),
                            owner=self, name="sales.recent(1)")
        else:
            self._go(self.step)

    def _got_last(self, sales: list[SaleRecord]) -> None:
        if sales and self.last_sale is None:
            self.last_sale = sales[0]
        self._update_repeat()

    def set_catalog(self, catalog: Catalog, terminal, locale_name: str) -> None:  # noqa: ANN001
        self.catalog = catalog
        self.terminal = terminal
        self.locale_name = locale_name
        self.operators.set_tiles([(op.code, op.name, op.name) for op in catalog.operators])
        if self.draft.operator:
            self.operators.select(self.draft.operator)
        self.banner.clear()

    def show_catalog_problem(self, text: str) -> None:
        self.banner.show_message(text, "error")

    # ------------------------------------------------------------------ navigation

    def _go(self, step: Step) -> None:
        self._gen += 1
        self.step = step
        self.pages.setCurrentIndex(int(step))
        for i, lab in enumerate(self.step_labels):
            set_state(lab, "current" if i == int(step) else "done" if i < int(step) else None)
        self.side.setVisible(step in (Step.NUMBER, Step.AMOUNT, Step.PAYMENT))
        if step is not Step.RESULT:
            self._poll.stop()
        focus = {Step.NUMBER: self.msisdn, Step.AMOUNT: self.amount, Step.CONFIRM: self.confirm_ok,
                 Step.RESULT: self.result_next}.get(step)
        if step is Step.PAYMENT:
            focus = self.tendered if self.draft.method is PaymentMethod.CASH else self.reference
        self._update_summary()
        self._update_repeat()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def back(self) -> None:
        """Escape: one step back. Never while a sale is being recorded."""
        if self.recording:
            return
        self.banner.clear()
        if self.step is Step.RESULT:
            self.new_sale()
        elif self.step is Step.NUMBER:
            if self.msisdn.text():
                self.msisdn.clear()
                self._number_edited("")
            self.msisdn.setFocus()
        else:
            self._go(Step(int(self.step) - 1))

    def new_sale(self) -> None:
        if self.recording:
            return
        self.draft = Draft()
        self.result = None
        self.msisdn.clear()
        self.amount.clear()
        self.tendered.clear()
        self.reference.clear()
        self.operators.select(None)
        self.methods.select(PaymentMethod.CASH.value)
        for field, hint in ((self.msisdn, self.msisdn_hint), (self.amount, self.amount_hint),
                            (self.tendered, self.tendered_hint), (self.reference, self.reference_hint)):
            self._clear_error(field, hint)
        self.msisdn_hint.setText(self.tr("National (0712 345678) or international (+254 712 345678)."))
        self.operator_hint.setText("")
        self.change.setText("")
        self.bonus.setText("")
        self.banner.clear()
        self._method_chosen(PaymentMethod.CASH.value)
        self._go(Step.NUMBER)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.back()
        elif key == Qt.Key.Key_F5:
            self.repeat_last()
        elif key == Qt.Key.Key_F8:
            self.wants_history.emit()
        elif key == Qt.Key.Key_F12:
            self.wants_lock.emit()
        elif self.step is Step.RESULT and (event.text().isdigit() or event.text() == "+"):
            # Ready for the next customer at once: the first digit starts the next sale.
            self.new_sale()
            self.msisdn.insert(event.text())
            self._number_edited(self.msisdn.text())
        elif self.step is Step.RESULT and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.new_sale()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------------ errors at fields

    def _error(self, field: QWidget, hint: QLabel, text: str) -> None:
        set_state(field, "error")
        hint.setText(text)
        set_state(hint, "error")

    def _clear_error(self, field: QWidget, hint: QLabel) -> None:
        set_state(field, None)
        set_state(hint, None)

    def _ok(self, hint: QLabel, text: str) -> None:
        hint.setText(text)
        set_state(hint, "ok")

    def show_error(self, exc: BaseException) -> None:
        """Put a service error where the clerk can fix it; the draft is always kept."""
        if isinstance(exc, DomainError) and exc.code == "session_expired":
            self.session_ended.emit(E.friendly(exc))
            return
        code = exc.code if isinstance(exc, DomainError) else ""
        where = E.field_of(code) if code else E.FIELD_GENERAL
        text = self._amount_message(exc) if where == E.FIELD_AMOUNT else E.friendly(exc)
        if where == E.FIELD_MSISDN:
            self._go(Step.NUMBER)
            self._error(self.msisdn, self.msisdn_hint, text)
        elif where == E.FIELD_OPERATOR:
            self._go(Step.NUMBER)
            self._error(self.operators, self.operator_hint, text)
        elif where == E.FIELD_AMOUNT:
            self._go(Step.AMOUNT)
            self._error(self.amount, self.amount_hint, text)
        elif where == E.FIELD_TENDERED:
            self._go(Step.PAYMENT)
            self._error(self.tendered, self.tendered_hint, text)
        elif where == E.FIELD_REFERENCE:
            self._go(Step.PAYMENT)
            self._error(self.reference, self.reference_hint, text)
        else:
            if not isinstance(exc, DomainError) and self.step is Step.CONFIRM:
                text = self.tr("The till could not tell whether this sale was saved (%1). Check History (F8) "
                               "before selling it again.").replace("%1", type(exc).__name__)
            self.banner.show_message(text, "error")

    def _amount_message(self, exc: BaseException) -> str:
        product = self._product()
        code = exc.code if isinstance(exc, DomainError) else ""
        if product is not None and product.kind is ProductKind.RANGE:
            m = lambda v: fmt.money(Money(v, product.currency), self.locale_name, short=True)  # noqa: E731
            if code == "amount_below_min":
                return self.tr("The smallest amount is %1.").replace("%1", m(product.min_amount))
            if code == "amount_above_max":
                return self.tr("The largest amount is %1.").replace("%1", m(product.max_amount))
            if code == "amount_off_step" and self.draft.face is not None:
                face = self.draft.face.amount
                lower = face - (face - product.min_amount) % product.step
                return self.tr("Amounts go up in steps of %1. Did you mean %2 or %3?").replace(
                    "%1", m(product.step)).replace("%2", m(lower)).replace("%3", m(lower + product.step))
        if code == "amount_above_sale_limit" and self.catalog is not None:
            return self.tr("One sale can be at most %1. Split it into two sales.").replace(
                "%1", fmt.money(Money(self.catalog.limits.max_sale, self.catalog.currency), self.locale_name,
                                short=True))
        return E.friendly(exc)

    # ------------------------------------------------------------------ step 1: number

    def _region(self) -> str:
        return self.terminal.country if self.terminal else self.catalog.country

    def _number_edited(self, text: str) -> None:
        # Live formatting as typed, keeping the cursor at the end when it was there.
        at_end = self.msisdn.cursorPosition() >= len(text)
        formatted = format_as_typed(text, self._region()) if text.strip() else ""
        if at_end and formatted and formatted != text and _digits(formatted) == _digits(text):
            self.msisdn.setText(formatted)
        self.draft.number_text = self.msisdn.text()
        self.draft.msisdn = None
        self.draft.priced = None
        self._clear_error(self.msisdn, self.msisdn_hint)
        national = _national_digits(self.msisdn.text(), self._region())
        try:
            msisdn = parse_msisdn(self.msisdn.text(), self._region())
        except ValidationError as exc:
            msisdn = None
            if exc.code in ("msisdn_invalid_characters", "msisdn_too_long", "msisdn_wrong_country"):
                self._error(self.msisdn, self.msisdn_hint, E.friendly(exc))
            elif national:
                self.msisdn_hint.setText(self.tr("Keep typing… (%n digits)", "", len(_digits(self.msisdn.text()))))
            else:
                self.msisdn_hint.setText(self.tr("National (0712 345678) or international (+254 712 345678)."))
        if msisdn is not None:
            self.draft.msisdn = msisdn
            national = msisdn.national_number
            self._ok(self.msisdn_hint, self.tr("✓ %1").replace("%1", msisdn.international()))
        if self.catalog is not None and not self.draft.operator_manual:
            suggested = self.catalog.suggest_operator(national) if len(national) >= 2 else None
            self._set_operator(suggested.code if suggested else None, manual=False)
        self._update_summary()

    def _set_operator(self, code: str | None, manual: bool) -> None:
        changed = code != self.draft.operator
        self.draft.operator = code
        self.draft.operator_manual = manual
        self.operators.select(code)
        self._clear_error(self.operators, self.operator_hint)
        if code and not manual:
            self.operator_hint.setText(self.tr("Suggested from the number. Numbers move between networks: "
                                               "tap another if the customer says so."))
        elif code:
            self.operator_hint.setText(self.tr("Chosen by you."))
        else:
            self.operator_hint.setText("")
        if changed:
            self.draft.product_code = None
            self.draft.priced = None

    def _operator_chosen(self, code: str) -> None:
        self._set_operator(code, manual=True)
        self._update_summary()
        self.msisdn.setFocus()

    def number_entered(self) -> None:
        if self.step is not Step.NUMBER:
            return
        try:
            msisdn = parse_msisdn(self.msisdn.text(), self._region())
        except ValidationError as exc:
            self._error(self.msisdn, self.msisdn_hint, E.friendly(exc))
            self.msisdn.setFocus()
            return
        self.draft.msisdn = msisdn
        if self.catalog is None:
            self.banner.show_message(E.friendly(DomainError("catalog_missing")), "error")
            return
        if not self.draft.operator:
            self._error(self.operators, self.operator_hint, E.friendly(DomainError("operator_missing")))
            return
        self._enter_amount_step()

    # ------------------------------------------------------------------ step 2: amount

    def _now(self):  # noqa: ANN202
        return self.app.clock.now()

    def _products(self) -> list[Product]:
        if self.catalog is None or not self.draft.operator:
            return []
        return self.catalog.products_of(self.draft.operator, self._now())

    def _product(self) -> Product | None:
        if self.catalog is None or not self.draft.product_code:
            return None
        try:
            return self.catalog.product(self.draft.product_code)
        except DomainError:
            return None

    def _enter_amount_step(self) -> None:
        products = self._products()
        self.products.set_tiles([(p.code, self._product_label(p), p.name) for p in products])
        codes = [p.code for p in products]
        if self.draft.product_code not in codes:
            default = next((p for p in products if p.kind is ProductKind.RANGE), products[0] if products else None)
            self.draft.product_code = default.code if default else None
        self.products.select(self.draft.product_code)
        op = self.catalog.operator(self.draft.operator) if self.catalog and self.draft.operator else None
        self.amount_title.setText(self.tr("Amount — %1").replace("%1", op.name) if op else self.tr("Amount"))
        self._show_product()
        self._go(Step.AMOUNT)
        if not products:
            self._error(self.amount, self.amount_hint, self.tr("Nothing to sell for this network right now."))

    def _product_label(self, p: Product) -> str:
        if p.kind is ProductKind.RANGE:
            return self.tr("%1\nany amount").replace("%1", p.name)
        if p.kind is ProductKind.VOUCHER:
            return self.tr("%1\nPIN voucher").replace("%1", p.name)
        return self.tr("%1\nfixed amounts").replace("%1", p.name)

    def _show_product(self) -> None:
        product = self._product()
        while self.denoms.count():
            item = self.denoms.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._clear_error(self.amount, self.amount_hint)
        if product is None:
            self.amount_hint.setText("")
            return
        m = lambda v: fmt.money(Money(v, product.currency), self.locale_name, short=True)  # noqa: E731
        if product.kind is ProductKind.RANGE:
            self.amount_hint.setText(self.tr("Any amount from %1 to %2, in steps of %3.").replace(
                "%1", m(product.min_amount)).replace("%2", m(product.max_amount)).replace("%3", m(product.step)))
            amounts = [a for a in QUICK_RANGE_AMOUNTS
                       if product.min_amount <= a <= product.max_amount and (a - product.min_amount) % product.step == 0]
        else:
            self.amount_hint.setText(self.tr("Tap an amount, or type it and press Enter."))
            amounts = list(product.denominations)
        columns = 3 if len(amounts) <= 6 else 4
        for i, amount in enumerate(amounts):
            btn = QPushButton(m(amount), self.denoms_box)
            name(btn, f"sale.denom.{amount}", self.tr("Top up %1").replace("%1", m(amount)))
            btn.setProperty("role", "denom")
            btn.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            btn.setAutoDefault(True)
            btn.clicked.connect(lambda _=False, a=amount: self._denomination_clicked(a))
            self.denoms.addWidget(btn, i // columns, i % columns)
        self._amount_edited(self.amount.text())

    def _product_chosen(self, code: str) -> None:
        self.draft.product_code = code
        self.draft.priced = None
        self._show_product()
        self._update_summary()
        self.amount.setFocus()

    def _denomination_clicked(self, amount: int) -> None:
        product = self._product()
        if product is None:
            return
        self.amount.setText(fmt.amount_text(Money(amount, product.currency)))
        self._amount_edited(self.amount.text())
        self.amount_entered()  # one tap: amount chosen, on to payment

    def _parse_amount(self, text: str) -> Money:
        currency = self.terminal.currency if self.terminal else self.catalog.currency
        return Money.parse(text, currency)

    def _amount_edited(self, text: str) -> None:
        self._clear_error(self.amount, self.amount_hint)
        product = self._product()
        self.draft.amount_text = text
        self.draft.face = None
        self.draft.priced = None
        self.bonus.setText("")
        if product is None or not text:
            self._update_summary()
            return
        try:
            face = self._parse_amount(text)
            product.check_amount(face.amount)
        except DomainError:
            self._update_summary()
            return
        self.draft.face = face
        self._show_bonus(product, face)
        self._update_summary()

    def _bonus_for(self, product: Product, face: Money) -> tuple[Money, str | None]:
        if self.catalog is None:
            return Money.zero(face.currency), None
        amount, code = self.catalog.bonus(product, face.amount, self._now())
        promo = next((p.name for p in self.catalog.promotions if p.code == code), code) if code else None
        return Money(amount, face.currency), promo

    def _show_bonus(self, product: Product, face: Money) -> None:
        bonus, promo = self._bonus_for(product, face)
        if bonus.amount:
            self.bonus.setText(self.tr("Bonus +%1 — %2").replace("%1", fmt.money(bonus, self.locale_name))
                               .replace("%2", promo or ""))
        else:
            self.bonus.setText("")

    def amount_entered(self) -> None:
        if self.step is not Step.AMOUNT:
            return
        product = self._product()
        if product is None:
            self._error(self.amount, self.amount_hint, self.tr("Choose a product first."))
            return
        try:
            face = self._parse_amount(self.amount.text())
        except ValidationError as exc:
            self._error(self.amount, self.amount_hint, E.friendly(exc) if self.amount.text()
                        else self.tr("Type the amount, or tap one."))
            self.amount.setFocus()
            return
        # A typed amount that is not one of this product's fixed amounts goes to the operator's
        # any-amount product, if there is one (the keyboard path never needs the mouse).
        if product.kind is not ProductKind.RANGE and face.amount not in product.denominations:
            ranged = next((p for p in self._products() if p.kind is ProductKind.RANGE), None)
            if ranged is not None:
                product = ranged
                self.draft.product_code = ranged.code
                self.products.select(ranged.code)
                self._show_product()
        self.draft.face = face
        try:
            product.check_amount(face.amount)
            if self.catalog is not None and face.amount > self.catalog.limits.max_sale:
                raise ValidationError("amount_above_sale_limit", "")
        except DomainError as exc:
            self._error(self.amount, self.amount_hint, self._amount_message(exc))
            self.draft.face = None
            self.amount.setFocus()
            return
        self._enter_payment_step()

    # ------------------------------------------------------------------ step 3: payment

    def _price(self) -> Money | None:
        product = self._product()
        if product is None or self.draft.face is None:
            return None
        return self.draft.face + Money(product.fee, product.currency)

    def _enter_payment_step(self) -> None:
        price = self._price()
        self.pay_total.setText(self.tr("To pay %1").replace("%1", fmt.money(price, self.locale_name)))
        self._rebuild_quick_cash(price)
        self.methods.select(self.draft.method.value)
        self._method_chosen(self.draft.method.value, focus=False)
        self._tendered_edited(self.tendered.text())
        self._go(Step.PAYMENT)

    def _rebuild_quick_cash(self, price: Money | None) -> None:
        while self.quick_cash.count():
            item = self.quick_cash.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if price is None:
            return
        unit = 10 ** 2 if price.currency else 1
        options: list[int] = [price.amount]
        for note in (50, 100, 200, 500, 1000):
            value = note * unit
            rounded = -(-price.amount // value) * value
            if rounded > price.amount and rounded not in options:
                options.append(rounded)
        for amount in options[:5]:
            money = Money(amount, price.currency)
            text = self.tr("Exact") if amount == price.amount else fmt.money(money, self.locale_name, short=True)
            btn = QPushButton(text, self.quick_cash_box)
            name(btn, f"sale.quickCash.{amount}", self.tr("Cash handed over: %1").replace(
                "%1", fmt.money(money, self.locale_name)))
            btn.setProperty("role", "quick")
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(lambda _=False, m=money: self._quick_cash(m))
            self.quick_cash.addWidget(btn)
        self.quick_cash.addStretch(1)

    def _quick_cash(self, money: Money) -> None:
        self.tendered.setText(fmt.amount_text(money))
        self._tendered_edited(self.tendered.text())
        self.tendered.setFocus()

    def _method_chosen(self, key: str, focus: bool = True) -> None:
        self.draft.method = PaymentMethod(key)
        self.draft.priced = None
        cash = self.draft.method is PaymentMethod.CASH
        self.cash_box.setVisible(cash)
        self.ref_box.setVisible(not cash)
        if focus:
            (self.tendered if cash else self.reference).setFocus()
        self._update_summary()

    def _tendered_edited(self, text: str) -> None:
        self._clear_error(self.tendered, self.tendered_hint)
        self.draft.tendered_text = text
        self.draft.priced = None
        price = self._price()
        self.change.setText("")
        self.tendered_hint.setText("")
        if price is None or not text:
            return
        try:
            tendered = self._parse_amount(text)
        except ValidationError:
            return
        if tendered < price:
            self.tendered_hint.setText(self.tr("%1 short").replace("%1", fmt.money(price - tendered, self.locale_name)))
            set_state(self.tendered_hint, "warn")
        else:
            self.change.setText(self.tr("Change %1").replace("%1", fmt.money(tendered - price, self.locale_name)))

    def _request(self) -> SaleRequest:
        assert self.draft.msisdn is not None and self.draft.face is not None and self.draft.product_code
        tendered = None
        reference = None
        if self.draft.method is PaymentMethod.CASH:
            tendered = self._parse_amount(self.tendered.text()).amount
        else:
            reference = self.reference.text().strip()
        return SaleRequest(msisdn=self.draft.msisdn.e164, product_code=self.draft.product_code,
                           face=self.draft.face.amount, payment_method=self.draft.method, tendered=tendered,
                           reference=reference)

    def payment_entered(self) -> None:
        if self.step is not Step.PAYMENT or self.actor is None:
            return
        price = self._price()
        if price is None:
            self._go(Step.AMOUNT)
            return
        try:
            if self.draft.method is PaymentMethod.CASH:
                if not self.tendered.text():
                    raise ValidationError("tendered_missing", "")
                take_payment(self.draft.method, price, self._parse_amount(self.tendered.text()))
            else:
                take_payment(self.draft.method, price, None, self.reference.text())
            request = self._request()
        except DomainError as exc:
            self.show_error(exc)
            return
        gen = self._gen
        self.runner.run(self.app.sell.quote, self.actor, request, owner=self, name="sales.quote",
                        on_done=lambda priced: self._quoted(gen, priced),
                        on_error=lambda exc: self._gen == gen and self.show_error(exc))

    def _quoted(self, gen: int, priced: PricedSale) -> None:
        if gen != self._gen:
            return
        self.draft.priced = priced
        self._show_confirm(priced)
        self._go(Step.CONFIRM)

    # ------------------------------------------------------------------ step 4: confirm

    def _show_confirm(self, priced: PricedSale) -> None:
        loc = self.locale_name
        self.confirm_number.setText(priced.msisdn.national())
        self.confirm_intl.setText(priced.msisdn.international())
        op = self.catalog.operator(priced.product.operator_code).name if self.catalog else priced.product.operator_code
        self.confirm_rows["product"].setText(f"{op} · {priced.product.name}")
        self.confirm_rows["face"].setText(fmt.money(priced.face, loc))
        promo = ""
        if priced.promotion_code and self.catalog is not None:
            promo = next((p.name for p in self.catalog.promotions if p.code == priced.promotion_code), "")
        self.confirm_rows["bonus"].setText(
            (f"+{fmt.money(priced.bonus, loc)}" + (f" — {promo}" if promo else "")) if priced.bonus.amount
            else self.tr("none"))
        self.confirm_rows["price"].setText(fmt.money(priced.price, loc))
        pay = priced.payment
        if pay.method is PaymentMethod.CASH:
            text = self.tr("Cash %1 · change %2").replace("%1", fmt.money(pay.tendered, loc)).replace(
                "%2", fmt.money(pay.change, loc))
        else:
            text = self.tr("%1 · ref %2").replace("%1", self._method_name(pay.method)).replace("%2", pay.reference or "")
        self.confirm_rows["payment"].setText(text)
        self.confirm_ok.setEnabled(True)
        self.confirm_ok.setText(self.tr("Confirm sale (Enter)"))

    def _method_name(self, method: PaymentMethod) -> str:
        return {PaymentMethod.CASH: self.tr("Cash"), PaymentMethod.CARD: self.tr("Card"),
                PaymentMethod.MOBILE_MONEY: self.tr("Mobile money")}[method]

    def confirm(self) -> None:
        if self.step is not Step.CONFIRM or self.recording or self.actor is None or self.draft.priced is None:
            return
        try:
            request = self._request()
        except DomainError as exc:
            self.show_error(exc)
            return
        self.recording = True  # one sale per confirm: a second Enter does nothing
        self.confirm_ok.setEnabled(False)
        self.confirm_ok.setText(self.tr("Recording…"))
        self.confirm_back.setEnabled(False)
        self.banner.clear()
        # Sell records, tries the server (fast path) and queues the receipt. The result shows as
        # soon as the sale is durable; the server's answer updates it when the call returns.
        self.runner.run(self.app.sell, self.actor, request, on_recorded=self.runner.relay(self._recorded, owner=self),
                        owner=self, name="sell", on_done=lambda outcome: self._refreshed(outcome.sale),
                        on_error=self._record_failed)

    def _recorded(self, record: SaleRecord) -> None:
        self.recording = False
        self.confirm_back.setEnabled(True)
        self.last_sale = record
        self.sale_recorded.emit(record)
        self.show_result(record)

    def _record_failed(self, exc: BaseException) -> None:
        if self.last_sale is not None and self.step is Step.RESULT and not self.recording:
            self.banner.show_message(E.friendly(exc), "error")  # recorded already; only the follow-up failed
            return
        self.recording = False
        self.confirm_back.setEnabled(True)
        self.confirm_ok.setEnabled(True)
        self.confirm_ok.setText(self.tr("Confirm sale (Enter)"))
        self.show_error(exc)
        if self.step is Step.CONFIRM:
            self.confirm_ok.setFocus()

    # ------------------------------------------------------------------ result

    def show_result(self, record: SaleRecord) -> None:
        self.result = record
        self._render_result(record)
        self._go(Step.RESULT)
        if record.status is SaleStatus.QUEUED:
            self._poll_left = max(0, self.settings.get(opt.RESULT_POLL_SECONDS))
            if self._poll_left:
                self._poll.start()

    def _render_result(self, r: SaleRecord) -> None:
        loc = self.locale_name
        status = r.status
        change_text = ""
        if status is SaleStatus.CONFIRMED:
            set_state(self.result_status, "success")
            self.result_status.setText(self.tr("✓ SUCCESS"))
            self.result_headline.setText(self.tr("%1 sent to %2.").replace("%1", fmt.money(r.face, loc)).replace(
                "%2", fmt.msisdn_display(r.msisdn, self._region())))
            self.result_detail.setText(self.tr("The network confirmed it. Reference: %1").replace(
                "%1", r.server_ref or "—"))
            if r.change is not None:
                change_text = self.tr("Give change: %1").replace("%1", fmt.money(r.change, loc))
        elif status is SaleStatus.REJECTED:
            set_state(self.result_status, "rejected")
            self.result_status.setText(self.tr("✕ REJECTED"))
            self.result_headline.setText(self.tr("The top-up was refused. Nothing was charged."))
            reason = E.friendly(DomainError(r.reject_code or "rejected", r.reject_message or "")) \
                if r.reject_code else (r.reject_message or self.tr("No reason given."))
            self.result_detail.setText(self.tr("Reason: %1").replace("%1", reason))
            change_text = self.tr("Give back %1").replace("%1", fmt.money(r.tendered or r.price, loc)) \
                if r.payment_method is PaymentMethod.CASH else self.tr("Refund the %1 payment.").replace(
                    "%1", self._method_name(r.payment_method))
        else:
            set_state(self.result_status, "pending")
            self.result_status.setText(self.tr("PENDING"))
            self.result_headline.setText(self.tr("Recorded on this till. Not confirmed by the network yet."))
            self.result_detail.setText(self.tr(
                "The till sends it by itself as soon as it can reach the server. Tell the customer the airtime "
                "should arrive shortly; the receipt says PENDING. Do not sell it again — if it fails, it shows "
                "in History under Needs attention."))
            if r.change is not None:
                change_text = self.tr("Give change: %1").replace("%1", fmt.money(r.change, loc))
        self.result_change.setText(change_text)
        self.result_change.setVisible(bool(change_text))
        if r.voucher_pin and status is not SaleStatus.REJECTED:
            self.result_voucher.setText(self.tr("PIN %1   serial %2").replace("%1", _group(r.voucher_pin)).replace(
                "%2", r.voucher_serial or ""))
            self.result_voucher.show()
        else:
            self.result_voucher.hide()
        self.result_info.setText(self.tr("Receipt %1 · %2 · %3 · %4").replace("%1", r.receipt_no).replace(
            "%2", mask_e164(r.msisdn)).replace("%3", r.product_name).replace("%4", fmt.money(r.price, loc)))

    def _poll_result(self) -> None:
        if self.step is not Step.RESULT or self.result is None or self.actor is None or self._poll_left <= 0:
            self._poll.stop()
            return
        self._poll_left -= 1
        self.refresh_result()

    def refresh_result(self) -> None:
        """Ask the store for the shown sale's status again (the sync engine changes it)."""
        if self.result is None or self.actor is None:
            return
        sale_id = self.result.id
        self.runner.run(self.app.sales.get_sale, self.actor, sale_id, owner=self, name="sales.get_sale",
                        on_done=self._refreshed, on_error=E.logged("refreshing the result"))

    def _refreshed(self, record: SaleRecord) -> None:
        if self.step is Step.RESULT and self.result is not None and record.id == self.result.id:
            if record.status != self.result.status:
                self.result = record
                self._render_result(record)
            if record.status is not SaleStatus.QUEUED:
                self._poll.stop()
        if self.last_sale is not None and record.id == self.last_sale.id:
            self.last_sale = record

    # ------------------------------------------------------------------ repeat last top-up

    def _update_repeat(self) -> None:
        self.repeat_button.setEnabled(self.last_sale is not None and not self.recording)
        if self.last_sale is not None:
            self.repeat_button.setToolTip(self.tr("Sell again: %1 to %2").replace(
                "%1", fmt.money(self.last_sale.face, self.locale_name)).replace("%2", mask_e164(self.last_sale.msisdn)))

    def repeat_last(self) -> None:
        """F5: the last top-up's number, network, product and amount, ready for payment."""
        last = self.last_sale
        if last is None or self.recording or self.catalog is None:
            return
        self.new_sale()
        region = self._region()
        try:
            msisdn = parse_msisdn(last.msisdn, region)
        except ValidationError:
            return
        self.msisdn.setText(msisdn.national())
        self._number_edited(self.msisdn.text())
        self._set_operator(last.operator_code, manual=True)
        self.draft.msisdn = msisdn
        self.draft.product_code = last.product_code
        self.draft.method = PaymentMethod.CASH  # a new payment is taken every time
        self.amount.setText(fmt.amount_text(last.face))
        self._enter_amount_step()
        self._amount_edited(self.amount.text())
        self.banner.show_message(self.tr("Repeating the last top-up: check the number with the customer."),
                                 "info", 6000)
        if self.draft.face is not None:
            self.amount_entered()

    # ------------------------------------------------------------------ summary

    def _update_summary(self) -> None:
        loc = self.locale_name
        d = self.draft
        s = self.summary
        s["number"].setText(d.msisdn.national() if d.msisdn else (d.number_text or "—"))
        op = None
        if self.catalog is not None and d.operator:
            try:
                op = self.catalog.operator(d.operator).name
            except DomainError:
                op = d.operator
        s["operator"].setText(op or "—")
        product = self._product()
        s["product"].setText(product.name if product else "—")
        s["face"].setText(fmt.money(d.face, loc) if d.face else "—")
        if product is not None and d.face is not None:
            bonus, _promo = self._bonus_for(product, d.face)
            s["bonus"].setText(f"+{fmt.money(bonus, loc)}" if bonus.amount else self.tr("none"))
        else:
            s["bonus"].setText("—")
        price = self._price()
        s["price"].setText(fmt.money(price, loc) if price else "—")
        s["payment"].setText(self._method_name(d.method))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _national_digits(text: str, region: str) -> str:
    """Best guess at the national significant number of a partly typed number (for the suggestion)."""
    import phonenumbers

    digits = _digits(text)
    stripped = text.strip()
    cc = str(phonenumbers.country_code_for_region(region))
    if stripped.startswith("+") or stripped.startswith("00"):
        digits = digits[2:] if stripped.startswith("00") else digits
        return digits[len(cc):] if digits.startswith(cc) else ""
    if digits.startswith("0"):
        return digits[1:]
    if digits.startswith(cc) and len(digits) > len(cc) + 6:
        return digits[len(cc):]
    return digits


def _group(pin: str) -> str:
    return " ".join(pin[i:i + 4] for i in range(0, len(pin), 4))


__all__ = ["Draft", "SaleScreen", "Step"]
