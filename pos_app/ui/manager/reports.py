"""X report, closing the day (Z) with a manager's approval, stored Z reports, and exports
(PDF, CSV, the Z slip on the receipt printer)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QLineEdit  # issue 12 (counter)
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QSplitter, QVBoxLayout, QWidget)

from topup_core.errors import DomainError
from pos_app.domain.reports import Report
from pos_app.domain.roles import Actor, Permission
from pos_app.reports.text import report_text

from ..errors import friendly
from ..tasks import TaskRunner
from ..util import button, heading, name
from ..widgets.approval import Approval, ApprovalDialog
from ..widgets.banner import Banner


class ReportsView(QWidget):
    def __init__(self, app, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("manager.reports")
        self.app, self.runner = app, runner
        self.viewer: Actor | None = None
        self.locale = "en"
        self.report: Report | None = None
        self.dialog: ApprovalDialog | None = None
        root = QVBoxLayout(self)
        # issue 12 item 14: the banner floats over a slot kept for it at the top (one line tall), so
        # the buttons below never move when a message comes or goes (as the sale screen's banner).
        self.banner_slot = QWidget(self)
        self.banner_slot.setObjectName("reports.bannerSlot")
        root.addWidget(self.banner_slot)
        self.banner = Banner("reports.banner", self).overlay(self, self.banner_slot)
        self._size_banner_slot()
        bar = QHBoxLayout()
        self.x_button = button(self.tr("X report (snapshot)"), "reports.x", self.tr("Show an X report"), parent=self)
        self.x_button.clicked.connect(self.load_x)
        self.z_button = button(self.tr("Close the day (Z)…"), "reports.z", self.tr("Close the business day"),
                               kind="primary", parent=self)
        self.z_button.clicked.connect(self.ask_close)
        self.carry = QCheckBox(self.tr("Carry over unsent sales"), self)
        name(self.carry, "reports.carryOver", self.tr("Carry over unsent sales"))
        self.pdf_button = button(self.tr("Save PDF…"), "reports.pdf", self.tr("Save as PDF"), parent=self)
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.csv_button = button(self.tr("Save CSV…"), "reports.csv", self.tr("Save as CSV"), parent=self)
        self.csv_button.clicked.connect(lambda: self.ask_export("csv"))
        self.print_button = button(self.tr("Print slip"), "reports.print", self.tr("Print the report slip"),
                                   icon_name="printer", parent=self)
        self.print_button.clicked.connect(self.print_slip)
        for w in (self.x_button, self.z_button, self.carry, self.pdf_button, self.csv_button, self.print_button):
            bar.addWidget(w)
        bar.addStretch(1)
        root.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)  # issue 12: the list says what it is
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.z_heading = heading(self.tr("Closed days (Z reports)"), left, "h3")
        self.z_heading.setObjectName("reports.zHeading")
        lv.addWidget(self.z_heading)
        self.z_list = QListWidget(left)
        name(self.z_list, "reports.zList", self.tr("Closed days"))
        self.z_list.itemActivated.connect(self._open_z)
        self.z_list.itemClicked.connect(self._open_z)
        lv.addWidget(self.z_list, 1)
        self.text = QPlainTextEdit(split)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)  # the report's columns line up
        self.text.setFont(mono)
        self.text.setStyleSheet('QPlainTextEdit { font-family: "DejaVu Sans Mono", "Consolas", "%s", monospace; '
                                'font-size: 14px; }' % mono.family())  # (the app's QSS names a font for all)
        name(self.text, "reports.text", self.tr("Report"))
        split.addWidget(left)
        split.addWidget(self.text)
        split.setStretchFactor(1, 3)
        root.addWidget(split, 1)
        self._update_buttons()


    def _size_banner_slot(self) -> None:
        """The slot is as tall as a one-line banner (its text or its close key, whichever is taller)."""
        self.banner.ensurePolished()
        for child in self.banner.findChildren(QWidget):
            child.ensurePolished()
        m = self.banner.layout().contentsMargins()
        close = self.banner.findChild(QWidget, "reports.banner.close")
        line = max(self.banner.label.fontMetrics().height(), close.sizeHint().height() if close else 0)
        self.banner_slot.setFixedHeight(line + m.top() + m.bottom())

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self._size_banner_slot()  # the style sheet is applied by now
        super().showEvent(event)
    def _update_buttons(self) -> None:
        has = self.report is not None
        self.pdf_button.setEnabled(has)
        self.csv_button.setEnabled(has)
        self.print_button.setEnabled(has)

    def set_viewer(self, viewer: Actor | None, locale: str) -> None:
        self.viewer, self.locale = viewer, locale
        self.reload_list()
        self.load_x()

    def reload_list(self) -> None:
        if self.viewer is None:
            return
        self.runner.run(self.app.reports.z_reports, self.viewer, owner=self, name="reports.list",
                        on_done=self._listed, on_error=self._failed)

    def _listed(self, summaries) -> None:  # noqa: ANN001
        self.z_list.clear()
        for s in summaries:
            item = QListWidgetItem(f"Z #{s.z_no} · {s.business_day} · {s.server_state}")
            item.setData(Qt.ItemDataRole.UserRole, s.z_no)
            self.z_list.addItem(item)

    def load_x(self) -> None:
        if self.viewer is None:
            return
        self.runner.run(self.app.reports.x_report, self.viewer, owner=self, name="reports.x",
                        on_done=self.show_report, on_error=self._failed)

    def _open_z(self, item: QListWidgetItem) -> None:
        self.runner.run(self.app.reports.z_report, self.viewer, item.data(Qt.ItemDataRole.UserRole),
                        owner=self, name="reports.z_one", on_done=self.show_report, on_error=self._failed)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.text.setPlainText("\n".join(report_text(report, self.locale)))
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(friendly(exc), "error")

    # --- closing the day ---

    def ask_close(self) -> None:
        """Look for shifts still open first (issue 12: the day used to close over them unsaid)."""
        if self.viewer is None:
            return
        self.z_button.setEnabled(False)
        self.runner.run(self.app.close_day.open_shifts, self.viewer, owner=self, name="reports.open_shifts",
                        on_done=self._confirm_close, on_error=lambda exc: (self.z_button.setEnabled(True),
                                                                          self._failed(exc)))

    def _confirm_close(self, open_shifts: list[str]) -> None:
        self.z_button.setEnabled(True)
        action = self.tr("Close the business day with a numbered Z report. It cannot be changed afterwards.")
        if self.carry.isChecked():
            action += " " + self.tr("Unsent sales will be carried over, and the report will say so.")
        if open_shifts:
            action += " " + QCoreApplication.translate(
                "ReportsView", "%n shift(s) still open: %1. Close them first, or close the day anyway.", "",
                len(open_shifts)).replace("%1", ", ".join(open_shifts))
        if self.viewer is not None and self.viewer.can(Permission.CLOSE_DAY) and self.carry.isChecked():
            # issue 12: carrying over needs a reason, not a second PIN from the manager at the screen
            self._ask_carry_reason(action)
            return
        if self.viewer is not None and self.viewer.can(Permission.CLOSE_DAY) and not self.carry.isChecked():
            # The manager at the screen already showed their PIN to get here: confirm, do not ask again.
            box = QMessageBox(QMessageBox.Icon.Warning if open_shifts else QMessageBox.Icon.Question,
                              self.tr("Close the day"), action,
                              QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self)
            box.setObjectName("reports.confirmClose")
            box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Close the day"))
            box.setDefaultButton(QMessageBox.StandardButton.Cancel if open_shifts else QMessageBox.StandardButton.Ok)
            self.confirm_box = box
            box.accepted.connect(lambda: self._close_approved(Approval(self.viewer, Permission.CLOSE_DAY, "")))
            box.open()
            return
        self.dialog = ApprovalDialog(self.app, self.runner, Permission.CLOSE_DAY, action, self,
                                     reason_required=self.carry.isChecked())
        self.dialog.approved.connect(self._close_approved)
        self.dialog.open()

    confirm_box: QMessageBox | None = None
    reason_box: QInputDialog | None = None

    def _ask_carry_reason(self, action: str) -> None:
        box = QInputDialog(self)
        box.setObjectName("reports.carryReason")
        box.setWindowTitle(self.tr("Close the day"))
        box.setLabelText(action + "\n\n" + self.tr("Why are unsent sales carried over? (kept in the audit log)"))
        box.setOkButtonText(self.tr("Close the day"))
        box.setTextValue("")
        for label in box.findChildren(QLabel):  # the action's sentence wraps: the dialog fits a 1024 px till
            label.setWordWrap(True)
        box.setMaximumWidth(min(640, max(360, self.window().width() - 80)))
        field = box.findChild(QLineEdit)
        if field is not None:
            name(field, "reports.carryReasonText", self.tr("Reason"))
            field.setMaxLength(200)
        buttons = box.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons is not None else None
        if ok is not None:
            ok.setEnabled(False)  # a reason is required; with shifts open, Enter does nothing until one is typed
            box.textValueChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        box.textValueSelected.connect(
            lambda text: self._close_approved(Approval(self.viewer, Permission.CLOSE_DAY, text.strip())))
        self.reason_box = box
        box.open()

    def _close_approved(self, approval: Approval) -> None:
        actor = self.viewer or approval.approver
        self.runner.run(self.app.close_day, actor, approver=approval.approver,
                        carry_over=self.carry.isChecked(), reason=approval.reason, owner=self, name="reports.close",
                        on_done=self._closed, on_error=self._close_failed)

    def _closed(self, report: Report) -> None:
        self.banner.show_message(self.tr("Day closed: Z report #%1.").replace("%1", str(report.z_no)), "info", 6000)
        self.carry.setChecked(False)
        self.show_report(report)
        self.reload_list()
        self.print_slip()

    def _close_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError) and exc.code == "z_unsent_sales":
            self.banner.show_message(friendly(exc) + " " + self.tr("Tick “Carry over unsent sales” to close anyway."),
                                     "warn")
            return
        self._failed(exc)

    # --- exports ---

    def ask_export(self, kind: str) -> None:
        if self.report is None:
            return
        default = f"{'Z' + str(self.report.z_no) if self.report.kind == 'Z' else 'X'}-{self.report.last_day}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), str(Path.home() / default),
                                              "PDF (*.pdf)" if kind == "pdf" else "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        self.runner.run(self.app.export_report, self.report, path, self.locale, owner=self, name="reports.export",
                        on_done=lambda p: self.banner.show_message(self.tr("Saved %1").replace("%1", p), "info", 5000),
                        on_error=self._failed)

    def print_slip(self) -> None:
        if self.report is None or self.viewer is None:
            return
        self.runner.run(self.app.close_day.print_slip, self.viewer, self.report, self.locale, owner=self,
                        name="reports.print",
                        on_done=lambda _j: self.banner.show_message(self.tr("Slip sent to the printer."), "info", 4000),
                        on_error=self._failed)
