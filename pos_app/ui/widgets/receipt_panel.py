"""What became of a sale's receipt, on the result screen: printed, still printing, or — plainly —
not printed, with what the clerk can do: Retry, Print to PDF, Another printer (and, for a receipt
that may have printed, "It printed" or a COPY). The rules (a receipt that may have printed is only
ever replaced by a COPY; never two originals) are the use case's: `app.print_jobs.print_again`.

The panel hears of the job from the spool (the main window relays `app.print_jobs.watch` events
to `job_event`) and, 2 s after the sale is shown, looks for itself: a receipt that has not printed
by then is said so, whatever the printer is doing."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_app.application.records import DISMISSED, FAILED, IN_DOUBT, PRINTED, PRINTING, QUEUED, JobView

from .. import errors as E
from ..util import button, name, set_state
from .printer_address import PrinterAddressDialog
from .printer_words import printer_message

SAY_WITHIN_MS = 2000  # issue 12: a receipt failure is visible to the clerk within 2 s


def _t(text: str) -> str:
    return QCoreApplication.translate("Receipt", text)


class ReceiptPanel(QFrame):
    """`track(actor, sale_id)` when a sale is shown; `job_event(view)` for every spool event."""

    resolved = Signal(object)  # JobView: the job that carries the receipt now

    def __init__(self, print_jobs, runner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.print_jobs, self.runner = print_jobs, runner  # app.print_jobs (ResolvePrintJob), the TaskRunner
        self.setObjectName("receipt.panel")
        self.setProperty("role", "receiptPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.actor = None
        self.sale_id: str | None = None
        self.job: JobView | None = None
        self.dialog: PrinterAddressDialog | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(10, 6, 10, 6)
        v.setSpacing(6)
        self.text = QLabel("", self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        name(self.text, "receipt.state", _t("Receipt"))
        v.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.confirm_button = button(_t("It &printed"), "receipt.confirm", _t("The receipt did print"), parent=self)
        self.retry_button = button(_t("&Retry"), "receipt.retry", _t("Print the receipt again"),
                                   icon_name="refresh", parent=self)
        self.pdf_button = button(_t("Print to P&DF"), "receipt.pdf", _t("Save the receipt as a PDF file"), parent=self)
        self.other_button = button(_t("&Another printer…"), "receipt.other", _t("Print on another printer"),
                                   icon_name="printer", parent=self)
        for b in (self.confirm_button, self.retry_button, self.pdf_button, self.other_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # the result screen's keys go on to the next sale
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.confirm_button.clicked.connect(self._confirm)
        self.retry_button.clicked.connect(lambda: self._again(None))
        self.pdf_button.clicked.connect(self._to_pdf)
        self.other_button.clicked.connect(self._ask_printer)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(SAY_WITHIN_MS)
        self._deadline.timeout.connect(self._look)
        self._late = False  # the 2 s have passed without the receipt printing
        self.clear()

    # --- what the screen tells it ---

    def clear(self) -> None:
        self._deadline.stop()
        self.sale_id, self.job, self._late = None, None, False
        self._show(None)

    def track(self, actor, sale_id: str) -> None:  # noqa: ANN001
        """A sale is on screen: follow its receipt."""
        self.actor, self.sale_id, self.job, self._late = actor, sale_id, None, False
        self._show(None)
        self._deadline.start()
        self._look()

    def job_event(self, view: JobView) -> None:
        """A job changed (from the spool's thread, relayed to the GUI thread)."""
        if self.sale_id is None or view.sale_id != self.sale_id:
            return
        if self.job is not None and view.id < self.job.id:
            return  # an older job of this sale (the original a COPY replaced)
        self.job = view
        self._show(view)

    # --- looking and acting (use cases through the runner) ---

    def _look(self) -> None:
        if self.sale_id is None or self.actor is None or getattr(self.runner, "_closed", False):
            return  # (a window shutting down takes no new work)
        if not self._deadline.isActive():
            self._late = True
        sale_id = self.sale_id
        self.runner.run(self.print_jobs.receipt_of, self.actor, sale_id, owner=self, name="print_jobs.receipt_of",
                        on_done=lambda job: self._looked(sale_id, job), on_error=E.logged("the receipt's state"))

    def _looked(self, sale_id: str, job: JobView | None) -> None:
        if sale_id != self.sale_id:
            return
        if job is not None and (self.job is None or job.id > self.job.id or job.updated_at_ms >= self.job.updated_at_ms):
            self.job = job
        self._show(self.job)

    def _again(self, printer_uri: str | None) -> None:
        if self.job is None or self.actor is None:
            return
        self._busy(True)
        self.runner.run(self.print_jobs.print_again, self.actor, self.job.id, printer_uri, owner=self,
                        name="print_jobs.print_again", on_done=self._sent, on_error=self._refused)

    def _to_pdf(self) -> None:
        if self.job is None or self.actor is None:
            return
        self._busy(True)
        self.runner.run(self.print_jobs.print_to_pdf, self.actor, self.job.id, owner=self,
                        name="print_jobs.print_to_pdf", on_done=self._sent, on_error=self._refused)

    def _ask_printer(self) -> None:
        if self.job is None or self.actor is None:
            return
        self.dialog = PrinterAddressDialog(self.window(), _t("Print this receipt on another printer"))
        job_id, actor = self.job.id, self.actor
        self.dialog.submit = lambda uri: self.runner.run(
            self.print_jobs.print_again, actor, job_id, uri, owner=self.dialog, name="print_jobs.print_again",
            on_done=lambda result: (self.dialog.accept(), self._sent(result)), on_error=self.dialog.show_error)
        self.dialog.open()

    def _confirm(self) -> None:
        if self.job is None or self.actor is None:
            return
        self._busy(True)
        self.runner.run(self.print_jobs.confirm_printed, self.actor, self.job.id, owner=self,
                        name="print_jobs.confirm_printed", on_done=self._confirmed, on_error=self._refused)

    def _sent(self, result) -> None:  # noqa: ANN001 - PrintedAgain
        self._busy(False)
        self.job = result.job
        self._late = False
        self._deadline.start()  # the new try gets its 2 s too
        self._show(result.job)
        self.resolved.emit(result.job)

    def _confirmed(self, view: JobView) -> None:
        self._busy(False)
        self.job = view
        self._show(view)
        self.resolved.emit(view)

    def _refused(self, exc: BaseException) -> None:
        self._busy(False)
        self._show(self.job, problem=E.friendly(exc))

    def _busy(self, busy: bool) -> None:
        for b in (self.confirm_button, self.retry_button, self.pdf_button, self.other_button):
            b.setEnabled(not busy)

    # --- showing ---

    def state(self) -> str:
        """ok | printing | warn | error | muted (the panel's look; tests read it)."""
        return self.property("state") or ""

    def _show(self, job: JobView | None, problem: str = "") -> None:
        buttons: tuple = ()
        if self.sale_id is None:
            level, text = "muted", ""
        elif job is None or (job.state in (QUEUED, PRINTING) and not job.last_error and not self._late):
            level, text = "printing", _t("Printing the receipt…")
        elif job.state == PRINTED:
            pdf = job.printer_uri.startswith("pdf://")
            level = "ok"
            text = _t("Receipt saved as a PDF file.") if pdf else _t("Receipt printed.")
            if job.copy_no:
                text = (_t("COPY %1 saved as a PDF file.") if pdf else _t("COPY %1 printed.")).replace(
                    "%1", str(job.copy_no))
        elif job.state == IN_DOUBT:
            level = "warn"
            text = "<b>" + escape(_t("The receipt may not have printed.")) + "</b> " + escape(
                _t("Look at the printer: if it printed, press It printed; if not, print a COPY."))
            buttons = (self.confirm_button, self.retry_button, self.pdf_button, self.other_button)
        elif job.state == DISMISSED:
            level, text = "muted", _t("No receipt for this sale (dismissed).")
        else:  # queued again after a failed try, still waiting after 2 s, or failed
            level = "error"
            reason = printer_message(job.last_error) if job.last_error else _t("The printer has not answered yet.")
            head = _t("The receipt did not print.") if job.state == FAILED or job.last_error \
                else _t("The receipt has not printed yet.")
            tail = _t("The sale stands. It prints by itself when the printer answers again, or choose below.") \
                if job.untouched else _t("The sale stands. Choose below.")
            text = f"<b>{escape(head)}</b> {escape(reason)}<br>{escape(tail)}"
            buttons = (self.retry_button, self.pdf_button, self.other_button)
        if problem:
            text += "<br><span style='color:#b3261e'>" + escape(problem) + "</span>"
        copy = job is not None and job.state == IN_DOUBT
        self.retry_button.setText(_t("Print a &COPY") if copy else _t("&Retry"))
        self.pdf_button.setText(_t("COPY to P&DF") if copy else _t("Print to P&DF"))
        self.other_button.setText(_t("COPY on &another printer…") if copy else _t("&Another printer…"))
        for b in (self.confirm_button, self.retry_button, self.pdf_button, self.other_button):
            b.setVisible(b in buttons)
        self.text.setText(text)
        set_state(self, level)
        set_state(self.text, {"ok": "ok", "error": "error", "warn": "warn"}.get(level, "unknown"))
