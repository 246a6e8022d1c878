"""Sell a top-up: validate and price (no I/O) → record durably → the online fast path → the
receipt (with the cash drawer's kick for a cash sale). The UI and `pos-admin sell` call this.

    outcome = app.sell(actor, SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 20000))
    outcome.sale.status, outcome.receipt.state, outcome.drawer_opened

Recording is one unit of work: guards (offline allowance) → the next gap-free sequence number →
the sale row (UUIDv7 id made here) → its outbox row → a hash-chained audit entry → commit
(BEGIN IMMEDIATE, WAL, synchronous=FULL). Only then does anything leave the machine: a network,
printer or drawer problem never costs a recorded sale (it is logged; the sale stays QUEUED and
the sync worker carries it, the receipt job waits in the spool).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from topup_core.errors import Conflict, NotFound, ValidationError
from topup_core.ids import uuid7
from topup_core.money import Money
from topup_core.msisdn import mask_e164
from topup_core.payment import PaymentMethod
from topup_core.pricing import check_sellable, quote
from topup_core.wire import SaleDocument
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import PricedSale, SaleRequest, SaleStatus, is_voucher, price_sale

from . import settings as bs
from .catalog import CatalogService
from .clock import ms_to_datetime, to_ms
from .ports import (AllowanceGuard, Clock, OutboxNotifier, ReceiptLoyalty, ReceiptPrinter, SaleSubmitter,
                    UnitOfWork, UnitOfWorkFactory)
from .records import JobView, job_view
from .terminal import Terminal, TerminalInfo

log = logging.getLogger(__name__)

SALE_SEQUENCE = "sale"
FAST_PATH_TIMEOUT_S = 2.0  # beyond this the sale stays queued, outcome unknown until the server answers


@dataclass(frozen=True)
class SaleOutcome:
    sale: SaleRecord  # as known after the fast path (CONFIRMED, REJECTED, or still QUEUED)
    receipt: JobView | None  # the original receipt's print job (None: it could not be queued; logged)
    drawer_opened: bool  # the receipt job carries the drawer kick (cash, the shop wants it, a printer with a drawer)


def sale_document(sale: SaleRecord, terminal_id: str) -> dict[str, Any]:
    """The sale as it travels to the server (protocol v1). Amounts are minor units."""
    return SaleDocument(
        id=sale.id, terminal_id=terminal_id, seq=sale.seq, created_at_ms=to_ms(sale.created_at),
        msisdn=sale.msisdn, operator=sale.operator_code, product=sale.product_code, currency=sale.face.currency,
        face=sale.face.amount, bonus=sale.bonus.amount, price=sale.price.amount,
        float_cost=sale.float_cost.amount, catalog_version=sale.catalog_version,
        payment_method=sale.payment_method.value, voucher_serial=sale.voucher_serial,
    ).as_dict()


class _NoGuard:
    def check(self, uow: UnitOfWork, priced: PricedSale) -> None:
        return None


class Sell:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, catalogs: CatalogService, terminal: Terminal,
                 settings: bs.BusinessSettings, *, printer: ReceiptPrinter, submitter: SaleSubmitter,
                 notifier: OutboxNotifier, guard: AllowanceGuard | None = None,
                 loyalty: ReceiptLoyalty | None = None) -> None:
        self.uow = uow
        self.clock = clock
        self.catalogs = catalogs
        self.terminal = terminal
        self.settings = settings
        self.printer = printer
        self.submitter = submitter
        self.notifier = notifier
        self.guard = guard or _NoGuard()
        self.loyalty = loyalty  # issue 14: points on the receipt
        self._bonus_reasons: dict[str, object] = {}  # issue 14 (offers): sale id -> Reason, until its receipt is queued

    # ------------------------------------------------------------ the whole use case

    def __call__(self, actor: Actor, request: SaleRequest, *, fast_path: bool = True,
                 on_recorded: Callable[[SaleRecord], None] | None = None) -> SaleOutcome:
        """Record, then try the server, then queue the receipt. `on_recorded` (optional) hears of the
        sale as soon as it is durable, before the fast path (the UI shows it at once)."""
        sale = self.record(actor, request)
        if on_recorded is not None:
            try:
                on_recorded(sale)
            except Exception:  # noqa: BLE001 - the sale is recorded; a display problem can't undo that
                log.exception("on_recorded failed for sale %s", sale.id)
        sale = self.complete(sale, fast_path=fast_path)
        receipt = self.queue_receipt(sale)
        drawer = receipt is not None and self._opens_drawer(sale) and self.printer.has_drawer(receipt.printer_uri)
        return SaleOutcome(sale, receipt, drawer)

    def complete(self, sale: SaleRecord, *, fast_path: bool = True) -> SaleRecord:
        """The online fast path for a sale just recorded: CONFIRMED / REJECTED when the server
        answers in time; otherwise it stays QUEUED and the sync worker is woken to carry it."""
        status = SaleStatus.QUEUED
        if fast_path and not self.submitter.believed_offline():  # offline: no wait before the receipt
            try:
                status = self.submitter.submit_now(sale.id, FAST_PATH_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - the sale is recorded; sync will carry it later
                log.exception("fast path failed for %s; the sale stays queued", sale.id)
        if status is SaleStatus.QUEUED:
            self.notifier.queued()
            return sale
        with self.uow(write=False) as uow:
            return uow.sales.get(sale.id, self.terminal.info.terminal_code) or sale

    def queue_receipt(self, sale: SaleRecord) -> JobView | None:
        """The original receipt, showing what is known (SUCCESS with the reference, or PENDING).
        Once per sale: a second call returns the first job. Never raises (logged instead)."""
        try:
            lines = self._loyalty_lines(sale)
            payload = self.printer.receipt_payload(sale, open_drawer=self._opens_drawer(sale), loyalty_lines=lines,
                                                   bonus_reason=self._bonus_reasons.pop(sale.id, None))
            uri = self.printer.default_uri()
            now_ms = to_ms(self.clock.now())
            with self.uow() as uow:
                row = uow.print_jobs.original_for(sale.id)
                created = row is None
                if created:
                    row = uow.print_jobs.add("receipt", sale.id, 0, uri, payload, now_ms)
                uow.commit()
        except Exception:  # noqa: BLE001 - a printing problem never costs the sale
            log.exception("the receipt of sale %s could not be queued", sale.id)
            return None
        view = job_view(row)
        if created:
            self.printer.queued(view)
        return view

    def _loyalty_lines(self, sale: SaleRecord) -> tuple[str, ...]:
        if self.loyalty is None:
            return ()
        try:
            return self.loyalty.receipt_lines(sale)
        except Exception:  # noqa: BLE001 - loyalty lines never cost the receipt
            log.exception("no loyalty lines for the receipt of %s", sale.id)
            return ()

    def _opens_drawer(self, sale: SaleRecord) -> bool:
        """The drawer opens for cash, with the original receipt (its kick follows the cut), if
        the shop wants it; never for a sale that did not happen or for a copy."""
        return (sale.payment_method is PaymentMethod.CASH and sale.status is not SaleStatus.REJECTED
                and self.settings.get(bs.PRINTER_KICK_DRAWER))

    # ------------------------------------------------------------ the steps

    def quote(self, actor: Actor, request: SaleRequest) -> PricedSale:
        """Validate and price without recording (the confirm step shows this)."""
        actor.require(Permission.SELL, self.clock.now())
        return self.check(request)

    def check(self, request: SaleRequest) -> PricedSale:
        """Validate and price against the catalog in force; no I/O beyond reading it, nothing written."""
        return price_sale(self.catalogs.current(), request, self.clock.now())

    def price(self, product_code: str, face: int) -> Money:
        """What the customer pays for `face` of a product now (the one formula: topup_core.pricing).
        Raises the ValidationError of the first problem with the product or the amount."""
        now = self.clock.now()
        catalog = self.catalogs.current()
        try:
            product = catalog.product(product_code)
        except NotFound:
            raise ValidationError("product_unknown", "That product is not in the catalog. Pick another.") from None
        check_sellable(catalog, product, face, now)
        return quote(catalog, product, face, now).money("price")

    def record(self, actor: Actor, request: SaleRequest) -> SaleRecord:
        """Validate, price and record durably. Bad input raises before anything is written."""
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        priced = price_sale(self.catalogs.current(), request, now)
        try:
            sale = self._record(actor, priced, now)
            if priced.bonus_reason is not None:  # issue 14 (offers): printed on the original receipt
                self._bonus_reasons[sale.id] = priced.bonus_reason
            return sale
        except Conflict as exc:
            if exc.code != "day_closed":
                raise
            # A Z closed the day between our cached look and the insert (the database guard
            # caught it): take the next business day and record once more.
            self.terminal.refresh_open_day()
            return self._record(actor, priced, now)

    def _record(self, actor: Actor, priced: PricedSale, now: datetime) -> SaleRecord:
        terminal: TerminalInfo = self.terminal.info
        business_day = self.terminal.open_day(now)
        now_ms = to_ms(now)
        sale_id = uuid7()
        payment = priced.payment
        with self.uow() as uow:
            self.guard.check(uow, priced)
            seq = uow.sequences.next(SALE_SEQUENCE)
            serial = pin = None
            if is_voucher(priced.product):
                voucher = uow.vouchers.pick(priced.product.code, priced.face.amount)
                if voucher is None:
                    raise ValidationError("voucher_out_of_stock",
                                          f"No {priced.product.name} vouchers of {priced.face} left here. "
                                          "Sell another amount or sync to get more.")
                serial, pin = voucher
            sale = SaleRecord(
                id=sale_id, seq=seq, receipt_no=terminal.receipt_no(seq), terminal_id=terminal.terminal_id,
                created_at=ms_to_datetime(now_ms), business_day=business_day, clerk_id=actor.user_id,
                clerk_name=actor.display_name, operator_code=priced.product.operator_code,
                product_code=priced.product.code, product_name=priced.product.name,
                product_kind=priced.product.kind.value, msisdn=priced.msisdn.e164, face=priced.face,
                bonus=priced.bonus, price=priced.price, float_cost=priced.float_cost, commission=priced.commission,
                promotion_code=priced.promotion_code, payment_method=payment.method, tendered=payment.tendered,
                change=payment.change, payment_reference=payment.reference, catalog_version=priced.catalog_version,
                status=SaleStatus.QUEUED, voucher_serial=serial, voucher_pin=pin,
            )
            uow.sales.add(sale)
            if serial is not None:
                uow.vouchers.mark_sold(serial, sale_id)
            uow.outbox.add("sale", sale_id, sale_document(sale, terminal.terminal_id), now_ms)
            uow.audit.append(now_ms, actor.label, "sale.recorded", sale_id, {
                "seq": seq, "msisdn": mask_e164(sale.msisdn), "product": sale.product_code,
                "face": sale.face.amount, "price": sale.price.amount, "currency": sale.face.currency,
                "payment": sale.payment_method.value,
            })
            uow.commit()
        return sale
