"""Reverse a confirmed sale by the catalog's refund policy (issue 14, item 4): the reason code, what
the policy says, the customer's remaining balance and what a (partial) reversal would take back and
refund, then one manager's approval, or two different managers' above the policy's amount.

The dialog only asks; the use case (`app.reverse`) checks the policy again and the server decides."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from topup_core.errors import DomainError
from topup_core.money import Money
from topup_core.msisdn import mask_e164
from topup_core.refunds import REASON_CODES
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission

from ..errors import friendly
from ..format import money as _money
from ..tasks import TaskRunner
from ..util import button, heading, name, set_state


def _t(text: str) -> str:
    from PySide6.QtCore import QCoreApplication
    return QCoreApplication.translate("ReverseDialog", text)


def reason_names() -> dict[str, str]:
    return {"wrong_number": _t("Wrong number"), "wrong_amount": _t("Wrong amount"),
            "customer_request": _t("Customer changed their mind"), "not_received": _t("Top-up not received"),
            "duplicate": _t("Sold twice"), "other": _t("Other")}


@dataclass(frozen=True)
class ReversalApproval:
    approver: Actor
    second_approver: Actor | None
    reason_code: str
    reason: str
    allow_partial: bool


class ReverseDialog(QDialog):
    confirmed = Signal(object)  # ReversalApproval

    def _m(self, value: Money) -> str:
        return _money(value, self.locale_name) if self.locale_name else _money(value)

    def __init__(self, app, runner: TaskRunner, actor: Actor, sale: SaleRecord,  # noqa: ANN001
                 parent: QWidget | None = None, *, timezone_name: str = "UTC", locale_name: str | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("reverseDialog")
        self.setWindowTitle(self.tr("Reverse sale"))
        self.setAccessibleName(self.tr("Reverse sale"))
        self.setModal(True)
        self.app, self.runner, self.actor, self.sale = app, runner, actor, sale
        self.timezone_name = timezone_name
        self.locale_name = locale_name
        self.preview = app.reverse.preview(actor, sale.id)  # a local read: the policy of the sale's catalog
        self.needed = self.preview.approvers_needed
        self._busy = False
        self._first: Actor | None = None

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading(self.tr("Reverse sale %1").replace("%1", sale.receipt_no), self))
        self.summary = QLabel(self.tr("%1 of airtime to %2, paid %3.").replace("%1", self._m(sale.face)).replace(
            "%2", mask_e164(sale.msisdn)).replace("%3", self._m(sale.price)), self)
        name(self.summary, "reverse.summary", self.tr("The sale"))
        layout.addWidget(self.summary)
        self.policy = QLabel(self._policy_text(), self)
        self.policy.setWordWrap(True)
        name(self.policy, "reverse.policy", self.tr("Refund policy"))
        layout.addWidget(self.policy)
        self.balance = QLabel(self.tr("Checking the customer's balance…"), self)
        self.balance.setWordWrap(True)
        name(self.balance, "reverse.balance", self.tr("What the reversal takes back"))
        set_state(self.balance, "info")
        layout.addWidget(self.balance)

        form = QFormLayout()
        self.reason_code = QComboBox(self)
        for code in REASON_CODES:
            self.reason_code.addItem(reason_names()[code], code)
        self.reason_code.setCurrentIndex(-1)
        self.reason_code.setPlaceholderText(self.tr("Pick a reason"))
        name(self.reason_code, "reverse.reason_code", self.tr("Reason for the reversal"))
        form.addRow(self.tr("Reason"), self.reason_code)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("In a few words (kept with the reversal)"))
        name(self.reason, "reverse.reason", self.tr("Reason in words"))
        form.addRow(self.tr("Details"), self.reason)
        self.partial = QCheckBox(self.tr("Allow a partial reversal: take back only what remains"), self)
        name(self.partial, "reverse.partial", self.tr("Allow a partial reversal"))
        policy = self.preview.policy
        self.partial.setEnabled(policy is None or policy.partial)
        form.addRow("", self.partial)
        self.user, self.pin = self._manager_fields(form, "reverse.user", "reverse.pin", self.tr("Manager"))
        self.user2 = self.pin2 = None
        if self.needed == 2:
            self.user2, self.pin2 = self._manager_fields(form, "reverse.user2", "reverse.pin2",
                                                         self.tr("Second manager"))
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        name(self.message, "reverse.message", self.tr("Reversal message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(self.tr("Cancel (Esc)"), "reverse.cancel", self.tr("Cancel"), parent=self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = button(self.tr("Reverse (Enter)"), "reverse.ok", self.tr("Reverse"), kind="primary",
                                parent=self)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.setMinimumWidth(480)
        self.runner.run(self.app.customer.lookup, sale.msisdn, False, owner=self, name="reverse.balance",
                        on_done=self._balance_known, on_error=lambda _exc: self._balance_unknown())

    # ------------------------------------------------------------ what it shows

    def _manager_fields(self, form: QFormLayout, user_name: str, pin_name: str, label: str
                        ) -> tuple[QLineEdit, QLineEdit]:
        user = QLineEdit(self)
        user.setPlaceholderText(self.tr("user name"))
        name(user, user_name, label)
        pin = QLineEdit(self)
        pin.setEchoMode(QLineEdit.EchoMode.Password)
        pin.setMaxLength(8)
        pin.setValidator(QRegularExpressionValidator(r"\d{0,8}", pin))
        pin.setPlaceholderText(self.tr("PIN"))
        name(pin, pin_name, label + " PIN")
        pin.returnPressed.connect(self.submit)
        both = QHBoxLayout()
        both.addWidget(user, 2)
        both.addWidget(pin, 1)
        form.addRow(label, both)
        return user, pin

    def _policy_text(self) -> str:
        p = self.preview.policy
        if p is None:
            return self.tr("This till does not hold the sale's catalog: the server applies its refund policy.")
        parts = [p.text] if p.text else []
        if self.preview.window_ends_at_ms is not None:
            from zoneinfo import ZoneInfo
            ends = datetime.fromtimestamp(self.preview.window_ends_at_ms / 1000, tz=timezone.utc)
            parts.append(self.tr("Can be reversed until %1.").replace(
                "%1", ends.astimezone(ZoneInfo(self.timezone_name)).strftime("%d %b %H:%M")))
        if self.needed == 2:
            parts.append(self.tr("Above %1, two different managers approve.").replace(
                "%1", self._m(Money(p.second_approver_above or 0, self.preview.currency))))
        else:
            parts.append(self.tr("A manager approves."))
        if p.declared and not p.partial:
            parts.append(self.tr("Full reversals only."))
        return " ".join(parts)

    def _balance_known(self, view) -> None:  # noqa: ANN001 - pos_app.application.customer.CustomerView
        main = next((b.amount for b in view.buckets if b.kind == "main"), None)
        if not view.from_server or main is None:
            self._balance_unknown()
            return
        self.show_recovery(main)

    def show_recovery(self, main_held: int) -> None:
        preview = self.app.reverse.preview(self.actor, self.sale.id, main_held)
        r, cur = preview.recovery, preview.currency
        if r.recovered <= 0:
            self.balance.setText(self.tr("The customer has already used all of the airtime: it cannot be "
                                         "taken back."))
            set_state(self.balance, "error")
            self._fit()
            return
        if not r.partial:
            self.balance.setText(self.tr("The customer still holds all of it: a full reversal. Refund %1.").replace(
                "%1", self._m(Money(r.refund, cur))))
            set_state(self.balance, "ok")
            self._fit()
            return
        text = self.tr("Partial: %1 of %2 remains. Takes back %1, the %3 bonus and the points of this sale; "
                       "refund the customer %4 (they keep %5 they used).").replace(
            "%1", self._m(Money(r.recovered, cur))).replace("%2", self._m(self.sale.face)).replace(
            "%3", self._m(self.sale.bonus)).replace("%4", self._m(Money(r.refund, cur))).replace(
            "%5", self._m(Money(r.kept, cur)))
        self.balance.setText(text)
        if self.partial.isEnabled():
            self.partial.setChecked(True)
            set_state(self.balance, "warn")
        else:
            self.balance.setText(text + " " + self.tr("The refund policy allows full reversals only."))
            set_state(self.balance, "error")
        self._fit()

    def _balance_unknown(self) -> None:
        self.balance.setText(self.tr("The customer's balance is not known now. If part of the airtime was used, "
                                     "the server takes back only what remains when a partial reversal is allowed."))
        set_state(self.balance, "info")
        self._fit()

    def _say(self, text: str, state: str = "error") -> None:
        self.message.setText(text)
        set_state(self.message, state)
        self._fit()

    def _fit(self) -> None:
        """The wrapped labels grow when the balance or a message arrives: grow the dialog with them."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    # ------------------------------------------------------------ approving

    def submit(self) -> None:
        if self._busy:
            return
        if self.reason_code.currentIndex() < 0:
            self._say(self.tr("Pick the reason for the reversal."))
            self.reason_code.setFocus()
            return
        if not self.reason.text().strip():
            self._say(self.tr("Say why, in a few words."))
            self.reason.setFocus()
            return
        for user, pin in ((self.user, self.pin), (self.user2, self.pin2)):
            if user is None:
                continue
            if not user.text().strip() or not pin.text():
                self._say(self.tr("Each manager types their user name and PIN."))
                (user if not user.text().strip() else pin).setFocus()
                return
        if self.user2 is not None and self.user.text().strip().casefold() == self.user2.text().strip().casefold():
            self._say(friendly(DomainError("second_approver_same", "")))
            self.user2.setFocus()
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self._say(self.tr("Checking…"), "info")
        self.runner.run(self.app.auth.approve, self.user.text().strip(), self.pin.text(), Permission.REVERSE_SALE,
                        on_done=self._first_approved, on_error=self._refused, owner=self, name="auth.approve")

    def _first_approved(self, approver: Actor) -> None:
        self._first = approver
        if self.user2 is None:
            self._done(None)
            return
        self.runner.run(self.app.auth.approve, self.user2.text().strip(), self.pin2.text(), Permission.REVERSE_SALE,
                        on_done=self._done, on_error=self._refused, owner=self, name="auth.approve2")

    def _done(self, second: Actor | None) -> None:
        self._busy = False
        assert self._first is not None
        if second is not None and second.user_id == self._first.user_id:
            self.ok_button.setEnabled(True)
            self._say(friendly(DomainError("second_approver_same", "")))
            return
        approval = ReversalApproval(self._first, second, str(self.reason_code.currentData()),
                                    self.reason.text().strip(), self.partial.isChecked())
        self.confirmed.emit(approval)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        for pin in (self.pin, self.pin2):
            if pin is not None:
                pin.clear()
        self.pin.setFocus()
        if isinstance(exc, DomainError) and exc.code == "permission_denied":
            self._say(self.tr("That person is not allowed to approve this. A manager must type their own PIN."))
        else:
            self._say(friendly(exc))

    def keyPressEvent(self, event) -> None:  # noqa: ANN001
        if event.key() == Qt.Key.Key_Escape and self._busy:
            return
        super().keyPressEvent(event)
