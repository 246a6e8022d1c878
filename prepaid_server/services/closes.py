"""Day closes (Z reports) and cancellations sent by terminals.

A Z report names the sales it covers by sequence number; the server recomputes every total from
its own records of those sales and answers with its figures (it never trusts the terminal's).
Nothing is stored for a close: the answer is a pure function of the server's sales, so a retry
gets the same answer (unless a reversal landed in between, which the terminal then sees).

A cancellation tells the server that a sale number was withdrawn at the terminal before it was
ever sent. The id is stored as a rejected sale (code `cancelled`), so the sequence has no gap and
the sale id can never be accepted later (its content would not match: `id_conflict`).
"""
from __future__ import annotations

import bisect
import hashlib
import json

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from topup_core.errors import Conflict, ValidationError
from topup_core.wire import CancellationResult as CancelResult, CloseResult, Totals

from ..domain import ledger
from ..store.repositories.hardening import CancellationRecord
from ..store.uow import UnitOfWork
from .auth import AuthedTerminal
from .context import ServerContext
from .text_input import CleanText, PlainText

MAX_COVERED = 2_000_000
Seq = Annotated[int, Field(ge=1, le=2**62)]
MAX_LISTED = 1000


class CloseRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: PlainText(64)
    z_no: int = Field(ge=1, le=2**31 - 1)
    business_day: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    first_day: CleanText(10) = ""
    closed_at_ms: int = Field(ge=0, le=2**53)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    seq_ranges: list[Annotated[list[Seq], Field(min_length=2, max_length=2)]] = Field(default_factory=list, max_length=100_000,
                                        description="[[first, last], ...] sequence numbers the terminal says the "
                                                    "server has answered for")
    carried_seqs: list[Seq] = Field(default_factory=list, max_length=100_000,
                                    description="sales still in flight, carried over by a manager")
    client_totals: dict[CleanText(16), int] | None = Field(
        default=None, max_length=12, description="the terminal's own settled totals (count, face, bonus, price, "
                                                 "float_cost, commission), kept for the console's comparison")
    client_methods: dict[CleanText(16), Annotated[list[Annotated[int, Field(ge=0, le=2**62)]], Field(min_length=2, max_length=2)]] | None = Field(
        default=None, max_length=12, description="the terminal's takings per payment method, {method: [count, face]} "
                                                 "(issue 16 item 6: settlement by method as the terminals reported)")


def recompute(ctx: ServerContext, who: AuthedTerminal, req: CloseRequest) -> CloseResult:
    ranges = sorted((r[0], r[1]) for r in req.seq_ranges if len(r) == 2)
    if len(ranges) != len(req.seq_ranges) or any(lo < 1 or hi < lo for lo, hi in ranges):
        raise ValidationError("seq_ranges_invalid", "Each range is [first, last] with 1 <= first <= last.")
    if sum(hi - lo + 1 for lo, hi in ranges) > MAX_COVERED:
        raise ValidationError("seq_ranges_invalid", "A close covers at most two million sales.")
    starts = [lo for lo, _ in ranges]

    def listed(seq: int) -> bool:
        i = bisect.bisect_right(starts, seq) - 1
        return i >= 0 and seq <= ranges[i][1]

    settled, reversed_ = Totals(), Totals()
    rejected = 0
    seen: set[int] = set()
    unlisted: list[int] = []
    methods: dict[str, list[int]] = {}  # the server's settled sales of the close per payment method
    carried = set(req.carried_seqs)
    if ranges:
        lo = min(ranges[0][0], min(carried, default=ranges[0][0]))
        hi = max(ranges[-1][1], max(carried, default=ranges[-1][1]))
        with ctx.uow() as uow:
            rows = uow.sales.for_close(who.terminal_id, lo, hi)
        for seq, status, reversal_id, face, bonus, price, float_cost, currency, method in rows:
            if not listed(seq):
                if status == "accepted" and seq not in carried:
                    unlisted.append(seq)  # the server has a sale the terminal left out
                continue
            seen.add(seq)
            if status != "accepted" or currency != req.currency:
                rejected += 1
            elif reversal_id is not None:
                reversed_.add_sale(face, bonus, price, float_cost)
            else:
                settled.add_sale(face, bonus, price, float_cost)
                m = methods.setdefault(method or "?", [0, 0])
                m[0] += 1
                m[1] += face
    missing: list[int] = []
    for lo, hi in ranges:
        for seq in range(lo, hi + 1):
            if seq not in seen:
                missing.append(seq)
                if len(missing) >= MAX_LISTED:
                    break
        if len(missing) >= MAX_LISTED:
            break
    result = CloseResult(req.id, req.z_no, who.terminal_id, req.business_day, req.currency, settled,
                         reversed_, rejected, missing, sorted(unlisted)[:MAX_LISTED], ctx.clock())
    from .terminal_desk import record_close  # issue 16: the console shows each close and its recompute
    record_close(ctx, result, req.client_totals, req.client_methods, methods)
    return result


# ---------------------------------------------------------------- cancellations


class CancelRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: PlainText(64)
    sale_id: PlainText(64)
    seq: int = Field(ge=1, le=2**62)
    reason: CleanText(300) = ""
    created_at_ms: int = Field(ge=0, le=2**53)


def _cancel_digest(req: CancelRequest) -> str:
    text = json.dumps(["cancel", req.id, req.sale_id, req.seq], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def cancel(ctx: ServerContext, who: AuthedTerminal, req: CancelRequest) -> CancelResult:
    # The sale (or the same cancel) stored concurrently: the second run answers from it.
    return ctx.run(lambda uow: _cancel_in(ctx, uow, who, req))


def _cancel_in(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: CancelRequest) -> CancelResult:
    """Idempotent on the cancellation's own id (issue 11): the first answer is kept; the same id
    for another sale, sequence number or reason is a conflict and cancels nothing."""
    uow.ledger.lock_balance(ledger.float_account(who.agent_id))  # same lock order as ingest
    digest = _request_digest(req)
    stored = uow.hardening.cancellation(req.id)
    if stored is not None:
        if stored.content_hash != digest or stored.terminal_id != who.terminal_id:
            raise Conflict("id_conflict", "This cancellation id was already used for another cancellation.")
        return CancelResult(stored.id, stored.sale_id, stored.status, stored.code, stored.message)
    result = _decide_cancel(ctx, uow, who, req)
    uow.hardening.add_cancellation(CancellationRecord(req.id, req.sale_id, who.terminal_id, ctx.clock(), digest,
                                                      result.status, result.code, result.message))
    return result


def _request_digest(req: CancelRequest) -> str:
    text = json.dumps(["cancel-request", req.id, req.sale_id, req.seq, req.reason], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _decide_cancel(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, req: CancelRequest) -> CancelResult:
    now = ctx.clock()
    row = uow.sales.get(req.sale_id)
    if row is None:
        uow.sales.add({"id": req.sale_id, "terminal_id": who.terminal_id, "agent_id": who.agent_id, "seq": req.seq,
                       "created_at_ms": None, "received_at_ms": now, "content_hash": _cancel_digest(req),
                       "status": "rejected", "code": "cancelled",
                       "message": f"Cancelled at the terminal before it was sent: {req.reason}"[:300],
                       "server_ref": None, "allowance_used": 0, "reversal_id": None})
        return CancelResult(req.id, req.sale_id, "cancelled")
    if row.terminal_id != who.terminal_id:
        return CancelResult(req.id, req.sale_id, "refused", "not_this_terminal",
                            "That sale belongs to another terminal.")
    if row.status == "accepted":
        return CancelResult(req.id, req.sale_id, "refused", "already_received",
                            "The server already accepted this sale; it can only be reversed.")
    return CancelResult(req.id, req.sale_id, "cancelled", row.code if row.code != "cancelled" else None)
