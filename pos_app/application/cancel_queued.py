"""A manager withdraws a queued sale that was never sent. It stays in the record as CANCELLED,
its voucher (if any) goes back to stock, and the server is told the number is void so it never
reports a gap in the sequence.

Atomic against the sync engine: the engine marks a sale's outbox row `sent_at_ms` in the same
write transaction that picks it for sending, and SQLite serialises writers (BEGIN IMMEDIATE).
So either the cancel comes first (the row becomes `cancelled` and is never picked) or the pick
comes first (the cancel sees `sent_at_ms` and refuses: the sale may have reached the server).
"""
from __future__ import annotations

from topup_core.errors import Conflict
from topup_core.ids import uuid7
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus, check_transition

from .approval import approving, clean_reason, sale_to_fix
from .clock import to_ms
from .ports import Clock, OutboxNotifier, UnitOfWorkFactory
from .records import FixRow
from .terminal import Terminal

CANCELLATION = "cancellation"


class CancelQueued:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal, notifier: OutboxNotifier) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.notifier = notifier

    def __call__(self, actor: Actor, sale_id: str, *, approver: Actor | None = None, reason: str = "") -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.CANCEL_SALE, now)
        reason = clean_reason(reason)
        now_ms = to_ms(now)
        code = self.terminal.info.terminal_code
        with self.uow() as uow:
            sale = sale_to_fix(uow, sale_id, code)
            if sale.status is not SaleStatus.QUEUED:
                if sale.status in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                    raise Conflict("sale_already_sent", "The server has confirmed this sale. Reverse it instead.")
                raise Conflict("sale_not_queued", f"A {sale.status.value} sale cannot be cancelled.")
            item = uow.outbox.sale_item(sale_id)
            if item is None or item.state != "pending" or item.sent_at_ms is not None:
                raise Conflict("sale_already_sent",
                               "This sale may already have reached the server, so it cannot be cancelled here. "
                               "Wait for its result; if it goes through, reverse it.")
            check_transition(sale.status, SaleStatus.CANCELLED)
            uow.outbox.set_state(item.id, "cancelled", "cancelled before it was sent")  # never picked now
            uow.sales.set_status(sale_id, SaleStatus.CANCELLED, now_ms, reject_code="cancelled",
                                 reject_message=f"Cancelled: {reason}")
            returned = uow.vouchers.release(sale_id)
            fix_id = uuid7()
            uow.fixes.add(FixRow(id=fix_id, sale_id=sale_id, kind=CANCELLATION, requested_at_ms=now_ms,
                                 requested_by=actor.label, approved_by=who.label, reason=reason, state="cancelled",
                                 resolved_at_ms=now_ms))
            uow.outbox.add("cancel", fix_id, {"id": fix_id, "sale_id": sale_id, "seq": sale.seq,
                                              "reason": reason, "created_at_ms": now_ms}, now_ms)
            uow.audit.append(now_ms, actor.label, "sale.cancelled", sale_id, {
                "approver": who.label, "reason": reason, "seq": sale.seq, "fix_id": fix_id,
                "price": sale.price.amount, "currency": sale.price.currency, "voucher_returned": bool(returned)})
            uow.commit()
        with self.uow(write=False) as uow:
            record = uow.sales.get(sale_id, code)
        self.notifier.queued()
        return record
