"""Close the business day with a numbered, immutable Z report.

A Z closes the business days after the previous Z up to the day it names: it is numbered from the
gap-free sequence "z" in the same transaction that stores it, stored as canonical JSON with its
SHA-256, guarded by triggers (0004), audited, and queued for the server, which recomputes the
totals from its own records (the answer is stored once and a mismatch is flagged). It refuses to
close over sales whose outcome is unknown unless a manager carries them over, with a reason.
"""
from __future__ import annotations

import hashlib
import logging

from topup_core.audit import canonical
from topup_core.errors import Conflict
from topup_core.ids import uuid7
from pos_app.domain.reports import Report
from pos_app.domain.roles import Actor, Permission

from .approval import approving, clean_reason
from .clock import to_ms
from .ports import Clock, OutboxNotifier, ReceiptPrinter, UnitOfWorkFactory
from .records import JobView, ZRow, job_view
from .reports import ReportBuilder, closed_days, day_minus, people
from .terminal import Terminal

log = logging.getLogger(__name__)

Z_SEQUENCE = "z"


class CloseDay:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal, notifier: OutboxNotifier,
                 printer: ReceiptPrinter) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.notifier = notifier
        self.printer = printer
        self.builder = ReportBuilder(terminal)

    def __call__(self, actor: Actor, *, approver: Actor | None = None, day: str | None = None,
                 carry_over: bool = False, reason: str = "") -> Report:
        now = self.clock.now()
        who = approving(actor, approver, Permission.CLOSE_DAY, now)
        now_ms = to_ms(now)
        with self.uow() as uow:
            last_closed, open_day, pending = self.builder.days(uow, now)
            day = day or pending
            if last_closed is not None and day <= last_closed:
                raise Conflict("day_already_closed", f"Business day {day} is already closed by a Z report.", day=day)
            if day > open_day:
                raise Conflict("day_not_open", f"Business day {day} has not started yet.", day=day)
            report = self.builder.build(uow, "Z", last_closed, day, now_ms)
            report.people = people(uow)
            if report.carried_over and not carry_over:
                raise Conflict("z_unsent_sales",
                               f"{len(report.carried_over)} sale(s) of this day are not settled with the server yet. "
                               "Sync first, or have a manager carry them over to the report.",
                               count=len(report.carried_over))
            if report.carried_over:
                reason = clean_reason(reason or "carried over unsent sales")
            else:  # issue 12: a reason typed with the approval is kept too (audit row, report)
                reason = " ".join((reason or "").split())[:300]
            z_no = uow.sequences.next(Z_SEQUENCE)
            z_id = uuid7()
            report.z_no, report.closed_by, report.approved_by, report.reason = z_no, actor.label, who.label, reason
            body = canonical(report.body())
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            uow.z_reports.add(ZRow(z_no=z_no, id=z_id, business_day=day, after_day=last_closed, closed_at_ms=now_ms,
                                   closed_by=actor.label, approved_by=who.label,
                                   carried_over=len(report.carried_over), report=body, digest=digest,
                                   server_state="pending"))
            uow.outbox.add("z_report", z_id, {
                "id": z_id, "z_no": z_no, "business_day": day, "first_day": report.first_day,
                "closed_at_ms": now_ms, "currency": report.currency, "seq_ranges": report.server_seq_ranges,
                "carried_seqs": [c["seq"] for c in report.carried_over],
                "client_totals": report.figures.settled.as_dict(),
                # issue 16 item 6: the Z's takings per payment method, {method: [count, face]}
                "client_methods": {str(m): [t.count, t.face] for m, t in sorted(report.figures.by_payment.items())}},
                now_ms)
            uow.audit.append(now_ms, actor.label, "day.closed", f"Z{z_no}", {
                "z_no": z_no, "business_day": day, "approver": who.label, "carried_over": len(report.carried_over),
                "reason": reason, "digest": digest, "takings": report.figures.takings.price,
                "currency": report.currency})
            # the closed days' takings per hour, for the dashboard (same transaction as the Z)
            uow.day_figures.store_closed(last_closed or "", day, closed_days(day_minus(last_closed, -1) if last_closed else report.first_day, day), z_no,
                                         self.builder.offset_ms(day), now_ms)
            uow.commit()
        report.server_state = "pending"
        self.terminal.refresh_open_day()  # the next sale belongs to the next business day
        self.notifier.queued()
        return report

    def open_shifts(self, actor: Actor) -> list[str]:
        """Who still has a shift open (their names): closing the day over them deserves a warning."""
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with self.uow(write=False) as uow:
            return [name for row, name in uow.shifts.list_since(0) if row.state == "open"]

    def print_slip(self, actor: Actor, report: Report, locale: str = "en") -> JobView:
        """The report's slip on the receipt printer (an X snapshot or a Z)."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        with self.uow() as uow:
            names = {u.username: u.display_name for u in uow.users.list()}
            payload = self.printer.slip_payload(report, locale, names)
            row = uow.print_jobs.add("z_slip", None, 0, self.printer.default_uri(), payload, to_ms(now))
            uow.commit()
        view = job_view(row)
        self.printer.queued(view)
        return view
