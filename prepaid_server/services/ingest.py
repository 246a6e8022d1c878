"""Sales ingest: one unit of work per batch, set-based writes, a result per item.

Validation and pricing are pure (the parsed catalog is cached per version); then the agent's float
row is locked once, existing ids are looked up in one query, decisions are made in memory in
request order, and all rows go in with a few set-wise statements (store/repositories/).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticError

from topup_core.wire import ACCEPTED, DUPLICATE, REJECTED, AllowanceView, ItemResult  # noqa: F401

from ..domain import ledger, risk
from ..domain.pricing import Rejection, check_version_valid, price_check
from ..store.repositories.sales import SaleOutcome
from ..store.uow import UnitOfWork
from . import catalogs, loyalty, offers, sale_scope
from .auth import AuthedTerminal, SignedRequest
from .context import ServerContext
from .documents import SaleDocument, content_hash
from .floats import FloatView
from .text_input import plain


_PIPELINE_MAX = 20  # up to this many sale rows, pipelined INSERTs; above, COPY (fewer bytes, faster per row)


@dataclass
class _Item:
    raw: Any
    sale_id: str | None
    digest: str
    doc: SaleDocument | None = None
    rejection: Rejection | None = None
    e164: str | None = None
    amounts: ledger.SaleAmounts | None = None


class IdConflict(Exception):
    """Same id, different content (the single-sale endpoint answers 409)."""

    def __init__(self, sale_id: str) -> None:
        self.sale_id = sale_id
        super().__init__(sale_id)


def _prepare(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, versions: list, raw: Any,
             valid: SaleDocument | None = None) -> _Item:
    """`valid`: the caller already validated `raw` into this document (the single-sale route)."""
    sale_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(sale_id, str) or not 1 <= len(sale_id) <= 64 or not plain(sale_id):
        return _Item(raw, None, "", rejection=Rejection("sale_malformed", "The sale has no usable id."))
    item = _Item(raw, sale_id, content_hash(raw))
    try:
        item.doc = doc = valid if valid is not None else SaleDocument.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        item.rejection = Rejection("sale_malformed", f"{where}: {first.get('msg', 'invalid')}"[:300])
        return item
    try:
        if doc.terminal_id != who.terminal_id:
            raise Rejection("terminal_mismatch", "The sale names another terminal than the one that sent it.")
        if doc.created_at_ms > ctx.clock() + ctx.settings.skew_ms:
            raise Rejection("created_at_invalid", "The sale is dated in the future.")
        check_version_valid(versions, doc.catalog_version, doc.created_at_ms,
                            grace_ms=ctx.settings.catalog_grace_ms, skew_ms=ctx.settings.skew_ms)
        catalog = catalogs.parsed(ctx, uow, doc.catalog_version)
        item.e164, item.amounts = price_check(
            catalog, msisdn=doc.msisdn, operator=doc.operator, product=doc.product, currency=doc.currency,
            face=doc.face, bonus=doc.bonus, price=doc.price, float_cost=doc.float_cost,
            created_at_ms=doc.created_at_ms)
        if catalog.currency != who.currency:
            raise Rejection("price_mismatch", "The catalog's currency is not the agent's float currency.")
    except Rejection as rejection:
        item.rejection = rejection
    return item


def _history(uow: UnitOfWork, who: AuthedTerminal, items: list[_Item], rules: dict[str, risk.RuleSetting]
             ) -> risk.TerminalHistory:
    history = risk.TerminalHistory()
    live = [i for i in items if i.amounts is not None]
    if not live or all(r.action == risk.OFF for r in rules.values()):
        return history
    times = [i.doc.created_at_ms for i in live]
    repeat = rules[risk.REPEAT_MSISDN]
    if repeat.action != risk.OFF:
        window = repeat.threshold * 1000
        history.msisdn_times.update(uow.sales.accepted_times_by_number(
            sorted({i.e164 for i in live}), min(times) - window, max(times) + window))
    if rules[risk.DAILY_CAP].action != risk.OFF:
        for day in {t // risk.DAY_MS for t in times}:
            history.day_totals[day] = uow.sales.accepted_face_total(who.terminal_id, day * risk.DAY_MS,
                                                                    (day + 1) * risk.DAY_MS)
    if rules[risk.AMOUNT_SPIKE].action != risk.OFF:
        history.recent_faces = uow.sales.recent_accepted_faces(who.terminal_id, risk.SPIKE_HISTORY)
    return history


def _replay(stored: SaleOutcome, sale_id: str, digest: str) -> ItemResult:
    if stored.content_hash != digest:
        return ItemResult(sale_id, REJECTED, "id_conflict",
                          "This sale id was already used for a different sale; it was not recorded again.")
    if stored.status == ACCEPTED:
        return ItemResult(sale_id, DUPLICATE, None, None, stored.server_ref)
    return ItemResult(sale_id, REJECTED, stored.code, stored.message)


def _sale_row(who: AuthedTerminal, item: _Item, now: int, result: ItemResult, allowance_used: int) -> dict:
    doc = item.doc
    row = {"id": item.sale_id, "terminal_id": who.terminal_id, "agent_id": who.agent_id, "received_at_ms": now,
           "content_hash": item.digest, "status": result.status, "code": result.code,
           "message": (result.message or None) and result.message[:300], "server_ref": result.server_ref,
           "allowance_used": allowance_used, "reversal_id": None, "seq": None, "created_at_ms": None,
           "msisdn": None, "operator": None, "product": None, "currency": None, "face": None, "bonus": None,
           "price": None, "float_cost": None, "catalog_version": None, "payment_method": None,
           "voucher_serial": None}
    if doc is not None and doc.terminal_id == who.terminal_id:
        row.update(seq=doc.seq, created_at_ms=doc.created_at_ms, msisdn=item.e164 or doc.msisdn[:20],
                   operator=doc.operator, product=doc.product, currency=doc.currency, face=doc.face,
                   bonus=item.amounts.bonus if item.amounts else doc.bonus,  # issue 14 (offers): as paid
                   price=doc.price, float_cost=doc.float_cost,
                   catalog_version=doc.catalog_version, payment_method=doc.payment_method,
                   voucher_serial=doc.voucher_serial)
    return row


def ingest_in(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, raw_items: list[Any],
              docs: list[SaleDocument] | None = None) -> tuple[list[ItemResult], FloatView]:
    """Decide and write a batch inside the caller's unit of work (which commits). `docs`: the
    items already validated, one per raw item (the single-sale route validates its body once)."""
    now = ctx.clock()
    versions = catalogs.versions_cached(ctx, uow, _versions_named(raw_items))
    valid = docs if docs is not None else [None] * len(raw_items)
    items = [_prepare(ctx, uow, who, versions, raw, doc) for raw, doc in zip(raw_items, valid)]
    # The float row lock serialises this agent's sales; the risk rules come in the same round trip
    # (issue 13, perf-sale; on SQLite two plain reads, as risk_rules() and lock_balance()).
    float_balance, stored_rules = uow.sale_state.lock_float_and_rules(ledger.float_account(who.agent_id))
    float_balance = float_balance or 0
    rules = {**risk.DEFAULT_RULES, **stored_rules}  # = admin.risk_rules(uow)
    # Under the lock: every sale of this agent committed before it is visible, so ids sent to
    # several processes at once collide only with other agents' ids (never), not with each other's
    # batches (read before the lock, two reruns in a row could both collide: store_busy).
    # The state and the outcomes: one statement on PostgreSQL (issue 13, perf-sale).
    state, existing = uow.sale_state.read_with_outcomes(  # safe under that lock
        who.terminal_id, ledger.allowance_account(who.terminal_id), sorted({i.sale_id for i in items if i.sale_id}))
    allowance, limit = state.allowance, state.float_limit
    history = _history(uow, who, items, rules)

    results: list[ItemResult] = []
    in_batch: dict[str, tuple[str, ItemResult]] = {}
    sale_rows, postings, alerts, subscribers = [], [], [], {}
    allowance_spent = 0
    points_book = loyalty.PointsBook(ctx, uow, now)  # issue 14: the points side, same transaction
    offer_book = offers.OfferBook(ctx, uow)  # issue 14 (offers): targeted bonuses, weekly caps
    for item in items:
        if item.sale_id is None:
            results.append(ItemResult(None, REJECTED, item.rejection.code, item.rejection.message))
            continue
        if item.sale_id in existing:
            results.append(sale_scope.replay(uow, who, existing[item.sale_id], item.sale_id, item.raw, item.digest))
            continue
        if item.sale_id in in_batch:
            digest, first = in_batch[item.sale_id]
            stored = SaleOutcome(digest, first.status, first.code, first.message, first.server_ref,
                                 who.terminal_id, who.agent_id)
            results.append(_replay(stored, item.sale_id, item.digest))
            continue
        if item.rejection is None and item.amounts is not None:
            item.rejection = points_book.check(item.doc.catalog_version, item.e164, item.doc.payment_method,
                                               item.doc.price)
        result, used = _decide(ctx, who, item, history, rules, alerts, now, float_balance - limit, allowance)
        if result.status == ACCEPTED:
            item.amounts = offer_book.settle(item.sale_id, who.agent_id, item.doc, item.e164, item.amounts)  # offers
            points_book.accepted(item.sale_id, who.agent_id, item.doc.catalog_version, item.e164, item.doc.operator,
                                 item.amounts.face, item.doc.price, item.doc.payment_method)
            from_float = item.amounts.float_cost - used
            float_balance -= from_float
            allowance -= used
            allowance_spent += used
            postings.append(ledger.sale(item.sale_id, who.agent_id, who.terminal_id, item.e164, who.currency,
                                        item.amounts, used))
            history.record(item.e164, item.amounts.face, item.doc.created_at_ms)
            expiry = item.doc.created_at_ms + ctx.settings.bonus_validity_ms if item.amounts.bonus else None
            previous = subscribers.get(item.e164)
            subscribers[item.e164] = max(filter(None, (expiry, previous)), default=None)
        in_batch[item.sale_id] = (item.digest, result)
        if result.code != "terminal_mismatch":  # caused by the sender: never binds the id (issue 11)
            sale_rows.append(_sale_row(who, item, now, result, used))
        results.append(result)

    # Lock order (issue 13 doubt, perf-sale): float (locked above), then apply_postings touches
    # accounts in repositories/ledger.lock_order: allowance, every main account, then every bonus
    # account, as reversals (main, then bonus) and charging do; never bonus before main.
    with uow.pipeline(enabled=len(sale_rows) <= _PIPELINE_MAX):  # few rows: one round trip for all writes
        uow.sales.insert_many(sale_rows)
        uow.subscribers.upsert_expiries(subscribers, who.currency, now)
        uow.ledger.apply_postings(postings + points_book.postings, now)
    offer_book.flush()  # issue 14 (offers): the promotion awards of this batch
    if allowance_spent:
        uow.terminals.add_allowance_used(who.terminal_id, allowance_spent)
    uow.risk.add_alerts(alerts)
    view = FloatView(who.currency, float_balance, limit, max(0, float_balance - limit),
                     AllowanceView(state.allowance_reserved, state.allowance_used + allowance_spent, allowance))
    return results, view


def _versions_named(raw_items: list[Any]) -> set[int]:
    """The catalog versions the batch names, read before validation: anything but an int (a list,
    a dict, a bool) is left to the item's own validation to reject (issue 11: never a 500)."""
    return {v for raw in raw_items if isinstance(raw, dict)
            for v in (raw.get("catalog_version"),) if isinstance(v, int) and not isinstance(v, bool)}


def _decide(ctx: ServerContext, who: AuthedTerminal, item: _Item, history: risk.TerminalHistory,
            rules: dict[str, risk.RuleSetting], alerts: list[dict], now: int, available: int, allowance: int
            ) -> tuple[ItemResult, int]:
    """Accept or reject one priced sale against risk rules and the money at hand. Returns (result, from_allowance)."""
    if item.rejection is not None:
        return ItemResult(item.sale_id, REJECTED, item.rejection.code, item.rejection.message), 0
    hits = risk.evaluate(rules, history, item.e164, item.amounts.face, item.doc.created_at_ms)
    for hit in hits:
        alerts.append({"created_at_ms": now, "rule": hit.rule, "action": hit.action, "sale_id": item.sale_id,
                       "terminal_id": who.terminal_id, "agent_id": who.agent_id, "detail": hit.detail})
    if risk.rejects(hits):
        reasons = ", ".join(h.rule for h in hits if h.action == risk.REJECT)
        return ItemResult(item.sale_id, REJECTED, "risk_rejected", f"Refused by risk rules: {reasons}."), 0
    used, from_float = ledger.split_cost(item.amounts.float_cost, allowance)
    if from_float > available:
        return ItemResult(item.sale_id, REJECTED, "insufficient_float",
                          "The agent's float is too low for this sale; nothing was charged."), 0
    return ItemResult(item.sale_id, ACCEPTED, None, None, f"PS-{uuid.uuid4().hex[:16].upper()}"), used


def ingest(ctx: ServerContext, who: AuthedTerminal, raw_items: list[Any], *, signed: SignedRequest | None = None,
           docs: list[SaleDocument] | None = None) -> tuple[list[ItemResult], FloatView]:
    """`signed`: the request's nonce is recorded in the same transaction (one commit per request)."""
    def work(uow: UnitOfWork) -> tuple[list[ItemResult], FloatView]:
        if signed is not None:
            signed.claim_in(uow)  # rolled back with the rest if anything fails: retried as new
        return ingest_in(ctx, uow, who, raw_items, docs)

    # Another request may store one of these ids between our lookup and insert: the second run
    # finds it and answers duplicate / id_conflict.
    return ctx.run(work)


def ingest_one(ctx: ServerContext, who: AuthedTerminal, raw: dict, *, signed: SignedRequest | None = None,
               doc: SaleDocument | None = None) -> ItemResult:
    """`doc`: `raw` already validated (SaleDocument.model_dump() of it), so it is not validated twice."""
    (result,), _view = ingest(ctx, who, [raw], signed=signed, docs=None if doc is None else [doc])
    if result.code == "id_conflict":
        raise IdConflict(result.id)
    return result
