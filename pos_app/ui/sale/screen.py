"""The counter: sell a top-up in seconds, keyboard or touch, and never to a wrong number.

Steps (Escape goes back one):  number ⏎ → amount ⏎ → payment ⏎ → confirm ⏎ → result. This module
only wires: the rules live in the SaleDraft (pos_app/application/sale_draft.py), one widget per step
shows it, and the use cases (`app.sell`, `app.sales`) run through the task runner.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from topup_core.catalog import Catalog
from topup_core.errors import DomainError
from pos_app.application import settings as bs
from pos_app.application.sale_draft import SaleDraft, Step
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor
from pos_app.domain.sale import PricedSale

from .. import errors as E
from .. import settings as opt
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..widgets.banner import Banner
from .amount_step import AmountStep
from .confirm_step import ConfirmStep
from .customer_panel import CustomerPanel
from .offer_words import with_reason
from .number_step import NumberStep
from .payment_step import PaymentStep
from .result_step import ResultStep
from .side_panel import SidePanel
from .top_bar import TopBar
from .words import _t, lay_out

class SaleScreen(QWidget):
    wants_history = Signal()
    wants_lock = Signal()
    sale_recorded = Signal(object)  # SaleRecord
    session_ended = Signal(str)  # message: the window goes to the lock screen, the draft is kept

    def __init__(self, app, runner: TaskRunner, settings: UiSettings, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("saleScreen")
        self.setAccessibleName(self.tr("Sale"))
        self.app, self.runner, self.settings = app, runner, settings
        self.actor: Actor | None = None
        self.locale_name = "en"
        self.draft = SaleDraft(bs.COUNTRY.default, bs.CURRENCY.default, app.clock.now)  # the shop's: set_shop
        self.last_sale: SaleRecord | None = None
        self.recording = False
        self._gen = 0  # bumps on every navigation; late answers for an old step are dropped

        self.bar = TopBar(self)
        self.repeat_button = self.bar.repeat_button
        for btn, slot in ((self.repeat_button, self.repeat_last), (self.bar.history_button, self.wants_history.emit),
                          (self.bar.lock_button, self.wants_lock.emit)):
            btn.clicked.connect(slot)
        self.banner = Banner("sale.banner", self)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("sale.pages")
        locale = lambda: self.locale_name  # noqa: E731
        self.number_page = NumberStep(self.draft, self)
        self.amount_page = AmountStep(self.draft, locale, self)
        self.payment_page = PaymentStep(self.draft, locale, self)
        self.payment_page.points_quote = getattr(app, "points_pay", None) and app.points_pay.quote  # issue 14
        self.confirm_page, self.result_page = ConfirmStep(self), ResultStep(app.sales, runner, self, app.print_jobs)
        for widget in (self.number_page, self.amount_page, self.payment_page, self.confirm_page, self.result_page):
            self.pages.addWidget(widget)
        self.side = SidePanel(self, settings.get(opt.SHOW_NUMPAD))
        self.customer = CustomerPanel(app.customer, runner, self.side)  # issue 14: the customer beside the sale
        self.side.add_customer(self.customer)  # issue 12: in the side column's scrolling info area
        self.customer.consent, self.customer.actor = getattr(app, "consent", None), lambda: self.actor  # till-points
        self.customer.amount_chosen.connect(self._suggested_amount)
        self.customer.repeat_chosen.connect(self._repeat)
        self.customer.filled.connect(self._customer_facts)  # issue 14 (offers): targeted bonus preview
        lay_out(self, self.bar, self.banner, self.pages, self.side)

        for step, entered in ((self.number_page, self.number_entered), (self.amount_page, self.amount_entered),
                              (self.payment_page, self.payment_entered)):
            step.changed.connect(self._refresh_side)
            step.entered.connect(entered)
        self.confirm_page.confirmed.connect(self.confirm)
        self.confirm_page.back.connect(self.back)
        self.result_page.next_customer.connect(self._next_customer)
        self.result_page.updated.connect(self._updated)
        self.new_sale()

    step = property(lambda self: self.draft.step)
    result = property(lambda self: self.draft.result)  # the sale the result step shows

    def start_session(self, actor: Actor, keep_draft: bool) -> None:
        same = self.actor is not None and self.actor.user_id == actor.user_id
        self.actor = actor
        if keep_draft and same:
            self._go(self.step)
            return
        self.last_sale = None
        self.new_sale()
        self.runner.run(self.app.sales.recent, actor, 1, on_done=self._got_last, on_error=E.logged("the last sale"),
                        owner=self, name="sales.recent(1)")

    def _got_last(self, sales: list[SaleRecord]) -> None:
        self.last_sale = self.last_sale or (sales[0] if sales else None)
        self.bar.show_last(self.last_sale, not self.recording, self.locale_name)

    def set_shop(self, terminal, locale_name: str) -> None:  # noqa: ANN001 - TerminalInfo
        """The shop's country and currency (its settings) and the clerk's number formats."""
        self.locale_name = locale_name
        self.draft.country, self.draft.currency = terminal.country, terminal.currency
        self.customer.set_shop(terminal.timezone, locale_name)
        self.payment_page.timezone = terminal.timezone  # till-points: "as of" in the shop's time
        self.number_page.set_example(*self.draft.example_number())
        if self.step is Step.NUMBER and not self.draft.number_text:
            self.number_page.reset()

    def set_catalog(self, catalog: Catalog) -> None:
        self.draft.catalog = catalog
        self.number_page.set_operators(catalog)
        self.banner.clear()

    def show_catalog_problem(self, text: str) -> None:
        self.banner.show_message(text, "error")

    def _go(self, step: Step) -> None:
        self._gen += 1
        self.draft.go(step)
        self.pages.setCurrentIndex(int(step))
        self.bar.show_step(int(step))
        self.side.setVisible(step in (Step.NUMBER, Step.AMOUNT, Step.PAYMENT))
        if step is not Step.RESULT:
            self.result_page.stop_watching()
        self._refresh_side()
        self.pages.currentWidget().first_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def back(self) -> None:
        """Escape: one step back. Never while a sale is being recorded."""
        if self.recording:
            return
        self.banner.clear()
        if self.step is Step.RESULT:
            self.new_sale()
        elif self.step is Step.NUMBER:
            self.number_page.show_check(self.draft.type_number(""))
            self.number_page.msisdn.setFocus()
        else:
            self._go(Step(int(self.step) - 1))

    def _next_customer(self, typed: str) -> None:
        self.new_sale()
        if typed:  # the first digit of the next number starts the next sale
            self.number_page.msisdn.insert(typed)
            self.number_page.typed(self.number_page.msisdn.text())

    def new_sale(self) -> None:
        if self.recording:
            return
        self.draft.reset()
        for page in (self.number_page, self.amount_page, self.payment_page):
            page.reset()
        self.banner.clear()
        self._go(Step.NUMBER)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.back()
        elif key in (Qt.Key.Key_F5, Qt.Key.Key_F8, Qt.Key.Key_F12):
            {Qt.Key.Key_F5: self.repeat_last, Qt.Key.Key_F8: self.wants_history.emit,
             Qt.Key.Key_F12: self.wants_lock.emit}[key]()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _attempt(self, step: Step, action):  # noqa: ANN001, ANN202
        """Run the draft's rule for Enter on `step`; a DomainError goes to its field (None returned)."""
        if self.step is not step or self.actor is None:
            return None
        try:
            return action() or True
        except DomainError as exc:
            self.show_error(exc)
            return None

    def number_entered(self) -> None:
        if self._attempt(Step.NUMBER, self.draft.number_entered):
            self.amount_page.enter()
            self._go(Step.AMOUNT)

    def amount_entered(self) -> None:
        before = self.draft.product_code
        if self._attempt(Step.AMOUNT, lambda: self.draft.amount_entered(self.amount_page.amount.text())):
            if self.draft.product_code != before:  # a typed amount moved to the any-amount product
                self.amount_page.show_product()
            self.payment_page.enter()
            self._go(Step.PAYMENT)

    def payment_entered(self) -> None:
        request = self._attempt(Step.PAYMENT, self.draft.payment_entered)
        if request is None:
            return
        gen = self._gen
        self.runner.run(self.app.sell.quote, self.actor, request, owner=self, name="sell.quote",
                        on_done=lambda priced: self._quoted(gen, priced),
                        on_error=lambda exc: self._gen == gen and self.show_error(exc))

    def _quoted(self, gen: int, priced: PricedSale) -> None:
        if gen != self._gen:
            return
        self.draft.quoted(priced)
        d = self.draft
        self.confirm_page.show_sale(priced, d.operator_name(priced.product.operator_code),
                                    with_reason(d.promotion_name(priced.promotion_code), priced.bonus_reason),
                                    self.locale_name)
        self._go(Step.CONFIRM)

    def confirm(self) -> None:
        if self.step is not Step.CONFIRM or self.recording or self.actor is None or self.draft.priced is None:
            return
        try:
            request = self.draft.request()
        except DomainError as exc:
            self.show_error(exc)
            return
        self.recording = True  # one sale per confirm: a second Enter does nothing
        self.confirm_page.set_recording(True)
        self.banner.clear()
        # Sell records, tries the server (fast path) and queues the receipt. The result shows as soon
        # as the sale is durable; the server's answer updates it when the call returns.
        self.runner.run(self.app.sell, self.actor, request, on_recorded=self.runner.relay(self._recorded, owner=self),
                        owner=self, name="sell", on_done=lambda outcome: self.result_page.answer(outcome.sale),
                        on_error=self._record_failed)

    def _recorded(self, record: SaleRecord) -> None:
        self.recording = False
        self.confirm_page.set_recording(False)
        self.last_sale = record
        self.sale_recorded.emit(record)
        self.show_result(record)

    def _record_failed(self, exc: BaseException) -> None:
        if self.step is Step.RESULT and not self.recording:
            self.banner.show_message(E.friendly(exc), "error")  # recorded already; only the follow-up failed
            return
        self.recording = False
        self.confirm_page.set_recording(False)
        self.show_error(exc)
        if self.step is Step.CONFIRM:
            self.confirm_page.confirm_ok.setFocus()

    def show_result(self, record: SaleRecord) -> None:
        self.draft.recorded(record)
        self._go(Step.RESULT)
        self.result_page.show_result(record, self.actor, self.draft.country, self.locale_name,
                                     self.settings.get(opt.RESULT_POLL_SECONDS))

    def refresh_result(self) -> None:  # ask for the shown sale's status again (the sync worker moves it)
        self.result_page.refresh()

    def _updated(self, record: SaleRecord) -> None:
        if self.result is not None and record.id == self.result.id:
            self.draft.result = record
        if self.last_sale is not None and record.id == self.last_sale.id:
            self.last_sale = record

    def repeat_last(self) -> None:
        """F5: the last top-up's number, network, product and amount, ready for payment."""
        self._repeat(self.last_sale)

    def _suggested_amount(self, amount: int) -> None:
        """A suggested amount tapped in the customer panel: on to the amount, then the payment."""
        if self.step is Step.NUMBER:
            self.number_entered()
        if self.step is Step.AMOUNT:
            self.amount_page._tapped(amount)

    def _repeat(self, last) -> None:  # noqa: ANN001 - a SaleRecord, or the customer panel's RepeatLast
        if last is None or self.recording or self.draft.catalog is None:
            return
        self.new_sale()
        try:
            self.draft.repeat(last)
        except DomainError as exc:
            self.show_error(exc)
            return
        step = self.draft.step
        self.number_page.typed(self.draft.number_text)
        self.banner.show_message(self.tr("Repeating the last top-up: check the number with the customer."), "info", 6000)
        self.amount_page.enter()
        self._go(Step.AMOUNT)
        if step is Step.PAYMENT:
            self.amount_entered()

    def _customer_facts(self, view) -> None:  # noqa: ANN001 - a CustomerView
        """The customer's facts (server, cached or this till's own) price targeted bonuses; the
        amount step's preview is redone at once when an amount is already typed."""
        if self.draft.msisdn is None or view.msisdn != self.draft.msisdn.e164:
            return
        self.draft.customer_facts = view.facts
        if self.step is Step.AMOUNT and self.draft.amount_text:
            self.amount_page.typed(self.draft.amount_text)

    def _refresh_side(self) -> None:
        self.side.show_summary(self.draft.summary(), self.locale_name)
        self.customer.show_number(self.draft.msisdn.e164 if self.draft.msisdn is not None else None)
        self.bar.show_last(self.last_sale, not self.recording, self.locale_name)

    def show_error(self, exc: BaseException) -> None:
        """Put an error where the clerk can fix it; the draft is always kept."""
        if isinstance(exc, DomainError) and exc.code == "session_expired":
            self.session_ended.emit(E.friendly(exc))
            return
        where = E.field_of(exc.code) if isinstance(exc, DomainError) else E.FIELD_GENERAL
        text = E.friendly(exc, self.locale_name)
        p = self.payment_page
        at = {E.FIELD_MSISDN: (Step.NUMBER, self.number_page.show_error),
              E.FIELD_OPERATOR: (Step.NUMBER, self.number_page.show_operator_error),
              E.FIELD_AMOUNT: (Step.AMOUNT, self.amount_page.show_error),
              E.FIELD_TENDERED: (Step.PAYMENT, lambda text: p.show_error(p.tendered, text)),
              E.FIELD_REFERENCE: (Step.PAYMENT, lambda text: p.show_error(p.reference, text))}
        if where in at:
            step, show = at[where]
            if step is not self.step:
                self._go(step)
            show(text)
            return
        if not isinstance(exc, DomainError) and self.step is Step.CONFIRM:
            text = _t("The till could not tell whether this sale was saved (%1). Check History (F8) "
                      "before selling it again.").replace("%1", type(exc).__name__)
        self.banner.show_message(text, "error")
