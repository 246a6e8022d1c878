"""Manager approval: a manager types their user name and PIN at the clerk's till for one
protected action, with a reason. The check is ``auth.approve(username, pin, permission)`` in the
use cases (roles are enforced there; this dialog only asks)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from topup_core.errors import DomainError
from pos_app.domain.roles import Actor, Permission

from ..errors import friendly
from ..tasks import TaskRunner
from ..util import button, heading, name, set_state


@dataclass(frozen=True)
class Approval:
    approver: Actor
    permission: Permission
    reason: str


class ApprovalDialog(QDialog):
    approved = Signal(object)  # Approval

    def __init__(self, app, runner: TaskRunner, permission: Permission, action: str,  # noqa: ANN001
                 parent: QWidget | None = None, *, reason_required: bool = True,
                 usernames: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setAccessibleName(self.tr("Manager approval"))
        self.setWindowTitle(self.tr("Manager approval"))
        self.setModal(True)
        self.app = app
        self.runner = runner
        self.permission = permission
        self.reason_required = reason_required
        self.approval: Approval | None = None
        self._busy = False

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("A manager must approve this"), self))
        what = QLabel(action, self)
        what.setWordWrap(True)
        name(what, "approval.action", self.tr("Action to approve"))
        layout.addWidget(what)

        form = QFormLayout()
        self.user = QComboBox(self)
        self.user.setEditable(True)
        self.user.addItems(usernames or [])
        self.user.setCurrentText("")
        name(self.user, "approval.user", self.tr("Manager's user name"))
        form.addRow(self.tr("Manager"), self.user)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setValidator(QRegularExpressionValidator(r"\d{0,8}", self.pin))
        name(self.pin, "approval.pin", self.tr("Manager's PIN"))
        form.addRow(self.tr("PIN"), self.pin)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("Why? (kept with the approval)"))
        name(self.reason, "approval.reason", self.tr("Reason"))
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        name(self.message, "approval.message", self.tr("Approval message"))
        layout.addWidget(self.message)

        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(self.tr("Cancel (Esc)"), "approval.cancel", self.tr("Cancel"), parent=self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = button(self.tr("Approve (Enter)"), "approval.ok", self.tr("Approve"), kind="primary",
                                parent=self)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.pin.returnPressed.connect(self.submit)
        self.reason.returnPressed.connect(self.submit)
        self.setMinimumWidth(420)

    def set_user(self, username: str) -> None:
        self.user.setCurrentText(username)

    def _say(self, text: str, state: str = "error") -> None:
        self.message.setText(text)
        set_state(self.message, state)

    def submit(self) -> None:
        if self._busy:
            return
        username = self.user.currentText().strip()
        if not username:
            self._say(self.tr("Type the manager's user name."))
            self.user.setFocus()
            return
        if not self.pin.text():
            self._say(self.tr("The manager types their PIN."))
            self.pin.setFocus()
            return
        if self.reason_required and not self.reason.text().strip():
            self._say(self.tr("Say why, in a few words."))
            self.reason.setFocus()
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self._say(self.tr("Checking…"), "info")
        self.runner.run(self.app.auth.approve, username, self.pin.text(), self.permission,
                        on_done=self._approved, on_error=self._refused, owner=self, name="auth.approve")

    def _approved(self, approver: Actor) -> None:
        self._busy = False
        self.approval = Approval(approver, self.permission, self.reason.text().strip())
        self._say(self.tr("Approved by %1.").replace("%1", approver.display_name), "ok")
        self.approved.emit(self.approval)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        if isinstance(exc, DomainError) and exc.code == "permission_denied":
            self._say(self.tr("That person is not allowed to approve this. A manager must type their own PIN."))
        else:
            self._say(friendly(exc))

    def keyPressEvent(self, event) -> None:  # noqa: ANN001
        if event.key() == Qt.Key.Key_Escape and self._busy:
            return  # let the check finish
        super().keyPressEvent(event)
