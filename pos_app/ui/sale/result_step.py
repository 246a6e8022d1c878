"""Step 5: what happened, plainly: SUCCESS with the server's reference, REJECTED with the reason
and the money to give back, or PENDING and what that means for the customer. A voucher's PIN shows
large. The first digit typed starts the next sale."""
from __future__ import annotations


from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from topup_core.errors import DomainError
from topup_core.formatting import group_pin
from topup_core.msisdn import mask_e164
from topup_core.payment import PaymentMethod
from pos_app.application.sales import refund_due
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus

from .. import errors as E
from .. import format as fmt
from ..util import button, name, set_state
from ..widgets.receipt_panel import ReceiptPanel
from .words import _t, method_name, page


class ResultStep(QWidget):
    next_customer = Signal(str)  # what the clerk typed to start it ("" for Enter or the button)
    updated = Signal(object)  # SaleRecord: the shown sale's newer state

    def __init__(self, sales, runner, parent: QWidget | None = None, print_jobs=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.sales, self.runner = sales, runner  # app.sales (SaleQueries), the TaskRunner
        self.sale: SaleRecord | None = None
        self.actor = None
        self.region, self.locale = "", "en"
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._tick)
        self._poll_left = 0
        p, v = page(self, 1280)

        def label(object_name: str, accessible: str, role: str | None = None, wrap: bool = True) -> QLabel:
            lab = QLabel("", p)
            lab.setWordWrap(wrap)
            if role:
                lab.setProperty("role", role)
            name(lab, object_name, accessible)
            v.addWidget(lab)
            return lab

        self.result_status = label("sale.result.status", _t("Sale result"), "resultStatus", wrap=False)
        self.result_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_headline = label("sale.result.headline", _t("What happened"), "h2")
        self.result_detail = label("sale.result.detail", _t("What it means for the customer"))
        self.result_change = label("sale.result.change", _t("Cash to give back"), "change")
        self.result_voucher = label("sale.result.voucher", _t("Voucher PIN"), "voucher", wrap=False)
        self.result_voucher.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_info = label("sale.result.info", _t("Receipt"), "muted")
        self.receipt = ReceiptPanel(print_jobs, runner, p) if print_jobs is not None else None  # issue 12
        if self.receipt is not None:
            v.addWidget(self.receipt)
        v.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.result_next = button(_t("Next customer (Enter)"), "sale.result.next", _t("Next customer"),
                                  kind="primary", icon_name="next", parent=p)
        self.result_next.setMinimumWidth(240)
        self.result_next.clicked.connect(lambda: self.next_customer.emit(""))
        self.first_field = self.result_next
        row.addWidget(self.result_next)
        v.addLayout(row)

    def show_result(self, sale: SaleRecord, actor, region: str, locale: str, watch_s: int = 0) -> None:  # noqa: ANN001
        """Show `sale`; while it is PENDING, ask every second for up to `watch_s` (the sync worker moves it)."""
        self.actor, self.region, self.locale = actor, region, locale
        self.show_sale(sale, region, locale)
        if self.receipt is not None:
            self.receipt.track(actor, sale.id)
        self._poll_left = max(0, watch_s) if sale.status is SaleStatus.QUEUED else 0
        if self._poll_left:
            self._poll.start()

    def refresh(self) -> None:
        if self.sale is not None and self.actor is not None:
            self.runner.run(self.sales.get_sale, self.actor, self.sale.id, owner=self, name="sales.get_sale",
                            on_done=self.answer, on_error=E.logged("refreshing the result"))

    def answer(self, sale: SaleRecord) -> None:
        """A newer state of a sale (the fast path's answer, or a refresh)."""
        if self.sale is not None and sale.id == self.sale.id and sale.status != self.sale.status:
            self.show_sale(sale, self.region, self.locale)
        self.updated.emit(sale)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ready for the next customer at once: Enter, or the first digit of the next number."""
        text = event.text()
        if text.isdigit() or text == "+" or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_customer.emit(text if text.isdigit() or text == "+" else "")
            event.accept()
            return
        super().keyPressEvent(event)

    def stop_watching(self) -> None:
        self._poll.stop()
        if self.receipt is not None:
            self.receipt.clear()

    def _tick(self) -> None:
        if self._poll_left <= 0:
            self._poll.stop()
            return
        self._poll_left -= 1
        self.refresh()

    def show_sale(self, r: SaleRecord, region: str, locale: str) -> None:
        self.sale = r
        if r.status is not SaleStatus.QUEUED:
            self._poll.stop()
        change_text = ""
        if r.status is SaleStatus.CONFIRMED:
            set_state(self.result_status, "success")
            self.result_status.setText(_t("✓ SUCCESS"))
            self.result_headline.setText(_t("%1 sent to %2.").replace("%1", fmt.money(r.face, locale)).replace(
                "%2", fmt.msisdn_display(r.msisdn, region)))
            self.result_detail.setText(_t("The network confirmed it. Reference: %1").replace("%1", r.server_ref or "—"))
            if r.change is not None:
                change_text = _t("Give change: %1").replace("%1", fmt.money(r.change, locale))
        elif r.status is SaleStatus.REJECTED:
            set_state(self.result_status, "rejected")
            self.result_status.setText(_t("✕ REJECTED"))
            self.result_headline.setText(_t("The top-up was refused. Nothing was charged."))
            reason = E.friendly(DomainError(r.reject_code, r.reject_message or "")) if r.reject_code \
                else (r.reject_message or _t("No reason given."))
            self.result_detail.setText(_t("Reason: %1").replace("%1", reason))
            change_text = _t("Give back %1").replace("%1", fmt.money(refund_due(r), locale)) \
                if r.payment_method is PaymentMethod.CASH else _t("Refund the %1 payment.").replace(
                    "%1", method_name(r.payment_method))
            if r.payment_method is PaymentMethod.POINTS:  # till-points: no money changed hands
                change_text = _t("The customer's points were not used. Take another payment.")
        elif r.status is SaleStatus.DISPUTED:  # issue 12: as History shows it, with what to do
            set_state(self.result_status, "disputed")
            self.result_status.setText(_t("⚠ DISPUTED"))
            self.result_headline.setText(_t("The server already has this sale under another record."))
            answer = r.reject_message or r.reject_code or ""
            self.result_detail.setText(
                (_t("Server's answer: %1").replace("%1", answer) + "\n" if answer else "")
                + _t("Do not sell it again and do not give money back yet. Call your manager: they settle it in "
                     "History → Needs attention, where the server's record decides."))
        else:
            set_state(self.result_status, "pending")
            self.result_status.setText(_t("PENDING"))
            self.result_headline.setText(_t("Recorded on this till. Not confirmed by the network yet."))
            self.result_detail.setText(_t(
                "The till sends it by itself as soon as it can reach the server. Tell the customer the airtime "
                "should arrive shortly; the receipt says PENDING. Do not sell it again — if it fails, it shows "
                "in History under Needs attention."))
            if r.change is not None:
                change_text = _t("Give change: %1").replace("%1", fmt.money(r.change, locale))
        self.result_change.setText(change_text)
        self.result_change.setVisible(bool(change_text))
        if r.voucher_pin and r.status is not SaleStatus.REJECTED:
            self.result_voucher.setText(_t("PIN %1   serial %2").replace("%1", group_pin(r.voucher_pin)).replace(
                "%2", r.voucher_serial or ""))
            self.result_voucher.show()
        else:
            self.result_voucher.hide()
        self.result_info.setText(_t("Receipt %1 · %2 · %3 · %4").replace("%1", r.receipt_no).replace(
            "%2", mask_e164(r.msisdn)).replace("%3", r.product_name).replace("%4", fmt.money(r.price, locale)))
