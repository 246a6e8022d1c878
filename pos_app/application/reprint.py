"""Reprint a sale's receipt as COPY n, with the sale's current status. Audited.

Who may: anyone who may see the sale (a clerk their own, a manager any). A voucher's PIN is money
in the customer's hand, so a copy prints it only for a manager (the actor, or a manager who
approves at the clerk's till); a clerk's copy says the PIN is withheld and keeps the serial, which
the manager or the operator can look the voucher up by.
"""
from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus

from .clock import to_ms
from .ports import Clock, ReceiptPrinter, UnitOfWorkFactory
from .records import JobView, job_view
from .sales import SaleQueries


@dataclass(frozen=True)
class ReprintResult:
    job: JobView
    copy_no: int
    pin_printed: bool  # False for a clerk's copy of a voucher sale (and for sales without a PIN)
    pin_withheld: bool  # the sale has a PIN that this copy does not show


class Reprint:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, sales: SaleQueries, printer: ReceiptPrinter) -> None:
        self.uow = uow
        self.clock = clock
        self.sales = sales
        self.printer = printer

    def __call__(self, actor: Actor, sale_id: str, *, approver: Actor | None = None,
                 printer_uri: str | None = None) -> ReprintResult:
        now = self.clock.now()
        sale = self.sales.get_sale(actor, sale_id)  # checks the actor may see this sale at all
        if approver is not None:
            approver.require(Permission.REPRINT_VOUCHER_PIN, now)
        authority = approver or actor
        has_pin = bool(sale.voucher_pin) and sale.status not in (SaleStatus.REJECTED, SaleStatus.CANCELLED)
        show_pin = has_pin and authority.can(Permission.REPRINT_VOUCHER_PIN)
        uri = self.printer.check_uri(printer_uri) if printer_uri else self.printer.default_uri()
        now_ms = to_ms(now)
        with self.uow() as uow:
            copy_no = uow.print_jobs.max_copy(sale_id) + 1
            original = uow.print_jobs.original_for(sale_id)  # issue 14 (offers): its bonus reason, again
            payload = self.printer.receipt_payload(sale, copy_no=copy_no, reprinted_at=now,
                                                   withhold_pin=has_pin and not show_pin,
                                                   original_payload=original.payload if original else None)
            row = uow.print_jobs.add("reprint", sale_id, copy_no, uri, payload, now_ms)
            uow.audit.append(now_ms, actor.label, "receipt.reprinted", sale_id, {
                "copy": copy_no, "job": row.id, "pin_printed": show_pin,
                "approver": approver.label if approver is not None else None})
            uow.commit()
        view = job_view(row)
        self.printer.queued(view)
        return ReprintResult(view, copy_no, show_pin, has_pin and not show_pin)
