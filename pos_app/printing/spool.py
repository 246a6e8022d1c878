"""The print spool: the application's `ReceiptPrinter` port, and the one background thread that
prints the durable jobs in `print_jobs`.

Plain Python (no Qt). What to print, and when, is the use cases' call (`Sell` queues the original
receipt, `Reprint` a COPY, `ResolvePrintJob` retries or re-routes): they write the job rows in
their own transaction and `wake()` the spool. The spool builds payloads (receipt and slip models,
no I/O), renders them per printer and delivers them.

Life of a job: queued -> printing -> printed | queued (retry, capped backoff with full jitter) |
failed (the clerk retries, re-routes or dismisses) | in_doubt (may have printed: confirmed, or
reprinted as a COPY, never resent silently). `printing` is committed before the first byte
leaves, so a job found in that state at start-up was cut short by a crash and becomes in_doubt.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any, Callable

from topup_core.backoff import full_jitter
from topup_core.formatting import format_money
from topup_core.money import Money
from pos_app.application.clock import SystemClock, to_ms
from pos_app.application.ports import Clock, UnitOfWorkFactory
from pos_app.application.records import (FAILED, IN_DOUBT, PRINTED, PRINTING, QUEUED, JobRow, JobView, job_view)
from pos_app.application.terminal import TerminalInfo
from pos_app.domain.records import SaleRecord

from . import delivery
from .errors import PrinterUriError
from .jobs import document_payload, load_item, pdf_filename, receipt_payload, render_for
from .receipt import bonus_reason_text, build_receipt, receipt_locale
from topup_core.promotions import Reason  # issue 14 (offers)
from .settings import PrintSettings
from .status import PrinterState, unknown_state
from .uri import parse_printer_uri

log = logging.getLogger(__name__)

JobCallback = Callable[[JobView], None]
PrinterCallback = Callable[[PrinterState], None]


class PrintSpool:
    def __init__(self, uow: UnitOfWorkFactory, settings: Callable[[], PrintSettings],
                 terminal: Callable[[], TerminalInfo], *, clock: Clock | None = None,
                 operator_name: Callable[[str], str | None] | None = None,
                 max_attempts: int = 5, backoff_base_ms: int = 1000, backoff_cap_ms: int = 30_000,
                 status_poll_s: float | None = None,
                 statement_link: Callable[[str], str | None] | None = None,
                 receipt_extras: Callable[[SaleRecord], tuple[str | None, tuple[str, ...]]] | None = None) -> None:
        self.uow = uow
        self._receipt_extras = receipt_extras  # issue 14 (refunds): refund policy, bonus expiry, next top-up
        self._statement_link = statement_link or (lambda sale_id: None)  # issue 15: the receipt's QR
        self._settings = settings
        self.clock = clock or SystemClock()
        self._terminal = terminal
        self._operator_name = operator_name or (lambda code: None)
        self.max_attempts = max_attempts
        self.backoff_base_ms = backoff_base_ms
        self.backoff_cap_ms = backoff_cap_ms
        self.status_poll_s = status_poll_s
        self._job_callbacks: list[JobCallback] = []
        self._printer_callbacks: list[PrinterCallback] = []
        self._states: dict[str, PrinterState] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_poll = 0.0

    @property
    def settings(self) -> PrintSettings:
        return self._settings()

    # ---- the ReceiptPrinter port -----------------------------------------------------------

    def default_uri(self) -> str:
        return self.check_uri(self.settings.printer_uri)

    def check_uri(self, uri: str) -> str:
        parse_printer_uri(uri)  # PrinterUriError (a ValidationError: printer_uri_invalid) if unusable
        return uri

    def receipt_payload(self, sale: SaleRecord, *, copy_no: int = 0, reprinted_at: datetime | None = None,
                        open_drawer: bool = False, withhold_pin: bool = False,
                        loyalty_lines: tuple[str, ...] = (), bonus_reason: Reason | None = None,
                        original_payload: str | None = None) -> str:
        """`bonus_reason` (issue 14, offers): why the bonus applies, on the original; a copy passes the
        original's `original_payload` instead and prints the same words."""
        s = self.settings
        reason_text = bonus_reason_text(bonus_reason)
        if reason_text is None and original_payload:
            try:
                original = load_item(original_payload)[0]
                reason_text = getattr(original, "bonus_reason", None)
            except (ValueError, KeyError, TypeError):
                reason_text = None
        policy, lines = self._extras(sale)
        receipt = build_receipt(sale, self._terminal(), copy_no=copy_no, footer=s.footer,
                                operator_name=self._operator_name(sale.operator_code), reprinted_at=reprinted_at,
                                open_drawer=open_drawer, logo_path=s.logo_path, withhold_pin=withhold_pin,
                                qr_data=self._statement_link(sale.id), loyalty_lines=loyalty_lines,
                                bonus_reason=reason_text,  # issue 14 (offers)
                                customer_lines=lines, refund_policy=policy)  # issue 14 (refunds)
        return receipt_payload(receipt, s.drawer_pin)

    def _extras(self, sale: SaleRecord) -> tuple[str | None, tuple[str, ...]]:
        if self._receipt_extras is None:
            return None, ()
        try:
            return self._receipt_extras(sale)
        except Exception:  # noqa: BLE001 - these lines never cost the receipt
            log.exception("no refund policy / customer lines for the receipt of %s", sale.id)
            return None, ()

    def pdf_uri(self) -> str:
        """Where a receipt goes when the clerk chooses "Print to PDF"."""
        s = self.settings
        return s.pdf_uri or (s.printer_uri if s.printer_uri.startswith("pdf://") else "")

    def has_drawer(self, uri: str) -> bool:
        return not parse_printer_uri(uri).is_pdf

    def slip_payload(self, report: Any, locale: str, names: dict[str, str] | None = None) -> str:
        from .slip import z_slip_document

        return document_payload(z_slip_document(report, locale, names))

    def queued(self, job: JobView) -> None:
        self._emit(job)
        self._wake.set()

    def printer_line(self) -> str:
        """The status bar's printer line, from what the spool last learnt (no I/O)."""
        state = self.printer_state()
        if state.ready is False:
            return state.message or "Printer down"
        uri = state.uri
        return "PDF" if uri.startswith("pdf://") else uri.split("?")[0]

    def printer_ready(self) -> bool | None:
        state = self.printer_state()
        return True if state.ready is None and state.uri.startswith("pdf://") else state.ready

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> list[JobView]:
        """Recover from a crash, then start the worker. Returns jobs left in doubt by the crash."""
        in_doubt = self.recover()
        self._warm_up()
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="print-spool", daemon=True)
            self._thread.start()
        return in_doubt

    def _warm_up(self) -> None:
        """Load babel's locale data now, so the first sale's receipt payload stays fast."""
        try:
            terminal = self._terminal()
            format_money(Money(0, terminal.currency), receipt_locale(terminal.country))
        except Exception:  # noqa: BLE001 - only a speed-up
            log.debug("receipt warm-up skipped", exc_info=True)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def recover(self) -> list[JobView]:
        """Jobs found 'printing' were cut short by a crash: they may have printed, so in_doubt."""
        now = self._now_ms()
        with self.uow() as uow:
            rows = [uow.print_jobs.update(r.id, state=IN_DOUBT, updated_at_ms=now,
                                          last_error="The program stopped while this was printing: "
                                                     "check whether it printed.")
                    for r in uow.print_jobs.in_states((PRINTING,))]
            uow.commit()
        views = [job_view(r) for r in rows]
        for view in views:
            self._emit(view)
        return views

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no job is due (tests, CLI). True if idle in time."""
        self._idle.clear()
        self._wake.set()
        return self._idle.wait(timeout)

    # ---- printer status --------------------------------------------------------------------

    def printer_state(self, printer_uri: str | None = None) -> PrinterState:
        uri = printer_uri or self.settings.printer_uri
        return self._states.get(uri) or unknown_state(uri)

    def refresh_printer_state(self, printer_uri: str | None = None) -> PrinterState:
        """Ask the printer now (blocking up to a few seconds: not on the UI thread)."""
        state = delivery.probe(parse_printer_uri(printer_uri or self.settings.printer_uri))
        self._remember(state)
        return state

    # ---- subscriptions (the worker's events, for a screen that shows them live) -------------

    def subscribe(self, on_job: JobCallback | None = None, on_printer: PrinterCallback | None = None) -> Callable[[], None]:
        """Callbacks run on the worker thread. Returns a function that unsubscribes."""
        with self._lock:
            if on_job:
                self._job_callbacks.append(on_job)
            if on_printer:
                self._printer_callbacks.append(on_printer)

        def unsubscribe() -> None:
            with self._lock:
                if on_job in self._job_callbacks:
                    self._job_callbacks.remove(on_job)
                if on_printer in self._printer_callbacks:
                    self._printer_callbacks.remove(on_printer)
        return unsubscribe

    def _emit(self, view: JobView) -> None:
        with self._lock:
            callbacks = list(self._job_callbacks)
        for cb in callbacks:
            try:
                cb(view)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop printing
                log.exception("print job callback failed")

    def _remember(self, state: PrinterState) -> None:
        previous = self._states.get(state.uri)
        self._states[state.uri] = state
        if state.ready is True and (previous is None or previous.ready is not True):
            self._printer_back(state.uri)
        if previous and (previous.ready, previous.message) == (state.ready, state.message):
            return
        with self._lock:
            callbacks = list(self._printer_callbacks)
        for cb in callbacks:
            try:
                cb(state)
            except Exception:  # noqa: BLE001
                log.exception("printer state callback failed")

    # ---- the worker ------------------------------------------------------------------------

    def _now_ms(self) -> int:
        return to_ms(self.clock.now())

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                job = self._claim_next()
            except Exception:  # noqa: BLE001 - the queue is read again in a second
                log.exception("print spool could not read its queue")
                self._stop.wait(1.0)
                continue
            if job is None:
                self._idle.set()
                self._maybe_poll_status()
                self._wake.wait(self._seconds_to_next_due())
                self._wake.clear()
                continue
            self._process(job)

    def _claim_next(self) -> JobRow | None:
        """Mark the next due job 'printing' and commit, before any byte leaves."""
        with self.uow() as uow:
            row = uow.print_jobs.claim_next(self._now_ms())
            uow.commit()
        if row is not None:
            self._emit(job_view(row))
        return row

    def _seconds_to_next_due(self) -> float:
        with self.uow(write=False) as uow:
            due = uow.print_jobs.earliest_due()
        ceiling = self.status_poll_s or 5.0
        if due is None:
            return ceiling
        return min(max(0.0, (due - self._now_ms()) / 1000), ceiling)

    def _printer_back(self, uri: str) -> list[JobView]:
        """The printer at `uri` answers (again): its jobs waiting out a backoff go now, and failed
        jobs it never took a byte of are printed by themselves (still the one original). A job
        that may have printed (in doubt, or partly sent) is left to the clerk."""
        now = self._now_ms()
        try:
            with self.uow() as uow:
                rows = []
                for row in uow.print_jobs.in_states((QUEUED, FAILED)):
                    if row.printer_uri != uri:
                        continue
                    if row.state == QUEUED and row.next_attempt_at_ms > now:
                        rows.append(uow.print_jobs.update(row.id, next_attempt_at_ms=0, updated_at_ms=now))
                    elif row.state == FAILED and not row.reached_printer:
                        rows.append(uow.print_jobs.update(row.id, state=QUEUED, attempts=0, next_attempt_at_ms=0,
                                                          updated_at_ms=now, last_error=None))
                        uow.audit.append(now, "system:print-spool", "print.retried",
                                         row.sale_id or f"job:{row.id}",
                                         {"job": row.id, "printer": None, "why": "printer answers again"})
                uow.commit()
        except Exception:  # noqa: BLE001 - the next poll tries again
            log.exception("could not re-queue the jobs of %s", uri)
            return []
        views = [job_view(r) for r in rows]
        for view in views:
            log.info("print job %s re-queued: %s answers again", view.id, uri)
            self._emit(view)
        if views:
            self._wake.set()
        return views

    def _poll_targets(self) -> list[str]:
        """The printer in use, and every printer a job is waiting for."""
        uris = [self.settings.printer_uri]
        with self.uow(write=False) as uow:
            for row in uow.print_jobs.in_states((QUEUED, FAILED)):
                if row.printer_uri not in uris and (row.state == QUEUED or not row.reached_printer):
                    uris.append(row.printer_uri)
        return uris

    def _poll_due(self) -> bool:
        """Every `status_poll_s` while a printer is down or not yet known; a working one 10x slower."""
        if not self.status_poll_s:
            return False
        interval = self.status_poll_s
        if self.printer_state().ready is True and not self._waiting_jobs:
            interval *= 10
        return time.monotonic() - self._last_poll >= interval

    _waiting_jobs = False

    def _maybe_poll_status(self) -> None:
        if not self._poll_due():
            return
        self._last_poll = time.monotonic()
        try:
            targets = self._poll_targets()
            self._waiting_jobs = len(targets) > 1
            for uri in targets:
                if self._stop.is_set() or self._wake.is_set():
                    break  # a job was queued meanwhile: print it first, poll the rest later
                self.refresh_printer_state(uri)
        except Exception:  # noqa: BLE001
            log.exception("printer status poll failed")

    def _process(self, job: JobRow) -> None:
        try:
            uri = parse_printer_uri(job.printer_uri)
            item, drawer_pin = load_item(job.payload)
            data = render_for(item, uri, drawer_pin)
            if uri.is_pdf:
                result = delivery.write_pdf(uri, pdf_filename(item, job.id), data)
            else:
                result = delivery.deliver(uri, data)
        except PrinterUriError as exc:
            result = delivery.Delivery(delivery.FAILED, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug in rendering must not stop the spool or cost the sale
            log.exception("print job %s could not be rendered", job.id)
            result = delivery.Delivery(delivery.FAILED, f"Could not prepare the receipt ({type(exc).__name__})")
        self._finish(job, result)
        if result.state is not None:
            self._remember(result.state)

    def _finish(self, job: JobRow, result: delivery.Delivery) -> None:
        now = self._now_ms()
        next_at = 0
        if result.outcome == delivery.PRINTED:
            state, error = PRINTED, None
        elif result.outcome == delivery.IN_DOUBT:
            state, error = IN_DOUBT, result.message
        elif result.outcome == delivery.RETRY and job.attempts < self.max_attempts:
            state, error = QUEUED, result.message
            next_at = now + int(full_jitter(job.attempts, self.backoff_base_ms, self.backoff_cap_ms))
        elif result.outcome == delivery.RETRY:
            state, error = FAILED, f"{result.message} (gave up after {job.attempts} tries)"
        else:
            state, error = FAILED, result.message
        log.info("print job %s (%s) -> %s%s", job.id, job.kind, state, f": {error}" if error else "")
        with self.uow() as uow:
            row = uow.print_jobs.get(job.id)
            if row is None or row.state != PRINTING:  # resolved meanwhile (e.g. dismissed): leave it be
                return
            row = uow.print_jobs.update(job.id, state=state, last_error=error, next_attempt_at_ms=next_at,
                                        updated_at_ms=now, reached_printer=job.reached_printer or result.sent)
            uow.commit()
        self._emit(job_view(row))

