"""Loyalty at the server (authoritative): points granted with the sale in the same transaction,
redemption as the payment method "points" checked at ingest, take-back and restore on reversal,
lazy expiry, and the customer's loyalty view and suggestions for the lookup. Rules: topup_core/loyalty.py."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from topup_core.loyalty import PAID_WITH_POINTS, LoyaltyRules, PointsState, points_state, rules_from_document
from topup_core.suggestions import Suggestions, suggest

from ..domain import points
from ..domain.ledger import Posting
from ..domain.pricing import Rejection
from ..store.uow import UnitOfWork
from .context import ServerContext

_RULES: dict[tuple[str, int], LoyaltyRules | None] = {}  # (database url, catalog version): immutable
POPULAR_WINDOW_MS = 90 * 86_400_000
HISTORY = 20  # a customer's own top-ups looked at for suggestions


def rules_for(ctx: ServerContext, uow: UnitOfWork, version: int | None) -> LoyaltyRules | None:
    """The loyalty rules of a catalog version (None: that version has no loyalty programme)."""
    if version is None:
        return None
    key = (ctx.url, version)
    if key not in _RULES:
        text = uow.catalogs.document(version)
        _RULES[key] = rules_from_document(json.loads(text)) if text else None
    return _RULES[key]


def state_in(uow: UnitOfWork, rules: LoyaltyRules, msisdn: str, now_ms: int) -> PointsState:
    return points_state(rules, uow.loyalty.movements(points.points_account(msisdn)), now_ms)


# ---------------------------------------------------------------- ingest


@dataclass
class PointsBook:
    """The points side of one ingest batch: decisions in memory, postings written with the sale's."""

    ctx: ServerContext
    uow: UnitOfWork
    now_ms: int
    postings: list[Posting] = field(default_factory=list)
    _available: dict[str, int] = field(default_factory=dict)

    def _balance(self, rules: LoyaltyRules, msisdn: str) -> int:
        if msisdn not in self._available:
            self.uow.ledger.lock_balance(points.points_account(msisdn))  # redemptions of one customer queue
            movements = self.uow.loyalty.movements(points.points_account(msisdn))
            state = points_state(rules, movements, self.now_ms)
            if state.to_expire:
                posted = -sum(m.amount for m in movements if m.kind == points.EXPIRY)
                self.postings.append(points.expire(msisdn, state.to_expire, posted + state.to_expire))
            self._available[msisdn] = state.balance
        return self._available[msisdn]

    def check(self, version: int, msisdn: str, payment_method: str, price: int) -> Rejection | None:
        """A sale paid with points: refused unless the programme exists and the customer holds enough."""
        if payment_method != PAID_WITH_POINTS:
            return None
        rules = rules_for(self.ctx, self.uow, version)
        if rules is None:
            return Rejection("points_unavailable", "This catalog has no loyalty programme; points cannot pay.")
        cost = rules.points_cost(price)
        held = self._balance(rules, msisdn)
        if cost > held:
            return Rejection("points_insufficient",
                             f"The customer has {held} points; this sale needs {cost}. Nothing was charged.")
        return None

    def accepted(self, sale_id: str, agent_id: str, version: int, msisdn: str, operator: str, face: int,
                 price: int, payment_method: str) -> int:
        """Post what an accepted sale does to points; returns the points earned (0 when paid with points)."""
        rules = rules_for(self.ctx, self.uow, version)
        if rules is None:
            return 0
        if payment_method == PAID_WITH_POINTS:
            cost = rules.points_cost(price)
            if cost:
                self._available[msisdn] = self._balance(rules, msisdn) - cost
                self.postings.append(points.redeem(sale_id, agent_id, msisdn, cost))
            return 0
        earned = rules.points_for(operator, face, payment_method)
        if earned:
            if msisdn in self._available:
                self._available[msisdn] += earned
            self.postings.append(points.earn(sale_id, agent_id, msisdn, earned))
        return earned


# ---------------------------------------------------------------- reversal


def reversal_postings(uow: UnitOfWork, reversal_id: str, sale_id: str, agent_id: str, msisdn: str
                      ) -> list[Posting]:
    """A reversal undoes the sale's points exactly once (the reversal itself is once per sale):
    it gives back the points the sale was paid with, and takes back what it earned, as far as the
    customer still holds them (a points account never goes negative)."""
    account = points.points_account(msisdn)
    out: list[Posting] = []
    paid = -uow.loyalty.posting_amount(f"points-redeem:{sale_id}", account)
    if paid > 0:
        out.append(points.restore(reversal_id, sale_id, agent_id, msisdn, paid))
    earned = uow.loyalty.posting_amount(f"points:{sale_id}", account)
    if earned > 0:
        held = uow.ledger.lock_balance(account) or 0
        back = min(earned, held + paid)
        if back > 0:
            out.append(points.take_back(reversal_id, sale_id, agent_id, msisdn, back))
    return out


# ---------------------------------------------------------------- the lookup


@dataclass(frozen=True)
class LoyaltyView:
    points: int
    tier: str
    tier_name: str
    next_tier: str | None
    next_tier_name: str | None
    points_to_next: int
    spend_to_next: int  # minor units of face value that would earn points_to_next (at the base rate)
    earned_this_cycle: int
    cycle_ends_at_ms: int
    expiring_points: int
    expiring_at_ms: int | None
    points_value: int  # minor units the balance pays for (redemption rate)
    minor_per_point: int
    offline_cap_points: int


def loyalty_view(uow: UnitOfWork, rules: LoyaltyRules | None, msisdn: str, now_ms: int) -> LoyaltyView | None:
    if rules is None:
        return None
    state = state_in(uow, rules, msisdn, now_ms)
    return LoyaltyView(
        points=state.balance, tier=state.tier.code, tier_name=state.tier.name,
        next_tier=state.next_tier.code if state.next_tier else None,
        next_tier_name=state.next_tier.name if state.next_tier else None,
        points_to_next=state.points_to_next, spend_to_next=state.points_to_next * rules.face_per_point,
        earned_this_cycle=state.earned_this_cycle, cycle_ends_at_ms=state.cycle_ends_at_ms,
        expiring_points=state.expiring_points, expiring_at_ms=state.expiring_at_ms,
        points_value=state.balance * rules.minor_per_point, minor_per_point=rules.minor_per_point,
        offline_cap_points=rules.offline_cap_points)


def suggestions_in(uow: UnitOfWork, agent_id: str | None, msisdn: str, now_ms: int) -> Suggestions:
    own = uow.loyalty.history(msisdn, HISTORY)
    operator = own[0][2] if own else None
    popular = (uow.loyalty.popular_faces(agent_id, operator, now_ms - POPULAR_WINDOW_MS, 3)
               if agent_id and operator else [])
    return suggest(own, popular)

