"""History → Needs attention → receipts that did not print: failed and in-doubt print jobs from
`app.print_jobs.attention()`, and what the clerk can do with each — Retry, Re-route (another
printer or a PDF folder), Confirm printed, Print a COPY, Dismiss. Which of them a job allows is
the use case's rule (a job that may have printed is never resent as the original); the buttons
only follow it."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from pos_app.application.clock import ms_to_datetime
from pos_app.application.records import FAILED, IN_DOUBT, JobView

from .. import errors as E
from .. import format as fmt
from ..util import button, heading, name
from ..widgets.printer_address import PrinterAddressDialog
from ..widgets.printer_words import printer_message


def _t(text: str) -> str:
    return QCoreApplication.translate("PrintJobs", text)


def state_name(state: str) -> str:
    return {FAILED: _t("Did not print"), IN_DOUBT: _t("May have printed")}.get(state, state)


def advice(job: JobView) -> str:
    if job.state == IN_DOUBT:
        return _t("Look at the printer. If the receipt printed, press Confirm printed. If not, print a COPY "
                  "(it says COPY: the first one may still come out).")
    if job.untouched:
        return _t("It never reached the printer, so it prints by itself when the printer answers again. Or "
                  "press Retry, Re-route it to another printer or a PDF file, or Dismiss it.")
    return _t("Fix the printer (paper, cover, cable), then press Retry; or Re-route it to another printer "
              "or a PDF file; or Dismiss it.")


class PrintJobsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[JobView] = []
        self.timezone = "UTC"

    def set_jobs(self, jobs: list[JobView]) -> None:
        self.beginResetModel()
        self.jobs = list(jobs)
        self.endResetModel()

    def job(self, row: int) -> JobView | None:
        return self.jobs[row] if 0 <= row < len(self.jobs) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.jobs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_t("Time"), _t("Receipt"), _t("State"), _t("Printer"), _t("What happened")][section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        job = self.job(index.row())
        if job is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [fmt.local_time(ms_to_datetime(job.created_at_ms), self.timezone), job.title,
                    state_name(job.state), job.printer_uri.split("?")[0], printer_message(job.last_error)][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QBrush(QColor("#b3261e" if job.state == FAILED else "#8a5a00"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return advice(job)
        return None


class PrintJobsPanel(QWidget):
    """`load(actor)` reads the jobs; `changed(count)` after each load."""

    changed = Signal(int)

    def __init__(self, print_jobs, runner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.print_jobs, self.runner = print_jobs, runner
        self.actor = None
        self.loading = False
        self.dialog: PrinterAddressDialog | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 6, 0, 0)
        v.setSpacing(6)
        self.title = heading(_t("Receipts that did not print"), self, "h3")
        v.addWidget(self.title)
        self.model = PrintJobsModel(self)
        self.table = QTableView(self)
        name(self.table, "attention.jobs", _t("Receipts that did not print"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        v.addWidget(self.table, 1)
        self.advice = QLabel("", self)
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        name(self.advice, "attention.jobs.advice", _t("What to do with this receipt"))
        v.addWidget(self.advice)
        row = QHBoxLayout()
        self.retry_button = button(_t("Retry"), "attention.jobs.retry", _t("Print it again on its printer"),
                                   icon_name="refresh", parent=self)
        self.reroute_button = button(_t("Re-route…"), "attention.jobs.reroute",
                                     _t("Print it on another printer or as a PDF file"), icon_name="printer", parent=self)
        self.confirm_button = button(_t("Confirm printed"), "attention.jobs.confirm", _t("It did print"), parent=self)
        self.copy_button = button(_t("Print a COPY"), "attention.jobs.copy", _t("Print a COPY instead"), parent=self)
        self.dismiss_button = button(_t("Dismiss"), "attention.jobs.dismiss", _t("Give up on this receipt"),
                                     icon_name="x", parent=self)
        for b in (self.retry_button, self.reroute_button, self.confirm_button, self.copy_button, self.dismiss_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        name(self.message, "attention.jobs.message", _t("Message"))
        v.addWidget(self.message)
        self.retry_button.clicked.connect(lambda: self._act(self.print_jobs.retry))
        self.reroute_button.clicked.connect(self._reroute)
        self.confirm_button.clicked.connect(lambda: self._act(self.print_jobs.confirm_printed))
        self.copy_button.clicked.connect(lambda: self._act(self.print_jobs.reprint_copy))
        self.dismiss_button.clicked.connect(lambda: self._act(self.print_jobs.dismiss))
        self._selected()

    def set_timezone(self, timezone: str) -> None:
        self.model.timezone = timezone

    def load(self, actor) -> None:  # noqa: ANN001
        self.actor = actor
        if actor is None or self.loading:
            return
        self.loading = True
        self.runner.run(self.print_jobs.attention, actor, owner=self, name="print_jobs.attention",
                        on_done=self._loaded, on_error=self._failed)

    def _loaded(self, jobs: list[JobView]) -> None:
        self.loading = False
        keep = self.selected()
        self.model.set_jobs(jobs)
        row = next((i for i, j in enumerate(jobs) if keep is not None and j.id == keep.id), 0)
        if jobs:
            self.table.selectRow(row)
        self._selected()
        self.setVisible(bool(jobs))
        self.changed.emit(len(jobs))

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._say(E.friendly(exc), "error")

    def selected(self) -> JobView | None:
        return self.model.job(self.table.currentIndex().row())

    def _selected(self) -> None:
        job = self.selected()
        failed, doubt = job is not None and job.state == FAILED, job is not None and job.state == IN_DOUBT
        self.retry_button.setEnabled(failed)
        self.reroute_button.setEnabled(failed or doubt)
        self.reroute_button.setText(_t("COPY on another printer…") if doubt else _t("Re-route…"))
        self.confirm_button.setEnabled(doubt)
        self.copy_button.setEnabled((failed or doubt) and job is not None and job.sale_id is not None)
        self.dismiss_button.setEnabled(failed or doubt)
        self.advice.setText("" if job is None else f"<b>{escape(job.title)}</b> — {escape(advice(job))}")

    def _act(self, use_case) -> None:  # noqa: ANN001 - one of app.print_jobs' answers
        job = self.selected()
        if job is None or self.actor is None:
            return
        self.runner.run(use_case, self.actor, job.id, owner=self, name="print_jobs.resolve",
                        on_done=lambda _r: self._done(), on_error=lambda exc: self._say(E.friendly(exc), "error"))

    def _reroute(self) -> None:
        job = self.selected()
        if job is None or self.actor is None:
            return
        self.dialog = PrinterAddressDialog(self.window(), _t("Print %1 on another printer").replace("%1", job.title),
                                           self.print_jobs.pdf_uri())
        actor, dialog = self.actor, self.dialog
        dialog.submit = lambda uri: self.runner.run(
            self.print_jobs.print_again, actor, job.id, uri, owner=dialog, name="print_jobs.print_again",
            on_done=lambda _r: (dialog.accept(), self._done()), on_error=dialog.show_error)
        dialog.open()

    def _done(self) -> None:
        self._say(_t("Sent to the printer."), "ok")
        self.load(self.actor)

    def _say(self, text: str, level: str) -> None:
        from ..util import set_state
        self.message.setText(text)
        set_state(self.message, level)
