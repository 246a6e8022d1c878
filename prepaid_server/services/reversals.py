"""Reversal of a confirmed sale, judged by the refund policy of the sale's catalog version
(issue 14, topup_core.refunds): within its window, approved by one manager (two distinct above the
policy's amount), once per sale, and, when the subscriber already spent part of the credit and the
policy allows it, a partial reversal that recovers only what remains with the sale's bonus and
points, the customer being refunded in proportion. The server is authoritative; the terminal only
checks first. Every decision (reversed or refused) is one row of the audit chain, in the same
transaction."""
from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field

from topup_core.errors import Conflict
from topup_core.formatting import format_money
from topup_core.loyalty import EARN_REVERSAL
from topup_core.money import Money
from topup_core.refunds import REASON_CODES, RefundPolicy, policy_from_document, recovery
from topup_core.wire import ReversalResult

from ..domain import ledger
from ..store.repositories.reversals import ReversalRecord
from ..store.uow import UnitOfWork
from . import audit, catalogs, loyalty
from .auth import AuthedTerminal
from .context import ServerContext
from .text_input import CleanText, PlainText

REVERSED, REFUSED = "reversed", "refused"
MAX_APPROVERS = 4


class ReversalRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: PlainText(64)
    sale_id: PlainText(64)
    reason: CleanText(300) = ""
    created_at_ms: int = Field(ge=0, le=2**53)
    # issue 14 (refunds)
    reason_code: PlainText(40) = ""
    approvers: list[PlainText(60)] = Field(default_factory=list, max_length=MAX_APPROVERS)
    allow_partial: bool = False


def _digest(req: ReversalRequest) -> str:
    parts: list = [req.id, req.sale_id, req.reason, req.created_at_ms]
    if req.reason_code or req.approvers or req.allow_partial:  # a request of before issue 14 hashes as it did
        parts += [req.reason_code, list(req.approvers), req.allow_partial]
    text = json.dumps(parts, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def reverse(ctx: ServerContext, who: AuthedTerminal, req: ReversalRequest) -> ReversalResult:
    # A concurrent retry that stores the same id first: the second run answers as it did.
    return ctx.run(lambda uow: _reverse_in(ctx, uow, who, req))


def _result(stored: ReversalRecord) -> ReversalResult:
    return ReversalResult(stored.id, stored.sale_id, stored.status, stored.code, stored.message, stored.final_state,
                          stored.recovered, stored.refund, stored.bonus_back, stored.points_back)


def _reverse_in(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: ReversalRequest) -> ReversalResult:
    now = ctx.clock()
    digest = _digest(req)
    uow.ledger.lock_balance(ledger.float_account(who.agent_id))  # same lock order as ingest: no deadlocks
    stored = uow.reversals.get(req.id)
    if stored is not None:
        if stored.content_hash != digest:
            raise Conflict("id_conflict", "This reversal id was already used for another reversal.")
        return _result(stored)
    result = _decide(ctx, uow, who, req, now)
    approvers = json.dumps(_distinct(req.approvers)) if req.approvers else None
    uow.reversals.add(ReversalRecord(req.id, req.sale_id, who.terminal_id, req.created_at_ms, now, req.reason, digest,
                                     result.status, result.code, result.message, req.reason_code or None, approvers,
                                     result.final_state, result.recovered, result.refund, result.bonus_back,
                                     result.points_back))
    audit.record_in(uow, now, f"terminal:{who.terminal_id}",
                    "sale_reversed" if result.status == REVERSED else "sale_reversal_refused", req.sale_id, {
                        "reversal_id": req.id, "agent_id": who.agent_id, "reason_code": req.reason_code,
                        "reason": req.reason, "approvers": _distinct(req.approvers), "code": result.code,
                        "final_state": result.final_state, "recovered": result.recovered, "refund": result.refund,
                        "bonus_back": result.bonus_back, "points_back": result.points_back})
    return result


def _distinct(labels: list[str]) -> list[str]:
    seen: list[str] = []
    for label in labels:
        key = label.strip()
        if key and key.casefold() not in {s.casefold() for s in seen}:
            seen.append(key)
    return seen


def _refused(req: ReversalRequest, code: str, message: str) -> ReversalResult:
    return ReversalResult(req.id, req.sale_id, REFUSED, code, message)


def policy_of(uow: UnitOfWork, version: int, fallback_window_s: int) -> RefundPolicy:
    """The refund policy of a catalog version, read from its document in this transaction
    (reversals are rare; no cache that could outlive a database in a process hosting several)."""
    text = uow.catalogs.document(version)
    return policy_from_document(json.loads(text)) if text else RefundPolicy(window_s=fallback_window_s,
                                                                            declared=False)


def _decide(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: ReversalRequest, now: int
            ) -> ReversalResult:
    sale = uow.sales.get(req.sale_id, for_update=True)
    if sale is None or sale.status != "accepted" or sale.agent_id != who.agent_id:
        return _refused(req, "not_confirmed", "Only a sale this agent's terminals had confirmed can be reversed.")
    if sale.reversal_id is not None:
        return _refused(req, "already_reversed", "That sale has already been reversed (once per sale).")
    catalog = catalogs.parsed(ctx, uow, sale.catalog_version)
    policy = policy_of(uow, sale.catalog_version, catalog.limits.reversal_window_s)
    if req.reason_code and req.reason_code not in REASON_CODES:
        return _refused(req, "reason_code_unknown", "Pick one of the reasons offered for a reversal.")
    if policy.declared and not req.reason_code:
        return _refused(req, "reason_code_required", "The refund policy needs the reason for the reversal.")
    # The reversal is judged at the time the terminal made it, but never later than now (+skew).
    when = min(req.created_at_ms, now + ctx.settings.skew_ms)
    if not policy.within_window(sale.created_at_ms, when):
        return _refused(req, "window_expired", f"A sale can only be reversed within {policy.window_text}.")
    price = uow.reversals.sale_price(sale.id)
    if policy.declared:
        needed, approvers = policy.approvers_needed(price), _distinct(req.approvers)
        if len(approvers) < needed:
            if needed == 2:
                return _refused(req, "second_approver_required",
                                "Above this amount the refund policy needs a second, different manager.")
            return _refused(req, "approver_required", "A manager must approve the reversal.")
    # Lock order: the subscriber's main account, then the bonus account (as ingest), then points.
    main_account, bonus_account = ledger.main_account(sale.msisdn), ledger.bonus_account(sale.msisdn)
    main = uow.ledger.lock_balance(main_account) or 0
    main -= uow.charging.reserved([main_account])[main_account]  # issue 15: held by a charging session
    bonus_held = (uow.ledger.lock_balance(bonus_account) or 0) - uow.charging.reserved([bonus_account])[bonus_account]
    r = recovery(face=sale.face, price=price, float_cost=sale.float_cost, bonus=sale.bonus, main_held=main,
                 bonus_held=bonus_held)
    if r.recovered <= 0 or (r.partial and not policy.declared):  # no policy: full reversals only, as before
        return _refused(req, "credit_spent", "The customer has already used the airtime; it cannot be taken back.")
    if r.partial and not policy.partial:
        return _refused(req, "partial_not_allowed",
                        "The customer has used part of the airtime and the refund policy allows full reversals only.")
    if r.partial and not req.allow_partial:
        left = format_money(Money(r.recovered, sale.currency), plain_spaces=True)
        return _refused(req, "partial_needs_consent",
                        f"Only {left} of the airtime remains: a manager must accept a partial reversal.")
    posting = ledger.recovery(req.id, sale.id, who.agent_id, sale.msisdn, sale.currency, r.recovered, r.float_back,
                              r.commission_back, r.bonus)
    points_back = loyalty.reversal_postings(uow, req.id, sale.id, who.agent_id, sale.msisdn)  # issue 14
    taken = sum(abs(e.amount) for p in points_back if p.kind == EARN_REVERSAL
                for e in p.entries if e.amount < 0)
    uow.ledger.apply_postings([posting, *points_back], now)
    uow.sales.mark_reversed(sale.id, req.id)
    return ReversalResult(req.id, req.sale_id, REVERSED, None, None, r.final_state, r.recovered, r.refund, r.bonus,
                          taken)
