"""Recording a top-up sale: validate and price first (no I/O), then one durable transaction
holding the sale, its outbox row and its audit entry."""
from __future__ import annotations


from typing import Any, Callable

from sqlalchemy import func, select

from topup_core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from topup_core.ids import uuid7
from topup_core.msisdn import mask_e164
from topup_core.wire import SaleDocument
from pos_app.domain.records import SaleRecord
from pos_app.domain.reports import open_business_day
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import PricedSale, SaleRequest, SaleStatus, is_voucher, price_sale
from pos_app.store.database import Database
from pos_app.store.models import Sale, User, ZReport
from pos_app.store.repositories import sale_to_record
from pos_app.store.uow import UnitOfWork

from .catalog import CatalogService
from .clock import to_ms
from .terminal import TerminalInfo, load_terminal

SALE_SEQUENCE = "sale"


def sale_payload(sale: Sale, terminal: TerminalInfo) -> dict[str, Any]:
    """The sale as it travels to the server (protocol v1). Amounts are minor units."""
    return SaleDocument(
        id=sale.id, terminal_id=terminal.terminal_id, seq=sale.seq, created_at_ms=sale.created_at_ms,
        msisdn=sale.msisdn, operator=sale.operator_code, product=sale.product_code, currency=sale.currency,
        face=sale.face, bonus=sale.bonus, price=sale.price, float_cost=sale.float_cost,
        catalog_version=sale.catalog_version, payment_method=sale.payment_method,
        voucher_serial=sale.voucher_serial,
    ).as_dict()


class SaleService:
    def __init__(self, db: Database, clock, catalogs: CatalogService) -> None:  # noqa: ANN001
        self.db = db
        self.clock = clock
        self.catalogs = catalogs
        self._terminal: TerminalInfo | None = None
        self._last_closed_day: str | None = None  # the last day a Z closed (cached; refreshed on Z)
        self._closed_loaded = False
        self.fixes = None  # FixService, set by PosServices (cancel_queued goes through it)
        # Extra checks run inside the sale's transaction (e.g. the sync engine's offline allowance).
        self.guards: list[Callable[[UnitOfWork, PricedSale], None]] = []
        # Called after a sale committed (e.g. to wake the sync worker). Never fails the sale.
        self.on_recorded: list[Callable[[SaleRecord], None]] = []

    @property
    def terminal(self) -> TerminalInfo:
        if self._terminal is None:
            self._terminal = load_terminal(self.db)
        return self._terminal

    def refresh_terminal(self) -> None:
        self._terminal = None

    # --- the open business day: today's local date, or the day after the last Z ---

    def last_closed_day(self) -> str | None:
        if not self._closed_loaded:
            with UnitOfWork(self.db, write=False) as uow:
                self._last_closed_day = uow.session.scalar(select(func.max(ZReport.business_day)))
            self._closed_loaded = True
        return self._last_closed_day

    def refresh_open_day(self) -> None:
        """After a Z report: the next sale belongs to the next business day."""
        self._closed_loaded = False

    def business_day(self, now) -> str:  # noqa: ANN001
        """The business day a sale made at `now` belongs to (cached: no query on the hot path)."""
        return open_business_day(self.terminal.business_day(now), self.last_closed_day())

    def quote(self, actor: Actor, request: SaleRequest) -> PricedSale:
        """Validate and price without recording (the confirm step shows this)."""
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        return price_sale(self.catalogs.current(), request, now)

    def record_sale(self, actor: Actor, request: SaleRequest) -> SaleRecord:
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        priced = price_sale(self.catalogs.current(), request, now)  # bad input stops here, nothing written
        try:
            return self._record(actor, priced, now)
        except Conflict as exc:
            if "day_closed" not in exc.message:
                raise
            # A Z closed the day between our cached look and the insert (the database guard
            # caught it): take the next business day and record once more.
            self.refresh_open_day()
            return self._record(actor, priced, now)

    def cancel_queued(self, actor: Actor, sale_id: str, *, approver: Actor | None = None,
                      reason: str = "") -> SaleRecord:
        """A manager withdraws a queued sale that was never sent (see services/fixes.py)."""
        if self.fixes is None:
            from .fixes import FixService
            self.fixes = FixService(self.db, self.clock, self, self.catalogs)
        return self.fixes.cancel_queued(actor, sale_id, approver=approver, reason=reason)

    def _record(self, actor: Actor, priced: PricedSale, now) -> SaleRecord:  # noqa: ANN001
        terminal = self.terminal
        business_day = self.business_day(now)
        now_ms = to_ms(now)
        sale_id = uuid7()
        payment = priced.payment
        with UnitOfWork(self.db) as uow:
            for guard in self.guards:
                guard(uow, priced)
            seq = uow.sequences.next(SALE_SEQUENCE)
            serial = pin = None
            if is_voucher(priced.product):
                voucher = uow.vouchers.take(priced.product.code, priced.face.amount, sale_id)
                if voucher is None:
                    raise ValidationError("voucher_out_of_stock",
                                          f"No {priced.product.name} vouchers of {priced.face} left here. "
                                          "Sell another amount or sync to get more.")
                serial, pin = voucher.serial, voucher.pin
            sale = Sale(
                id=sale_id, seq=seq, terminal_id=terminal.terminal_id, created_at_ms=now_ms,
                business_day=business_day, clerk_id=actor.user_id,
                operator_code=priced.product.operator_code, product_code=priced.product.code,
                product_name=priced.product.name, product_kind=priced.product.kind.value,
                msisdn=priced.msisdn.e164, currency=priced.face.currency, face=priced.face.amount,
                bonus=priced.bonus.amount, price=priced.price.amount, float_cost=priced.float_cost.amount,
                commission=priced.commission.amount, promotion_code=priced.promotion_code,
                payment_method=payment.method.value,
                tendered=payment.tendered.amount if payment.tendered else None,
                change=payment.change.amount if payment.change else None,
                payment_reference=payment.reference, catalog_version=priced.catalog_version,
                voucher_serial=serial, voucher_pin=pin,
                status=SaleStatus.QUEUED.value, status_changed_at_ms=now_ms,
            )
            uow.sales.add(sale)
            uow.outbox.add("sale", sale_id, sale_payload(sale, terminal), now_ms)
            uow.audit.append(now_ms, actor.label, "sale.recorded", sale_id, {
                "seq": seq, "msisdn": mask_e164(sale.msisdn), "product": sale.product_code,
                "face": sale.face, "price": sale.price, "currency": sale.currency, "payment": sale.payment_method,
            })
            uow.commit()
        record = sale_to_record(sale, actor.display_name, terminal.terminal_code)
        for callback in self.on_recorded:
            try:
                callback(record)
            except Exception:  # noqa: BLE001 - the sale is recorded; a listener can't undo that
                pass
        return record

    def get_sale(self, actor: Actor, sale_id: str) -> SaleRecord:
        now = self.clock.now()
        actor.require(Permission.VIEW_OWN_SALES, now)
        with UnitOfWork(self.db, write=False) as uow:
            row = uow.session.execute(
                select(Sale, User.display_name).join(User, User.id == Sale.clerk_id).where(Sale.id == sale_id)
            ).first()
            if row is None:
                raise NotFound("sale_unknown", "There is no such sale.")
            sale, clerk_name = row
            if sale.clerk_id != actor.user_id and not actor.can(Permission.VIEW_ALL_SALES):
                raise PermissionDenied("permission_denied", "You can only see your own sales.")
            return sale_to_record(sale, clerk_name, self.terminal.terminal_code)

    def recent(self, actor: Actor, limit: int = 50) -> list[SaleRecord]:
        now = self.clock.now()
        actor.require(Permission.VIEW_OWN_SALES, now)
        query = select(Sale, User.display_name).join(User, User.id == Sale.clerk_id)
        if not actor.can(Permission.VIEW_ALL_SALES):
            query = query.where(Sale.clerk_id == actor.user_id)
        query = query.order_by(Sale.seq.desc()).limit(limit)
        with UnitOfWork(self.db, write=False) as uow:
            code = self.terminal.terminal_code
            return [sale_to_record(s, name, code) for s, name in uow.session.execute(query).all()]
