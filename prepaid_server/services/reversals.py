"""Reversal of a confirmed sale: within the catalog's window, and only while the credit is unspent."""
from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field

from topup_core.errors import Conflict
from topup_core.wire import ReversalResult

from ..domain import ledger
from ..store.repositories.reversals import ReversalRecord
from ..store.uow import UnitOfWork
from . import catalogs, loyalty
from .auth import AuthedTerminal
from .context import ServerContext
from .text_input import CleanText, PlainText

REVERSED, REFUSED = "reversed", "refused"


class ReversalRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: PlainText(64)
    sale_id: PlainText(64)
    reason: CleanText(300) = ""
    created_at_ms: int = Field(ge=0, le=2**53)


def _digest(req: ReversalRequest) -> str:
    text = json.dumps([req.id, req.sale_id, req.reason, req.created_at_ms], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def reverse(ctx: ServerContext, who: AuthedTerminal, req: ReversalRequest) -> ReversalResult:
    # A concurrent retry that stores the same id first: the second run answers as it did.
    return ctx.run(lambda uow: _reverse_in(ctx, uow, who, req))


def _reverse_in(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: ReversalRequest) -> ReversalResult:
    now = ctx.clock()
    digest = _digest(req)
    uow.ledger.lock_balance(ledger.float_account(who.agent_id))  # same lock order as ingest: no deadlocks
    stored = uow.reversals.get(req.id)
    if stored is not None:
        if stored.content_hash != digest:
            raise Conflict("id_conflict", "This reversal id was already used for another reversal.")
        return ReversalResult(stored.id, stored.sale_id, stored.status, stored.code, stored.message)
    result = _decide(ctx, uow, who, req, now)
    uow.reversals.add(ReversalRecord(req.id, req.sale_id, who.terminal_id, req.created_at_ms, now, req.reason, digest,
                                     result.status, result.code, result.message))
    return result


def _refused(req: ReversalRequest, code: str, message: str) -> ReversalResult:
    return ReversalResult(req.id, req.sale_id, REFUSED, code, message)


def _decide(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: ReversalRequest, now: int
            ) -> ReversalResult:
    sale = uow.sales.get(req.sale_id, for_update=True)
    if sale is None or sale.status != "accepted" or sale.agent_id != who.agent_id:
        return _refused(req, "not_confirmed", "Only a sale this agent's terminals had confirmed can be reversed.")
    if sale.reversal_id is not None:
        return _refused(req, "already_reversed", "That sale has already been reversed.")
    catalog = catalogs.parsed(ctx, uow, sale.catalog_version)
    window_ms = catalog.limits.reversal_window_s * 1000
    # The reversal is judged at the time the terminal made it, but never later than now (+skew).
    when = min(req.created_at_ms, now + ctx.settings.skew_ms)
    if when - sale.created_at_ms > window_ms or when < sale.created_at_ms:
        return _refused(req, "window_expired",
                        f"A sale can only be reversed within {catalog.limits.reversal_window_s // 60} minutes.")
    main = uow.ledger.lock_balance(ledger.main_account(sale.msisdn)) or 0
    main -= uow.charging.reserved([ledger.main_account(sale.msisdn)])[ledger.main_account(sale.msisdn)]  # issue 15
    if main < sale.face:
        return _refused(req, "credit_spent", "The customer has already used the airtime; it cannot be taken back.")
    bonus_account = ledger.bonus_account(sale.msisdn)
    bonus_held = max(0, uow.ledger.balance(bonus_account)
                     - uow.charging.reserved([bonus_account])[bonus_account])  # issue 15: held by a session
    amounts = ledger.SaleAmounts(face=sale.face, bonus=sale.bonus, float_cost=sale.float_cost)
    posting = ledger.reversal(req.id, sale.id, who.agent_id, sale.msisdn, sale.currency, amounts,
                              min(sale.bonus, bonus_held))
    points_back = loyalty.reversal_postings(uow, req.id, sale.id, who.agent_id, sale.msisdn)  # issue 14
    uow.ledger.apply_postings([posting, *points_back], now)
    uow.sales.mark_reversed(sale.id, req.id)
    return ReversalResult(req.id, req.sale_id, REVERSED)
