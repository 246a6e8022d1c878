"""Reading sales: one sale, the latest ones, a filtered list (`pos-admin sales list`), and the
History screen's day with what needs the clerk's attention. Roles are checked here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from topup_core.errors import NotFound, PermissionDenied, ValidationError
from topup_core.msisdn import national_number
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus

from .ports import Clock, UnitOfWorkFactory
from .terminal import Terminal

HISTORY_LIMIT = 2000  # a long day on one till
MAX_LIST = 100_000

# What needs the clerk's attention, and why (the screen words it).
REJECTED, QUEUED_LONG, REVERSAL_REFUSED = "rejected", "queued_long", "reversal_refused"
DISPUTED = "disputed"  # issue 11: the server holds the id from an earlier identity; the manager settles it


@dataclass(frozen=True)
class AttentionItem:
    sale: SaleRecord
    kind: str  # REJECTED | QUEUED_LONG | REVERSAL_REFUSED | DISPUTED
    minutes_waiting: int = 0


@dataclass(frozen=True)
class HistoryData:
    today: list[SaleRecord]
    attention: list[AttentionItem]
    all_clerks: bool


def needs_attention(sales: list[SaleRecord], now: datetime, queued_minutes: int) -> list[AttentionItem]:
    """Rejected sales (give the money back), sales queued for long (do not sell again), refused
    reversals (call the manager)."""
    items: list[AttentionItem] = []
    limit = timedelta(minutes=queued_minutes)
    for s in sales:
        if s.status is SaleStatus.REJECTED:
            items.append(AttentionItem(s, REJECTED))
        elif s.status is SaleStatus.QUEUED and now - s.created_at >= limit:
            items.append(AttentionItem(s, QUEUED_LONG, int((now - s.created_at).total_seconds() // 60)))
        elif s.status is SaleStatus.REVERSAL_REFUSED:
            items.append(AttentionItem(s, REVERSAL_REFUSED))
        elif s.status is SaleStatus.DISPUTED:
            items.append(AttentionItem(s, DISPUTED))
    return items


def matches(sale: SaleRecord, query: str) -> bool:
    """History's search: a receipt number (NBO1-000012), a status (QUEUED), three or more digits of
    the customer's number (national or international), or part of the product or clerk name."""
    q = " ".join(query.lower().split())
    if not q:
        return True
    if q in sale.receipt_no.lower() or q in sale.status.value.lower():
        return True
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 3 and digits == q.replace(" ", "").lstrip("+"):
        international = sale.msisdn.lstrip("+")
        national = national_number(sale.msisdn)
        return digits in international or digits.lstrip("0") in national
    return q in sale.product_name.lower() or q in sale.clerk_name.lower()


def refund_due(sale: SaleRecord):  # noqa: ANN201 - Money
    """What goes back to the customer of a sale that did not happen: the cash handed over, else the price."""
    return sale.tendered if sale.tendered is not None and sale.tendered.amount else sale.price


class SaleQueries:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal

    def get_sale(self, actor: Actor, sale_id: str) -> SaleRecord:
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        with self.uow(write=False) as uow:
            sale = uow.sales.get(sale_id, self.terminal.info.terminal_code)
        if sale is None:
            raise NotFound("sale_unknown", "There is no such sale.")
        if sale.clerk_id != actor.user_id and not actor.can(Permission.VIEW_ALL_SALES):
            raise PermissionDenied("permission_denied", "You can only see your own sales.")
        return sale

    def recent(self, actor: Actor, limit: int = 50) -> list[SaleRecord]:
        """The newest first: the actor's own, or every clerk's for a manager."""
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        own = None if actor.can(Permission.VIEW_ALL_SALES) else actor.user_id
        with self.uow(write=False) as uow:
            return uow.sales.recent(self.terminal.info.terminal_code, limit, clerk_id=own)

    def list(self, actor: Actor, *, status: SaleStatus | str | None = None, limit: int = 50) -> list[SaleRecord]:
        """`pos-admin sales list`: newest first, optionally of one status."""
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        if status is not None:
            try:
                status = SaleStatus(str(status).upper())
            except ValueError:
                raise ValidationError("sale_status_unknown", f"There is no sale status {status!r}.",
                                      known=[s.value for s in SaleStatus]) from None
        if type(limit) is not int or not 1 <= limit <= MAX_LIST:
            raise ValidationError("limit_invalid", f"The limit is a whole number from 1 to {MAX_LIST}.")
        own = None if actor.can(Permission.VIEW_ALL_SALES) else actor.user_id
        with self.uow(write=False) as uow:
            return uow.sales.recent(self.terminal.info.terminal_code, limit, clerk_id=own, status=status)

    def business_day(self, now: datetime) -> str:
        """The open business day (moves on after a Z report)."""
        return self.terminal.open_day(now)

    def history(self, viewer: Actor, queued_minutes: int, all_clerks: bool = False) -> HistoryData:
        """The History screen: today's sales of this till and what needs attention. A clerk sees
        their own; `all_clerks` needs a viewer who may see every clerk's sales."""
        sales = self.recent(viewer, limit=HISTORY_LIMIT)
        all_clerks = all_clerks and viewer.can(Permission.VIEW_ALL_SALES)
        if not all_clerks:
            sales = [s for s in sales if s.clerk_id == viewer.user_id]
        now = self.clock.now()
        today = self.business_day(now)
        return HistoryData([s for s in sales if s.business_day == today], needs_attention(sales, now, queued_minutes),
                           all_clerks)

    def fixes_for(self, actor: Actor, sale_id: str) -> list[dict[str, Any]]:
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        with self.uow(write=False) as uow:
            rows = uow.fixes.for_sale(sale_id)
        return [{"id": r.id, "kind": r.kind, "state": r.state, "requested_by": r.requested_by,
                 "approved_by": r.approved_by, "reason": r.reason, "code": r.code, "message": r.message,
                 "requested_at_ms": r.requested_at_ms, "resolved_at_ms": r.resolved_at_ms,
                 # issue 14 (refunds)
                 "reason_code": r.reason_code, "second_approver": r.second_approver, "final_state": r.final_state,
                 "recovered": r.recovered, "refund": r.refund, "bonus_back": r.bonus_back,
                 "points_back": r.points_back} for r in rows]
