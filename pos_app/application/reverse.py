"""A manager reverses a confirmed sale through the server, by the refund policy of the catalog
version the sale was sold under (issue 14, topup_core.refunds): a reason code, within the window,
one manager (a second, different one above the policy's amount), once per sale, and, when the
policy allows it and the manager accepts, a partial reversal of only what remains on the
subscriber's balance. The terminal checks first, to tell the clerk early; the server is
authoritative. The request travels the outbox; the server's answer (reversed, in full or in part,
or refused) comes back through the sync engine (`answers.apply_reversal_answer`)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from topup_core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from topup_core.ids import uuid7
from topup_core.refunds import REASON_CODES, Recovery, RefundPolicy, policy_from_document, recovery
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus, check_transition

from .approval import approving, clean_reason, sale_to_fix
from .catalog import CatalogService
from .clock import to_ms
from .ports import Clock, OutboxNotifier, UnitOfWork, UnitOfWorkFactory
from .records import FixRow
from .terminal import Terminal

REVERSAL = "reversal"


@dataclass(frozen=True)
class ReversalPreview:
    """What the reverse dialog shows before the manager confirms."""

    sale_id: str
    policy: RefundPolicy | None  # None: the catalog version is not stored here (the server decides)
    approvers_needed: int
    face: int
    price: int
    bonus: int
    currency: str
    window_ends_at_ms: int | None
    main_held: int | None  # the subscriber's main balance, when known
    recovery: Recovery | None  # what would be recovered and refunded with that balance

    @property
    def partial(self) -> bool:
        return self.recovery is not None and self.recovery.partial


class Reverse:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal, catalogs: CatalogService,
                 notifier: OutboxNotifier) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.catalogs = catalogs
        self.notifier = notifier

    def policy(self, uow: UnitOfWork, catalog_version: int) -> RefundPolicy | None:
        row = uow.catalogs.get(catalog_version)
        return policy_from_document(json.loads(row.body)) if row is not None else None

    def preview(self, actor: Actor, sale_id: str, main_held: int | None = None) -> ReversalPreview:
        """The policy as it applies to this sale, and (given the subscriber's main balance) what a
        reversal would recover and refund. Reads only."""
        actor.require(Permission.VIEW_OWN_SALES, self.clock.now())
        with self.uow(write=False) as uow:
            sale = sale_to_fix(uow, sale_id, self.terminal.info.terminal_code)
            policy = self.policy(uow, sale.catalog_version)
        rec = None
        if main_held is not None:
            rec = recovery(face=sale.face.amount, price=sale.price.amount, float_cost=sale.float_cost.amount,
                           bonus=sale.bonus.amount, main_held=main_held, bonus_held=sale.bonus.amount)
        ends = to_ms(sale.created_at) + policy.window_s * 1000 if policy is not None else None
        return ReversalPreview(sale.id, policy, policy.approvers_needed(sale.price.amount) if policy else 1,
                               sale.face.amount, sale.price.amount, sale.bonus.amount, sale.price.currency, ends,
                               main_held, rec)

    def __call__(self, actor: Actor, sale_id: str, *, approver: Actor | None = None, reason: str = "",
                 reason_code: str | None = None, second_approver: Actor | None = None,
                 allow_partial: bool = False) -> SaleRecord:
        now = self.clock.now()
        who = approving(actor, approver, Permission.REVERSE_SALE, now)
        reason = clean_reason(reason)
        reason_code = (reason_code or "").strip() or None
        if reason_code is not None and reason_code not in REASON_CODES:
            raise ValidationError("reason_code_unknown", "Pick one of the reasons offered for a reversal.")
        if second_approver is not None:
            second_approver.require(Permission.REVERSE_SALE, now)
            if second_approver.user_id == who.user_id:
                raise Conflict("second_approver_same", "The second approval must come from a different manager.")
        now_ms = to_ms(now)
        code = self.terminal.info.terminal_code
        with self.uow() as uow:
            sale = sale_to_fix(uow, sale_id, code)
            if sale.status is SaleStatus.REVERSED:
                raise Conflict("already_reversed", "This sale has already been reversed. A sale is reversed once.")
            if sale.status is SaleStatus.REVERSAL_PENDING:
                raise Conflict("reversal_pending", "A reversal of this sale is already waiting for the server.")
            if sale.status not in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED):
                if sale.status is SaleStatus.QUEUED:
                    raise Conflict("sale_not_confirmed", "This sale is still queued. Cancel it instead.")
                raise Conflict("sale_not_confirmed", f"A {sale.status.value} sale cannot be reversed.")
            policy = self._check_policy(uow, sale, now_ms, reason_code, who, second_approver, allow_partial)
            check_transition(sale.status, SaleStatus.REVERSAL_PENDING)
            fix_id = uuid7()
            approvers = [who.label] + ([second_approver.label] if second_approver is not None else [])
            uow.fixes.add(FixRow(id=fix_id, sale_id=sale_id, kind=REVERSAL, requested_at_ms=now_ms,
                                 requested_by=actor.label, approved_by=who.label, reason=reason, state="pending",
                                 reason_code=reason_code,
                                 second_approver=second_approver.label if second_approver else None,
                                 allow_partial=allow_partial))
            uow.sales.set_status(sale_id, SaleStatus.REVERSAL_PENDING, now_ms, reject_code=None, reject_message=None)
            body = {"id": fix_id, "sale_id": sale_id, "reason": reason, "created_at_ms": now_ms}
            if policy is None or policy.declared or reason_code or second_approver or allow_partial:
                body.update(reason_code=reason_code or "", approvers=approvers, allow_partial=allow_partial)
            uow.outbox.add("reversal", fix_id, body, now_ms)
            uow.audit.append(now_ms, actor.label, "sale.reversal_requested", sale_id, {
                "approver": who.label, "second_approver": second_approver.label if second_approver else None,
                "reason": reason, "reason_code": reason_code, "allow_partial": allow_partial, "seq": sale.seq,
                "fix_id": fix_id, "price": sale.price.amount, "currency": sale.price.currency})
            uow.commit()
        with self.uow(write=False) as uow:
            record = uow.sales.get(sale_id, code)
        self.notifier.queued()
        return record

    def _check_policy(self, uow: UnitOfWork, sale: SaleRecord, now_ms: int, reason_code: str | None, who: Actor,
                      second: Actor | None, allow_partial: bool) -> RefundPolicy | None:
        try:
            policy = self.policy(uow, sale.catalog_version)
        except ValidationError:
            policy = None  # a document we cannot read: the server decides
        if policy is None:
            try:  # a catalog held only in the service's cache
                window_s = self.catalogs.version(sale.catalog_version).limits.reversal_window_s
                policy = RefundPolicy(window_s=window_s, declared=False)
            except NotFound:
                return None  # the server decides
        if not policy.within_window(to_ms(sale.created_at), now_ms):
            raise Conflict("window_expired", f"A sale can only be reversed within {policy.window_text} of the sale.",
                           minutes=policy.window_s // 60)
        if not policy.declared:
            return policy
        if reason_code is None:
            raise ValidationError("reason_code_required", "Pick the reason for the reversal.")
        if policy.approvers_needed(sale.price.amount) == 2 and second is None:
            raise PermissionDenied("second_approver_required",
                                   "Above this amount the refund policy needs a second, different manager.")
        if allow_partial and not policy.partial:
            raise Conflict("partial_not_allowed", "The refund policy allows full reversals only.")
        return policy
