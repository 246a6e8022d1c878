"""Issue 11: a manager settles a DISPUTED sale — one whose id the server already held from this
agent under an earlier identity of the till (`duplicate_other_terminal`), or with other content
(`id_conflict` from an older server). The server's answer is in front of them (History, `pos-admin
sales list`); they record what the server's record says:

* `confirmed`: the server took the money for it (its record says accepted): the sale is CONFIRMED,
  with the server's reference. The usual case after a re-enrollment with a cut reply.
* `rejected`: the server holds no accepted sale for it: REJECTED, nothing was charged. A voucher
  PIN stays out of stock even then: it was printed for the customer, so it is never sold again.

Audited with the manager and their reason; the sale's recorded facts never change.
"""
from __future__ import annotations

from topup_core.errors import Conflict, ValidationError
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus, check_transition

from .approval import approving, clean_reason, sale_to_fix
from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory
from .terminal import Terminal

OUTCOMES = {"confirmed": SaleStatus.CONFIRMED, "rejected": SaleStatus.REJECTED}


class SettleDispute:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal

    def __call__(self, actor: Actor, sale_id: str, outcome: str, *, approver: Actor | None = None,
                 reason: str = "", server_ref: str | None = None) -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.REVERSE_SALE, now)
        reason = clean_reason(reason)
        new = OUTCOMES.get((outcome or "").strip().lower())
        if new is None:
            raise ValidationError("dispute_outcome_invalid", "Settle a disputed sale as confirmed or rejected.")
        now_ms = to_ms(now)
        code = self.terminal.info.terminal_code
        with self.uow() as uow:
            sale = sale_to_fix(uow, sale_id, code)
            if sale.status is not SaleStatus.DISPUTED:
                raise Conflict("sale_not_disputed", f"A {sale.status.value} sale has no dispute to settle.")
            check_transition(sale.status, new)
            answer = {"code": sale.reject_code, "message": sale.reject_message}
            if new is SaleStatus.CONFIRMED:
                uow.sales.set_status(sale_id, new, now_ms, server_ref=server_ref or sale.server_ref,
                                     reject_code=None, reject_message=None)
            else:
                uow.sales.set_status(sale_id, new, now_ms, reject_code=sale.reject_code or "id_conflict",
                                     reject_message=f"Settled by {who.label}: {reason}")
            uow.audit.append(now_ms, actor.label, "sale.dispute_settled", sale_id, {
                "approver": who.label, "outcome": new.value, "reason": reason, "server_answer": answer,
                "server_ref": server_ref or sale.server_ref})
            uow.commit()
        with self.uow(write=False) as uow:
            return uow.sales.get(sale_id, code)
