"""Open and close a shift with a cash count by note and coin.

The close dialog shows, per payment method, what is expected, what was counted and the variance,
live as the clerk types the pieces. Above the threshold the service answers `approval_required`;
the dialog then asks a manager (ApprovalDialog, CLOSE_DAY) and tries again with the approval."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from topup_core.errors import DomainError
from topup_core.money import Money, currency_exponent
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.shift import (MAX_PIECES, CashCount, MethodVariance, counted_by_method, needs_approval,
                                  notes_and_coins, reconcile)

from .. import format as fmt
from ..errors import friendly
from ..tasks import TaskRunner
from ..util import button, heading, name, set_state
from ..widgets.approval import Approval, ApprovalDialog



def method_label(method: str) -> str:
    return {"cash": QCoreApplication.translate("ShiftCloseDialog", "Cash"),
            "card": QCoreApplication.translate("ShiftCloseDialog", "Card"),
            "mobile_money": QCoreApplication.translate("ShiftCloseDialog", "Mobile money")}[method]


class CashCountWidget(QWidget):
    """One spin box per note and coin; `changed` whenever a count changes."""

    changed = Signal()

    def __init__(self, currency: str, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.locale = locale
        self.boxes: dict[int, QSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        notes, coins = notes_and_coins(currency)
        for col, (title, denoms) in enumerate(((self.tr("Notes"), notes), (self.tr("Coins"), coins))):
            grid.addWidget(heading(title, self, "h3"), 0, col * 2, 1, 2)
            for row, denom in enumerate(denoms, start=1):
                label = QLabel(fmt.money(Money(denom * 10 ** currency_exponent(currency), currency), locale, short=True),
                               self)
                box = QSpinBox(self)
                box.setRange(0, MAX_PIECES)
                box.setAccelerated(True)
                name(box, f"count.{denom}", self.tr("Pieces of %1").replace("%1", label.text()))
                box.valueChanged.connect(lambda _v: self.changed.emit())
                label.setBuddy(box)
                grid.addWidget(label, row, col * 2)
                grid.addWidget(box, row, col * 2 + 1)
                self.boxes[denom] = box

    def set_pieces(self, pieces: dict[int, int]) -> None:
        for denom, box in self.boxes.items():
            box.setValue(pieces.get(denom, 0))

    def count(self) -> CashCount:
        return CashCount(self.currency, {d: b.value() for d, b in self.boxes.items() if b.value()})


class ShiftOpenDialog(QDialog):
    opened = Signal(object)  # ShiftView

    def __init__(self, app, runner: TaskRunner, actor: Actor, locale: str = "en",  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftOpenDialog")
        self.setWindowTitle(self.tr("Open shift"))
        self.app, self.runner, self.actor, self.locale = app, runner, actor, locale
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Count the cash in the drawer"), self))
        self.counter = CashCountWidget(app.terminal.info.currency, locale, self)
        layout.addWidget(self.counter)
        self.total = QLabel(self)
        name(self.total, "shiftOpen.total", self.tr("Opening cash"))
        self.total.setProperty("role", "total")
        layout.addWidget(self.total)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        name(self.message, "shiftOpen.message", self.tr("Message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button(self.tr("Cancel (Esc)"), "shiftOpen.cancel", self.tr("Cancel"), parent=self)
        cancel.setAutoDefault(False)  # Enter in a count field opens the shift (issue 12), Esc cancels
        cancel.clicked.connect(self.reject)
        self.ok = button(self.tr("Open shift"), "shiftOpen.ok", self.tr("Open shift"), kind="primary", parent=self)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)
        self.counter.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.total.setText(self.tr("Opening cash: %1").replace("%1", fmt.money(self.counter.count().total,
                                                                                 self.locale)))

    def submit(self) -> None:
        self.ok.setEnabled(False)
        self.runner.run(self.app.shifts.open_shift, self.actor, self.counter.count(), owner=self,
                        name="shifts.open", on_done=self._done, on_error=self._failed)

    def _done(self, shift) -> None:  # noqa: ANN001
        self.opened.emit(shift)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText(friendly(exc))
        set_state(self.message, "error")


class ShiftCloseDialog(QDialog):
    """Close the actor's open shift (or `shift_id`, for a manager) with a count."""

    closed = Signal(object)  # ShiftView

    def __init__(self, app, runner: TaskRunner, actor: Actor, locale: str = "en",  # noqa: ANN001
                 parent: QWidget | None = None, shift_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftCloseDialog")
        self.setAccessibleName(self.tr("Close shift"))
        self.setWindowTitle(self.tr("Close shift"))
        self.app, self.runner, self.actor, self.locale, self.shift_id = app, runner, actor, locale, shift_id
        self.currency = app.terminal.info.currency
        self.preview = None
        self.approval: Approval | None = None
        self.result_shift = None
        self.approval_dialog: ApprovalDialog | None = None

        layout = QVBoxLayout(self)
        self.title = heading(self.tr("Close shift"), self)
        layout.addWidget(self.title)
        self.counter = CashCountWidget(self.currency, locale, self)
        layout.addWidget(self.counter)
        others = QFormLayout()
        self.others: dict[str, QLineEdit] = {}
        for method in ("card", "mobile_money"):
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr("total on the slip / statement"))
            name(edit, f"counted.{method}", self.tr("%1 counted").replace("%1", method_label(method)))
            edit.textChanged.connect(self._update)
            others.addRow(self.tr("%1 counted").replace("%1", method_label(method)), edit)
            self.others[method] = edit
        layout.addLayout(others)
        self.table = QGridLayout()
        for col, text in enumerate((self.tr("Method"), self.tr("Expected"), self.tr("Counted"), self.tr("Variance"))):
            self.table.addWidget(heading(text, self, "h3"), 0, col)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, method in enumerate(("cash", "card", "mobile_money"), start=1):
            self.table.addWidget(QLabel(method_label(method), self), row, 0)
            cells = tuple(QLabel("—", self) for _ in range(3))
            for col, cell in enumerate(cells, start=1):
                name(cell, f"shiftClose.{method}.{('expected', 'counted', 'variance')[col - 1]}",
                     f"{method_label(method)} {('expected', 'counted', 'variance')[col - 1]}")
                self.table.addWidget(cell, row, col)
            self.cells[method] = cells
        layout.addLayout(self.table)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        name(self.message, "shiftClose.message", self.tr("Message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button(self.tr("Cancel (Esc)"), "shiftClose.cancel", self.tr("Cancel"), parent=self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.ok = button(self.tr("Close shift"), "shiftClose.ok", self.tr("Close shift"), kind="primary", parent=self)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        self.ok.setEnabled(False)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)
        self.counter.changed.connect(self._update)
        self.runner.run(app.shifts.preview_close, actor, shift_id, owner=self, name="shifts.preview",
                        on_done=self._previewed, on_error=self._failed)

    # --- figures ---

    def _previewed(self, preview) -> None:  # noqa: ANN001
        self.preview = preview
        self.title.setText(self.tr("Close shift of %1 — %2 sales").replace("%1", preview.shift.clerk_name)
                           .replace("%2", str(preview.sales_count)))
        self.ok.setEnabled(True)
        self._update()

    def others_counted(self) -> dict[str, Money]:
        """Card / mobile money totals typed from their slips (a method left empty counts as expected)."""
        return {m: Money.parse(e.text().strip(), self.currency) for m, e in self.others.items() if e.text().strip()}

    def counted(self) -> dict[str, Money]:
        expected = self.preview.expected if self.preview is not None else {}
        return counted_by_method(expected, self.counter.count().total, self.others_counted())

    def _update(self) -> None:
        if self.preview is None:
            return
        try:
            counted = self.counted()
        except DomainError as exc:
            self._say(friendly(exc))
            return
        variances = {v.method: v for v in reconcile(self.preview.expected, counted)}
        for method, (exp_l, cnt_l, var_l) in self.cells.items():
            v = variances.get(method) or MethodVariance(method, Money.zero(self.currency), Money.zero(self.currency))
            exp_l.setText(fmt.money(v.expected, self.locale))
            cnt_l.setText(fmt.money(v.counted, self.locale))
            var_l.setText(fmt.money(v.variance, self.locale))
            big = needs_approval([v], self.preview.threshold)
            set_state(var_l, "error" if big else ("warn" if v.variance.amount else "ok"))
        if needs_approval(variances.values(), self.preview.threshold):
            self._say(self.tr("Off by more than %1: a manager will have to approve.").replace(
                "%1", fmt.money(self.preview.threshold, self.locale)), "warn")
        else:
            self._say("", None)

    def _say(self, text: str, state: str | None = "error") -> None:
        self.message.setText(text)
        set_state(self.message, state)

    # --- closing ---

    def submit(self) -> None:
        try:
            others = self.others_counted()
        except DomainError as exc:
            self._say(friendly(exc))
            return
        self.ok.setEnabled(False)
        approval = self.approval
        self.runner.run(self.app.shifts.close_shift, self.actor, self.counter.count(), others,
                        approver=approval.approver if approval else None, reason=approval.reason if approval else "",
                        shift_id=self.shift_id or (self.preview.shift.id if self.preview else None), owner=self,
                        name="shifts.close", on_done=self._closed, on_error=self._failed)

    def _closed(self, shift) -> None:  # noqa: ANN001
        self.result_shift = shift
        self.closed.emit(shift)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(self.preview is not None)
        if isinstance(exc, DomainError) and exc.code == "approval_required" and self.approval is None:
            self._say(friendly(exc), "warn")
            self.approval_dialog = ApprovalDialog(self.app, self.runner, Permission.CLOSE_DAY,
                                                  self.tr("Close this shift with the count as it is."), self)
            self.approval_dialog.approved.connect(self._approved)
            self.approval_dialog.open()
            return
        self._say(friendly(exc))

    def _approved(self, approval: Approval) -> None:
        self.approval = approval
        self.submit()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok.isEnabled():
            self.submit()
            return
        super().keyPressEvent(event)
