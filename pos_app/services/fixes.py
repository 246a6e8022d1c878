"""Fixing mistakes: cancel a queued sale that was never sent, reverse a confirmed one through the
server. Both need a manager (approver) and a reason, are audited, and leave the sale in the record.

Cancel is atomic against the sync engine: the engine marks a sale's outbox row `sent_at_ms` in the
same write transaction that picks it for sending, and SQLite serialises writers (BEGIN IMMEDIATE).
So either the cancel comes first (the row becomes `cancelled` and is never picked) or the pick
comes first (the cancel sees `sent_at_ms` and refuses: the sale may have reached the server).
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import select, update

from topup_core.errors import Conflict, NotFound, ValidationError
from topup_core.ids import uuid7
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus, check_transition
from pos_app.store.database import Database
from pos_app.store.models import OutboxItem, Sale, SaleFix, User, VoucherStock
from pos_app.store.repositories import sale_to_record
from pos_app.store.uow import UnitOfWork

from .clock import to_ms

CANCELLATION, REVERSAL = "cancellation", "reversal"
MAX_REASON = 300
SYNC_ACTOR = "system:sync"


def approving(actor: Actor, approver: Actor | None, permission: Permission, now) -> Actor:  # noqa: ANN001
    """The person whose authority covers the action: the approver, or the actor acting alone.
    The actor's own session must still be valid either way."""
    actor.require(Permission.VIEW_OWN_SALES, now)
    who = approver or actor
    who.require(permission, now)
    return who


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("reason_required", "Say why, in a few words.")
    return text[:MAX_REASON]


def release_voucher(uow: UnitOfWork, sale_id: str) -> int:
    """A voucher sold by a sale that did not happen goes back to stock. Returns how many."""
    result = uow.session.execute(update(VoucherStock).where(VoucherStock.sale_id == sale_id, VoucherStock.state == "sold")
                                 .values(state="available", sale_id=None))
    return result.rowcount or 0


def _sale(uow: UnitOfWork, sale_id: str) -> Sale:
    sale = uow.sales.get(sale_id)
    if sale is None:
        raise NotFound("sale_unknown", "There is no such sale.")
    return sale


def _record(uow: UnitOfWork, sale_id: str, terminal_code: str) -> SaleRecord:
    sale, name = uow.session.execute(
        select(Sale, User.display_name).join(User, User.id == Sale.clerk_id).where(Sale.id == sale_id)).one()
    uow.session.refresh(sale)
    return sale_to_record(sale, name, terminal_code)


class FixService:
    def __init__(self, db: Database, clock, sales, catalogs) -> None:  # noqa: ANN001
        self.db = db
        self.clock = clock
        self.sales = sales
        self.catalogs = catalogs
        # Called after a fix queued work for the server (the sync engine wakes up).
        self.on_queued: list[Callable[[str], None]] = []

    def _notify(self, ref: str) -> None:
        for callback in self.on_queued:
            try:
                callback(ref)
            except Exception:  # noqa: BLE001 - the fix is recorded; a listener can't undo that
                pass

    # ------------------------------------------------------------ cancel a queued sale

    def cancel_queued(self, actor: Actor, sale_id: str, *, approver: Actor | None = None,
                      reason: str = "") -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.CANCEL_SALE, now)
        reason = clean_reason(reason)
        now_ms = to_ms(now)
        terminal = self.sales.terminal
        with UnitOfWork(self.db) as uow:
            sale = _sale(uow, sale_id)
            status = SaleStatus(sale.status)
            if status is not SaleStatus.QUEUED:
                if status in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                    raise Conflict("sale_already_sent", "The server has confirmed this sale. Reverse it instead.")
                raise Conflict("sale_not_queued", f"A {status.value} sale cannot be cancelled.")
            row = uow.session.scalar(select(OutboxItem).where(OutboxItem.ref_id == sale_id, OutboxItem.kind == "sale"))
            if row is None or row.state != "pending" or row.sent_at_ms is not None:
                raise Conflict("sale_already_sent",
                               "This sale may already have reached the server, so it cannot be cancelled here. "
                               "Wait for its result; if it goes through, reverse it.")
            check_transition(status, SaleStatus.CANCELLED)
            row.state = "cancelled"  # never sent now: the engine only picks 'pending' rows
            row.last_error = "cancelled before it was sent"
            uow.sales.set_status(sale_id, SaleStatus.CANCELLED, now_ms, reject_code="cancelled",
                                 reject_message=f"Cancelled: {reason}")
            returned = release_voucher(uow, sale_id)
            fix_id = uuid7()
            uow.session.add(SaleFix(id=fix_id, sale_id=sale_id, kind=CANCELLATION, requested_at_ms=now_ms,
                                    requested_by=actor.label, approved_by=who.label, reason=reason,
                                    state="cancelled", resolved_at_ms=now_ms))
            # The server learns the number is void, so it never reports the sequence as having a gap.
            uow.outbox.add("cancel", fix_id, {"id": fix_id, "sale_id": sale_id, "seq": sale.seq,
                                              "reason": reason, "created_at_ms": now_ms}, now_ms)
            uow.audit.append(now_ms, actor.label, "sale.cancelled", sale_id, {
                "approver": who.label, "reason": reason, "seq": sale.seq, "fix_id": fix_id,
                "price": sale.price, "currency": sale.currency, "voucher_returned": bool(returned)})
            uow.commit()
            record = _record(uow, sale_id, terminal.terminal_code)
        self._notify(fix_id)
        return record

    # ------------------------------------------------------------ reverse a confirmed sale

    def request_reversal(self, actor: Actor, sale_id: str, *, approver: Actor | None = None,
                         reason: str = "") -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.REVERSE_SALE, now)
        reason = clean_reason(reason)
        now_ms = to_ms(now)
        terminal = self.sales.terminal
        with UnitOfWork(self.db) as uow:
            sale = _sale(uow, sale_id)
            status = SaleStatus(sale.status)
            if status not in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                if status is SaleStatus.QUEUED:
                    raise Conflict("sale_not_confirmed", "This sale is still queued. Cancel it instead.")
                raise Conflict("sale_not_confirmed", f"A {status.value} sale cannot be reversed.")
            try:
                window_s = self.catalogs.version(sale.catalog_version).limits.reversal_window_s
            except NotFound:
                window_s = None  # the server decides
            if window_s is not None and now_ms - sale.created_at_ms > window_s * 1000:
                raise Conflict("window_expired",
                               f"A sale can only be reversed within {window_s // 60} minutes of the sale.")
            check_transition(status, SaleStatus.REVERSAL_PENDING)
            fix_id = uuid7()
            uow.session.add(SaleFix(id=fix_id, sale_id=sale_id, kind=REVERSAL, requested_at_ms=now_ms,
                                    requested_by=actor.label, approved_by=who.label, reason=reason,
                                    state="pending"))
            uow.sales.set_status(sale_id, SaleStatus.REVERSAL_PENDING, now_ms, reject_code=None,
                                 reject_message=None)
            uow.outbox.add("reversal", fix_id, {"id": fix_id, "sale_id": sale_id, "reason": reason,
                                                "created_at_ms": now_ms}, now_ms)
            uow.audit.append(now_ms, actor.label, "sale.reversal_requested", sale_id, {
                "approver": who.label, "reason": reason, "seq": sale.seq, "fix_id": fix_id,
                "price": sale.price, "currency": sale.currency})
            uow.commit()
            record = _record(uow, sale_id, terminal.terminal_code)
        self._notify(fix_id)
        return record

    # ------------------------------------------------------------ answers from the server (the engine calls these)

    @staticmethod
    def apply_reversal_answer(uow: UnitOfWork, fix_id: str, answer: dict[str, Any], now_ms: int) -> str:
        """Inside the engine's transaction. Returns the fix's new state."""
        fix = uow.session.get(SaleFix, fix_id)
        if fix is None or fix.state != "pending":
            return fix.state if fix else "unknown"
        reversed_ = answer.get("status") == "reversed"
        code = None if reversed_ else str(answer.get("code") or "refused")[:64]
        message = None if reversed_ else str(answer.get("message") or "The server refused the reversal.")
        sale = uow.sales.get(fix.sale_id)
        new = SaleStatus.REVERSED if reversed_ else SaleStatus.REVERSAL_REFUSED
        current = SaleStatus(sale.status)
        if current is SaleStatus.REVERSAL_PENDING:
            check_transition(current, new)
            uow.sales.set_status(fix.sale_id, new, now_ms, reject_code=code, reject_message=message)
        fix.state = "reversed" if reversed_ else "refused"
        fix.code, fix.message, fix.resolved_at_ms = code, message, now_ms
        uow.audit.append(now_ms, SYNC_ACTOR, "sale.reversed" if reversed_ else "sale.reversal_refused", fix.sale_id,
                         {"fix_id": fix_id, "code": code, "message": message})
        return fix.state

    @staticmethod
    def apply_cancel_answer(uow: UnitOfWork, fix_id: str, answer: dict[str, Any], now_ms: int) -> None:
        fix = uow.session.get(SaleFix, fix_id)
        if answer.get("status") != "cancelled" and fix is not None:
            # The server says the sale reached it after all: keep the record and make it visible.
            uow.audit.append(now_ms, SYNC_ACTOR, "sale.cancel_disputed", fix.sale_id,
                             {"fix_id": fix_id, "code": answer.get("code"), "message": answer.get("message")})

    # ------------------------------------------------------------ reading

    def fixes_for(self, actor: Actor, sale_id: str) -> list[dict[str, Any]]:
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        with UnitOfWork(self.db, write=False) as uow:
            rows = uow.session.scalars(select(SaleFix).where(SaleFix.sale_id == sale_id)
                                       .order_by(SaleFix.requested_at_ms)).all()
            return [{"id": r.id, "kind": r.kind, "state": r.state, "requested_by": r.requested_by,
                     "approved_by": r.approved_by, "reason": r.reason, "code": r.code, "message": r.message,
                     "requested_at_ms": r.requested_at_ms, "resolved_at_ms": r.resolved_at_ms} for r in rows]
