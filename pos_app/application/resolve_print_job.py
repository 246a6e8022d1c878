"""A print job that needs the clerk: list them, retry on the same printer, re-route to another
(e.g. a pdf:// folder), confirm that an in-doubt job did print, print a COPY instead, or dismiss.

A job that may have printed (in_doubt) is never resent as an original: it is confirmed, or its
sale is reprinted as a COPY (through `Reprint`, so the permission and PIN rules hold), or dismissed.
Every decision is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from topup_core.errors import Conflict, NotFound
from pos_app.domain.roles import Actor, Permission

from .clock import to_ms
from .ports import Clock, ReceiptPrinter, UnitOfWorkFactory
from .records import (DISMISSED, FAILED, IN_DOUBT, NEEDS_ATTENTION, PRINTED, PRINTING, QUEUED, JobRow, JobView,
                      job_view)
from .reprint import Reprint, ReprintResult


RECEIPT_KINDS = ("receipt", "reprint")


@dataclass(frozen=True)
class PrintedAgain:
    """What "print it again" did: the job that now carries the receipt, and whether it is a COPY."""

    job: JobView
    copy: bool  # True: the first may have printed, so this one says COPY n
    pin_withheld: bool = False


class ResolvePrintJob:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, printer: ReceiptPrinter, reprint: Reprint) -> None:
        self.uow = uow
        self.clock = clock
        self.printer = printer
        self._reprint = reprint

    # ------------------------------------------------------------ reading

    def attention(self, actor: Actor) -> list[JobView]:
        """Failed jobs (retry / re-route / dismiss) and jobs in doubt (confirm / print a COPY)."""
        actor.require(Permission.SELL, self.clock.now())
        with self.uow(write=False) as uow:
            return [job_view(r) for r in uow.print_jobs.in_states(NEEDS_ATTENTION)]

    def list(self, actor: Actor, states: tuple[str, ...] | None = None) -> list[JobView]:
        actor.require(Permission.SELL, self.clock.now())
        with self.uow(write=False) as uow:
            return [job_view(r) for r in uow.print_jobs.in_states(states or ())]

    def get(self, actor: Actor, job_id: int) -> JobView:
        actor.require(Permission.SELL, self.clock.now())
        with self.uow(write=False) as uow:
            return job_view(self._row(uow, job_id))

    def for_sale(self, actor: Actor, sale_id: str) -> list[JobView]:
        actor.require(Permission.SELL, self.clock.now())
        with self.uow(write=False) as uow:
            return [job_view(r) for r in uow.print_jobs.for_sale(sale_id)]

    def receipt_of(self, actor: Actor, sale_id: str) -> JobView | None:
        """The job that carries this sale's receipt now: the newest original or COPY (None: none yet)."""
        jobs = [j for j in self.for_sale(actor, sale_id) if j.kind in RECEIPT_KINDS]
        return jobs[-1] if jobs else None

    def watch(self, on_job: Callable[[JobView], None] | None = None,
              on_printer: Callable[[Any], None] | None = None) -> Callable[[], None]:
        """Hear of every job's new state and the printer's (called on the spool's thread: a screen
        re-emits them on its own). Returns the function that stops it."""
        return self.printer.subscribe(on_job=on_job, on_printer=on_printer)

    def pdf_uri(self) -> str:
        return self.printer.pdf_uri()

    def check_printer(self, printer_uri: str | None = None) -> Any:
        """Ask the printer now how it is (blocking, seconds at worst: through the task runner)."""
        return self.printer.refresh_printer_state(printer_uri)

    # ------------------------------------------------------------ the clerk's answers

    def print_again(self, actor: Actor, job_id: int, printer_uri: str | None = None, *,
                    approver: Actor | None = None) -> PrintedAgain:
        """The one "print it again" a screen offers (Retry, Print to PDF, Another printer): a job no
        printer can have printed (queued, failed) goes again as it is — still the one original —
        on its printer or on `printer_uri`; a job that may have printed (in doubt) is only ever
        replaced by a COPY. Never two originals."""
        job = self.get(actor, job_id)
        if job.state in (FAILED, QUEUED):
            view = self.reroute(actor, job_id, printer_uri) if printer_uri else self.retry(actor, job_id)
            return PrintedAgain(view, copy=job.copy_no > 0)
        if job.state == IN_DOUBT:
            copy = self.reprint_copy(actor, job_id, approver=approver, printer_uri=printer_uri)
            return PrintedAgain(copy.job, copy=True, pin_withheld=copy.pin_withheld)
        if job.state == PRINTING:
            raise Conflict("print_job_state", "This receipt is printing right now.", state=job.state)
        raise Conflict("print_job_state", f"This job is {job.state}; reprint the sale instead.", state=job.state)

    def print_to_pdf(self, actor: Actor, job_id: int) -> PrintedAgain:
        """Print it again into the PDF folder (when the printer cannot be fixed now)."""
        return self.print_again(actor, job_id, self.printer.pdf_uri())

    def retry(self, actor: Actor, job_id: int) -> JobView:
        """Try a failed job again on the same printer (it never printed, so it stays the original)."""
        return self._requeue(actor, job_id, None)

    def reroute(self, actor: Actor, job_id: int, printer_uri: str) -> JobView:
        """Send a failed (or still queued) job to another printer."""
        return self._requeue(actor, job_id, self.printer.check_uri(printer_uri))

    def confirm_printed(self, actor: Actor, job_id: int) -> JobView:
        """The clerk saw that an in-doubt job did print."""
        return self._settle(actor, job_id, (IN_DOUBT,), PRINTED, "Confirmed printed by the clerk", "print.confirmed")

    def dismiss(self, actor: Actor, job_id: int) -> JobView:
        return self._settle(actor, job_id, NEEDS_ATTENTION, DISMISSED, "Dismissed", "print.dismissed")

    def reprint_copy(self, actor: Actor, job_id: int, *, approver: Actor | None = None,
                     printer_uri: str | None = None) -> ReprintResult:
        """Resolve a failed or in-doubt receipt by printing a COPY (optionally elsewhere)."""
        job = self.get(actor, job_id)
        if job.sale_id is None:
            raise Conflict("print_job_not_a_receipt", "Only receipts can be reprinted; retry this job instead.")
        if job.state not in NEEDS_ATTENTION:
            raise Conflict("print_job_state", f"This job is {job.state}; reprint the sale instead.", state=job.state)
        copy = self._reprint(actor, job.sale_id, approver=approver, printer_uri=printer_uri or job.printer_uri)
        self._settle(actor, job_id, (IN_DOUBT, FAILED), DISMISSED, f"Reprinted as COPY {copy.copy_no}",
                     "print.replaced_by_copy")
        return copy

    # ------------------------------------------------------------ internals

    @staticmethod
    def _row(uow, job_id: int) -> JobRow:  # noqa: ANN001
        row = uow.print_jobs.get(job_id)
        if row is None:
            raise NotFound("print_job_unknown", f"There is no print job {job_id}.", job_id=job_id)
        return row

    def _requeue(self, actor: Actor, job_id: int, printer_uri: str | None) -> JobView:
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        now_ms = to_ms(now)
        with self.uow() as uow:
            row = self._row(uow, job_id)
            if row.state == IN_DOUBT:
                raise Conflict("print_job_in_doubt",
                               "This receipt may have printed already: confirm it, or reprint it as a COPY.")
            if row.state not in (FAILED, QUEUED):
                raise Conflict("print_job_state", f"This job is {row.state}; nothing to retry.", state=row.state)
            fields = {"state": QUEUED, "attempts": 0, "next_attempt_at_ms": 0, "updated_at_ms": now_ms}
            if printer_uri:
                fields["printer_uri"] = printer_uri
            row = uow.print_jobs.update(job_id, **fields)
            uow.audit.append(now_ms, actor.label, "print.rerouted" if printer_uri else "print.retried",
                             row.sale_id or f"job:{job_id}", {"job": job_id, "printer": printer_uri})
            uow.commit()
        view = job_view(row)
        self.printer.queued(view)
        return view

    def _settle(self, actor: Actor, job_id: int, allowed: tuple[str, ...], state: str, note: str,
                action: str) -> JobView:
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        now_ms = to_ms(now)
        with self.uow() as uow:
            row = self._row(uow, job_id)
            if row.state not in allowed:
                raise Conflict("print_job_state", f"This job is {row.state}.", state=row.state)
            error = f"{row.last_error} — {note}" if row.last_error else note
            row = uow.print_jobs.update(job_id, state=state, updated_at_ms=now_ms, last_error=error)
            uow.audit.append(now_ms, actor.label, action, row.sale_id or f"job:{job_id}", {"job": job_id})
            uow.commit()
        return job_view(row)


