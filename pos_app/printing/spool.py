"""The print spool: durable jobs in `print_jobs`, printed by one background thread.

Plain Python (no Qt). The UI subscribes with callbacks, which run on the worker thread: a Qt
front end re-emits them as signals to reach its own thread.

Life of a job: queued -> printing -> printed | queued (retry, capped exponential backoff) |
failed (clerk: retry, re-route, or PDF) | in_doubt (may have printed: offered for reprint as a
COPY, never resent silently). `printing` is committed before the first byte leaves, so a job
found in that state at start-up was cut short by a crash and becomes in_doubt.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from sqlalchemy import func, select

from topup_core.money import Money
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor
from pos_app.services.clock import SystemClock, to_ms
from pos_app.services.terminal import TerminalInfo, load_terminal
from pos_app.store.database import Database
from pos_app.store.models import PrintJob, Sale, User
from pos_app.store.repositories import sale_to_record
from pos_app.store.uow import UnitOfWork

from . import delivery
from .errors import JobStateError, PrinterUriError, UnknownJob
from .jobs import (DISMISSED, FAILED, IN_DOUBT, NEEDS_ATTENTION, PRINTED, PRINTING, QUEUED, JobView,
                   document_payload, job_view, load_item, pdf_filename, receipt_payload, render_for)
from .layout import Document
from .receipt import build_receipt, format_money, receipt_locale
from .settings import PrintSettings
from .status import PrinterState, unknown_state
from .uri import parse_printer_uri

log = logging.getLogger(__name__)

JobCallback = Callable[[JobView], None]
PrinterCallback = Callable[[PrinterState], None]


class PrintSpool:
    def __init__(self, db: Database, settings: PrintSettings, *, clock=None,  # noqa: ANN001
                 terminal: Callable[[], TerminalInfo] | None = None,
                 operator_name: Callable[[str], str | None] | None = None,
                 max_attempts: int = 5, backoff_base_ms: int = 1000, backoff_cap_ms: int = 30_000,
                 status_poll_s: float | None = None) -> None:
        parse_printer_uri(settings.printer_uri)
        self.db = db
        self.settings = settings
        self.clock = clock or SystemClock()
        self._terminal = terminal or (lambda: load_terminal(db))
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

    @classmethod
    def for_services(cls, services, settings: PrintSettings | None = None, **kw) -> "PrintSpool":  # noqa: ANN001, ANN003
        """The spool of an open PosServices (terminal, catalog names and clock from there)."""
        from .settings import load_print_settings

        def operator_name(code: str) -> str | None:
            try:
                return services.catalogs.current().operator(code).name
            except Exception:  # no catalog yet, or an operator since removed: the code will do
                return None

        return cls(services.db, settings or load_print_settings(services.db, services.data_dir.path),
                   clock=services.clock, terminal=lambda: services.sales.terminal, operator_name=operator_name, **kw)

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
        """Load babel's locale data now, so the first sale's enqueue stays fast."""
        try:
            terminal = self._terminal()
            format_money(Money(0, terminal.currency), receipt_locale(terminal.country))
        except Exception:
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
        with UnitOfWork(self.db) as uow:
            rows = list(uow.session.scalars(select(PrintJob).where(PrintJob.state == PRINTING)))
            for row in rows:
                row.state, row.updated_at_ms = IN_DOUBT, now
                row.last_error = "The program stopped while this was printing: check whether it printed."
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

    # ---- enqueueing ------------------------------------------------------------------------

    def enqueue_receipt(self, sale: SaleRecord, *, printer_uri: str | None = None) -> JobView:
        """Queue the original receipt of a just-recorded sale. Idempotent per sale: a second call
        returns the first job rather than printing a second original."""
        existing = self._original_job(sale.id)
        if existing is not None:
            return existing
        receipt = build_receipt(sale, self._terminal(), footer=self.settings.footer,
                                operator_name=self._operator_name(sale.operator_code),
                                kick_drawer=self.settings.kick_drawer, logo_path=self.settings.logo_path)
        return self._insert("receipt", sale.id, 0, printer_uri, receipt_payload(receipt, self.settings.drawer_pin))

    def reprint(self, sale_id: str, actor: Actor | str, *, printer_uri: str | None = None) -> JobView:
        """Queue COPY n of a sale's receipt, with the sale's current status. Audited."""
        sale = self._load_sale(sale_id)
        now = self.clock.now()
        label = actor.label if isinstance(actor, Actor) else str(actor)
        with UnitOfWork(self.db) as uow:
            copy_no = 1 + (uow.session.scalar(
                select(func.max(PrintJob.copy_no)).where(PrintJob.sale_id == sale_id)) or 0)
            receipt = build_receipt(sale, self._terminal(), copy_no=copy_no, footer=self.settings.footer,
                                    operator_name=self._operator_name(sale.operator_code), reprinted_at=now,
                                    kick_drawer=False, logo_path=self.settings.logo_path)
            row = self._new_row("reprint", sale_id, copy_no, printer_uri,
                                receipt_payload(receipt, self.settings.drawer_pin), to_ms(now))
            uow.session.add(row)
            uow.session.flush()
            uow.audit.append(to_ms(now), label, "receipt.reprinted", sale_id, {"copy": copy_no, "job": row.id})
            uow.commit()
            view = job_view(row)
        self._emit(view)
        self._wake.set()
        return view

    def reprint_job(self, job_id: int, actor: Actor | str, *, printer_uri: str | None = None) -> JobView:
        """Resolve a failed or in-doubt receipt job by printing a COPY (optionally elsewhere)."""
        job = self.get(job_id)
        if job.sale_id is None:
            raise JobStateError("Only receipts can be reprinted; retry this job instead.")
        if job.state not in NEEDS_ATTENTION:
            raise JobStateError(f"This job is {job.state}; reprint the sale instead.")
        copy = self.reprint(job.sale_id, actor, printer_uri=printer_uri or job.printer_uri)
        self._set_state(job_id, (IN_DOUBT, FAILED), DISMISSED, f"Reprinted as COPY {copy.copy_no}")
        return copy

    def enqueue_document(self, document: Document, *, kind: str = "z_slip", printer_uri: str | None = None) -> JobView:
        """Queue a plain slip (Z report slip, test page)."""
        return self._insert(kind, None, 0, printer_uri, document_payload(document))

    def enqueue_test_page(self, printer_uri: str | None = None) -> JobView:
        from .testpage import test_document

        return self.enqueue_document(test_document(self._terminal()), kind="test", printer_uri=printer_uri)

    # ---- the clerk's answers to a problem --------------------------------------------------

    def retry(self, job_id: int) -> JobView:
        """Try a failed job again on the same printer (it never printed, so it stays the original)."""
        return self._requeue(job_id, None)

    def reroute(self, job_id: int, printer_uri: str) -> JobView:
        """Send a failed (or still queued) job to another printer, e.g. a pdf:// folder."""
        parse_printer_uri(printer_uri)
        return self._requeue(job_id, printer_uri)

    def confirm_printed(self, job_id: int) -> JobView:
        """The clerk saw that an in-doubt job did print."""
        return self._set_state(job_id, (IN_DOUBT,), PRINTED, "Confirmed printed by the clerk")

    def dismiss(self, job_id: int) -> JobView:
        return self._set_state(job_id, NEEDS_ATTENTION, DISMISSED, "Dismissed")

    # ---- reading ---------------------------------------------------------------------------

    def get(self, job_id: int) -> JobView:
        with UnitOfWork(self.db, write=False) as uow:
            row = uow.session.get(PrintJob, job_id)
            if row is None:
                raise UnknownJob(f"There is no print job {job_id}.")
            return job_view(row)

    def attention(self) -> list[JobView]:
        """Jobs the clerk must decide on: failed (retry / re-route / PDF) and in doubt (reprint as COPY)."""
        return self._list(PrintJob.state.in_(NEEDS_ATTENTION))

    def jobs_for_sale(self, sale_id: str) -> list[JobView]:
        return self._list(PrintJob.sale_id == sale_id)

    def copies_printed(self, sale_id: str) -> int:
        return sum(1 for j in self.jobs_for_sale(sale_id) if j.kind == "reprint" and j.state == PRINTED)

    def pending(self) -> list[JobView]:
        return self._list(PrintJob.state.in_((QUEUED, PRINTING)))

    def _list(self, where) -> list[JobView]:  # noqa: ANN001
        with UnitOfWork(self.db, write=False) as uow:
            return [job_view(r) for r in uow.session.scalars(select(PrintJob).where(where).order_by(PrintJob.id))]

    # ---- printer status --------------------------------------------------------------------

    def printer_state(self, printer_uri: str | None = None) -> PrinterState:
        uri = printer_uri or self.settings.printer_uri
        return self._states.get(uri) or unknown_state(uri)

    def refresh_printer_state(self, printer_uri: str | None = None) -> PrinterState:
        """Ask the printer now (blocking up to a few seconds: not on the UI thread)."""
        state = delivery.probe(parse_printer_uri(printer_uri or self.settings.printer_uri))
        self._remember(state)
        return state

    # ---- subscriptions ---------------------------------------------------------------------

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
            except Exception:
                log.exception("print job callback failed")

    def _remember(self, state: PrinterState) -> None:
        previous = self._states.get(state.uri)
        self._states[state.uri] = state
        if previous and (previous.ready, previous.message) == (state.ready, state.message):
            return
        with self._lock:
            callbacks = list(self._printer_callbacks)
        for cb in callbacks:
            try:
                cb(state)
            except Exception:
                log.exception("printer state callback failed")

    # ---- internals: rows -------------------------------------------------------------------

    def _now_ms(self) -> int:
        return to_ms(self.clock.now())

    def _new_row(self, kind: str, sale_id: str | None, copy_no: int, printer_uri: str | None, payload: str,
                 now_ms: int) -> PrintJob:
        uri = printer_uri or self.settings.printer_uri
        parse_printer_uri(uri)
        return PrintJob(sale_id=sale_id, kind=kind, copy_no=copy_no, printer_uri=uri, state=QUEUED, attempts=0,
                        next_attempt_at_ms=0, last_error=None, payload=payload, created_at_ms=now_ms,
                        updated_at_ms=now_ms)

    def _insert(self, kind: str, sale_id: str | None, copy_no: int, printer_uri: str | None, payload: str) -> JobView:
        row = self._new_row(kind, sale_id, copy_no, printer_uri, payload, self._now_ms())
        with UnitOfWork(self.db) as uow:
            uow.session.add(row)
            uow.commit()
            view = job_view(row)
        self._emit(view)
        self._wake.set()
        return view

    def _original_job(self, sale_id: str) -> JobView | None:
        with UnitOfWork(self.db, write=False) as uow:
            row = uow.session.scalar(select(PrintJob).where(PrintJob.sale_id == sale_id, PrintJob.kind == "receipt")
                                     .order_by(PrintJob.id).limit(1))
            return job_view(row) if row else None

    def _load_sale(self, sale_id: str) -> SaleRecord:
        with UnitOfWork(self.db, write=False) as uow:
            found = uow.session.execute(select(Sale, User.display_name).join(User, User.id == Sale.clerk_id)
                                        .where(Sale.id == sale_id)).first()
            if found is None:
                raise UnknownJob(f"There is no sale {sale_id}.")
            return sale_to_record(found[0], found[1], self._terminal().terminal_code)

    def _requeue(self, job_id: int, printer_uri: str | None) -> JobView:
        with UnitOfWork(self.db) as uow:
            row = uow.session.get(PrintJob, job_id)
            if row is None:
                raise UnknownJob(f"There is no print job {job_id}.")
            if row.state == IN_DOUBT:
                raise JobStateError("This receipt may have printed already: reprint it as a COPY instead.")
            if row.state not in (FAILED, QUEUED):
                raise JobStateError(f"This job is {row.state}; nothing to retry.")
            row.state, row.attempts, row.next_attempt_at_ms = QUEUED, 0, 0
            row.updated_at_ms = self._now_ms()
            if printer_uri:
                row.printer_uri = printer_uri
            uow.commit()
            view = job_view(row)
        self._emit(view)
        self._wake.set()
        return view

    def _set_state(self, job_id: int, allowed: tuple[str, ...], state: str, note: str) -> JobView:
        with UnitOfWork(self.db) as uow:
            row = uow.session.get(PrintJob, job_id)
            if row is None:
                raise UnknownJob(f"There is no print job {job_id}.")
            if row.state not in allowed:
                raise JobStateError(f"This job is {row.state}.")
            row.state, row.updated_at_ms = state, self._now_ms()
            row.last_error = f"{row.last_error} — {note}" if row.last_error else note
            uow.commit()
            view = job_view(row)
        self._emit(view)
        return view

    # ---- internals: the worker -------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                job = self._claim_next()
            except Exception:
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

    def _claim_next(self) -> PrintJob | None:
        """Mark the next due job 'printing' and commit, before any byte leaves."""
        now = self._now_ms()
        with UnitOfWork(self.db) as uow:
            row = uow.session.scalar(select(PrintJob).where(PrintJob.state == QUEUED, PrintJob.next_attempt_at_ms <= now)
                                     .order_by(PrintJob.id).limit(1))
            if row is None:
                return None
            row.state, row.attempts, row.updated_at_ms = PRINTING, row.attempts + 1, now
            uow.commit()
            view = job_view(row)
        self._emit(view)
        return row

    def _seconds_to_next_due(self) -> float:
        with UnitOfWork(self.db, write=False) as uow:
            due = uow.session.scalar(select(func.min(PrintJob.next_attempt_at_ms)).where(PrintJob.state == QUEUED))
        ceiling = self.status_poll_s or 5.0
        if due is None:
            return ceiling
        return min(max(0.0, (due - self._now_ms()) / 1000), ceiling)

    def _maybe_poll_status(self) -> None:
        import time

        if self.status_poll_s and time.monotonic() - self._last_poll >= self.status_poll_s:
            self._last_poll = time.monotonic()
            try:
                self.refresh_printer_state()
            except Exception:
                log.exception("printer status poll failed")

    def _process(self, job: PrintJob) -> None:
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
        except Exception as exc:  # a bug in rendering must not stop the spool or cost the sale
            log.exception("print job %s could not be rendered", job.id)
            result = delivery.Delivery(delivery.FAILED, f"Could not prepare the receipt ({type(exc).__name__})")
        if result.state is not None:
            self._remember(result.state)
        self._finish(job, result)

    def _finish(self, job: PrintJob, result: delivery.Delivery) -> None:
        now = self._now_ms()
        next_at = 0
        if result.outcome == delivery.PRINTED:
            state, error = PRINTED, None
        elif result.outcome == delivery.IN_DOUBT:
            state, error = IN_DOUBT, result.message
        elif result.outcome == delivery.RETRY and job.attempts < self.max_attempts:
            state, error = QUEUED, result.message
            next_at = now + min(self.backoff_cap_ms, self.backoff_base_ms * 2 ** (job.attempts - 1))
        elif result.outcome == delivery.RETRY:
            state, error = FAILED, f"{result.message} (gave up after {job.attempts} tries)"
        else:
            state, error = FAILED, result.message
        log.info("print job %s (%s) -> %s%s", job.id, job.kind, state, f": {error}" if error else "")
        with UnitOfWork(self.db) as uow:
            row = uow.session.get(PrintJob, job.id)
            if row is None or row.state != PRINTING:  # resolved meanwhile (e.g. dismissed): leave it be
                return
            row.state, row.last_error, row.next_attempt_at_ms, row.updated_at_ms = state, error, next_at, now
            uow.commit()
            view = job_view(row)
        self._emit(view)

