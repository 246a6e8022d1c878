"""A manager reverses a confirmed sale through the server, within the catalog's reversal window.
The request travels the outbox; the server's answer (reversed or refused) comes back through the
sync engine (`answers.apply_reversal_answer`)."""
from __future__ import annotations

from topup_core.errors import Conflict, NotFound
from topup_core.ids import uuid7
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus, check_transition

from .approval import approving, clean_reason, sale_to_fix
from .catalog import CatalogService
from .clock import to_ms
from .ports import Clock, OutboxNotifier, UnitOfWorkFactory
from .records import FixRow
from .terminal import Terminal

REVERSAL = "reversal"


class Reverse:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal, catalogs: CatalogService,
                 notifier: OutboxNotifier) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.catalogs = catalogs
        self.notifier = notifier

    def __call__(self, actor: Actor, sale_id: str, *, approver: Actor | None = None, reason: str = "") -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.REVERSE_SALE, now)
        reason = clean_reason(reason)
        now_ms = to_ms(now)
        code = self.terminal.info.terminal_code
        with self.uow() as uow:
            sale = sale_to_fix(uow, sale_id, code)
            if sale.status not in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                if sale.status is SaleStatus.QUEUED:
                    raise Conflict("sale_not_confirmed", "This sale is still queued. Cancel it instead.")
                raise Conflict("sale_not_confirmed", f"A {sale.status.value} sale cannot be reversed.")
            try:
                window_s = self.catalogs.version(sale.catalog_version).limits.reversal_window_s
            except NotFound:
                window_s = None  # the server decides
            if window_s is not None and now_ms - to_ms(sale.created_at) > window_s * 1000:
                raise Conflict("window_expired",
                               f"A sale can only be reversed within {window_s // 60} minutes of the sale.",
                               minutes=window_s // 60)
            check_transition(sale.status, SaleStatus.REVERSAL_PENDING)
            fix_id = uuid7()
            uow.fixes.add(FixRow(id=fix_id, sale_id=sale_id, kind=REVERSAL, requested_at_ms=now_ms,
                                 requested_by=actor.label, approved_by=who.label, reason=reason, state="pending"))
            uow.sales.set_status(sale_id, SaleStatus.REVERSAL_PENDING, now_ms, reject_code=None, reject_message=None)
            uow.outbox.add("reversal", fix_id, {"id": fix_id, "sale_id": sale_id, "reason": reason,
                                                "created_at_ms": now_ms}, now_ms)
            uow.audit.append(now_ms, actor.label, "sale.reversal_requested", sale_id, {
                "approver": who.label, "reason": reason, "seq": sale.seq, "fix_id": fix_id,
                "price": sale.price.amount, "currency": sale.price.currency})
            uow.commit()
        with self.uow(write=False) as uow:
            record = uow.sales.get(sale_id, code)
        self.notifier.queued()
        return record
