"""Tiered recharge bonuses: "recharge 100, get 5 free; recharge 500, get 50"."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class BonusTier:
    threshold: int  # minimum face value, minor units
    bonus: int  # bonus credited, minor units


@dataclass(frozen=True, slots=True)
class Promotion:
    code: str
    name: str
    tiers: tuple[BonusTier, ...]
    valid_from: datetime | None = None
    valid_to: datetime | None = None  # exclusive
    operator_codes: frozenset[str] = field(default_factory=frozenset)
    product_codes: frozenset[str] = field(default_factory=frozenset)
    segment: "Segment" = field(default_factory=lambda: Segment())  # issue 14: who it is for (everyone)
    weekly_cap: "WeeklyCap | None" = None  # issue 14: per customer per ISO week

    def __post_init__(self) -> None:
        # Tiers must rise in both threshold and bonus, so a bigger top-up never earns less.
        if not self.tiers:
            raise ValidationError("promotion_invalid", f"promotion {self.code} has no tiers")
        previous: BonusTier | None = None
        for tier in self.tiers:
            if type(tier.threshold) is not int or type(tier.bonus) is not int:
                raise ValidationError("promotion_invalid", "tier amounts must be integer minor units")
            if tier.threshold <= 0 or tier.bonus < 0:
                raise ValidationError("promotion_invalid", f"promotion {self.code}: tier amounts must be positive")
            if previous and (tier.threshold <= previous.threshold or tier.bonus < previous.bonus):
                raise ValidationError("promotion_invalid", f"promotion {self.code}: tiers must rise")
            previous = tier
        _check_targeting(self)

    def applies_to(self, operator_code: str, product_code: str, at: datetime) -> bool:
        if self.valid_from and at < self.valid_from:
            return False
        if self.valid_to and at >= self.valid_to:
            return False
        if self.product_codes and product_code not in self.product_codes:
            return False
        if self.operator_codes and operator_code not in self.operator_codes:
            return False
        return True

    def bonus_for(self, face: int) -> int:
        bonus = 0
        for tier in self.tiers:
            if face >= tier.threshold:
                bonus = tier.bonus
            else:
                break
        return bonus


def best_bonus(promotions: tuple[Promotion, ...] | list[Promotion], operator_code: str, product_code: str,
               face: int, at: datetime) -> tuple[int, str | None]:
    """The largest bonus any live promotion gives (promotions don't stack). Returns (bonus, code).
    Targeted or capped promotions need the customer's facts (`segment_bonus`) and are left out."""
    bonus = segment_bonus(promotions, operator_code, product_code, face, at, None)
    return bonus.amount, bonus.code


# ---------------------------------------------------------------- segments, caps and reasons (issue 14, offers)
#
# A promotion may target a segment of customers and cap what one customer gets per ISO week. The
# evaluation is pure and takes a small `CustomerFacts` value, so the terminal previews (from its
# cached view of the customer) exactly what the server computes at ingest (from its own sales).

DAY_MS = 86_400_000

# Why a bonus applies (the terminal translates these; docs/LOYALTY.md "Targeted offers").
REASON_WELCOME = "welcome"  # the customer's first top-up
REASON_WELCOME_BACK = "welcome_back"  # lapsed: at least N days since the last top-up
REASON_TIER = "tier"  # loyalty tier at least T ("Gold bonus")
REASON_FREQUENT = "frequent"  # at least the Nth top-up in the last D days ("5th top-up in 30 days")
REASONS = (REASON_WELCOME, REASON_WELCOME_BACK, REASON_TIER, REASON_FREQUENT)


@dataclass(frozen=True, slots=True)
class Segment:
    """Who a promotion is for. Every condition set must hold (an empty segment: everyone)."""

    new_customer: bool = False  # no earlier accepted top-up of this number
    lapsed_days: int | None = None  # at least this many whole days since the last top-up
    min_tier: str | None = None  # loyalty tier at least this one (by the catalog's tier order)
    min_top_ups: int | None = None  # this top-up is at least the Nth ...
    within_days: int | None = None  # ... in the last D days (counting itself)

    @property
    def empty(self) -> bool:
        return not (self.new_customer or self.lapsed_days is not None or self.min_tier is not None
                    or self.min_top_ups is not None)


@dataclass(frozen=True, slots=True)
class WeeklyCap:
    """At most `count` bonuses and/or `amount` minor units of bonus per customer per ISO week
    (Monday 00:00 UTC), per promotion. A bonus that would go past the amount is not given at all."""

    count: int | None = None
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What the segment logic needs to know about a customer, as of the sale being priced.

    `first_sale`: True = no earlier top-up; None = not known (a till with no cached view): a
    segment condition that is not known never holds, so the preview never promises too much.
    `recent_ms`: times of the earlier top-ups, at least those within the longest window any
    promotion looks at. `week_given`: {promotion code: (count, amount)} already given in ISO week
    `week` ("2026-W49"); for another week it counts as nothing given."""

    first_sale: bool | None = None
    last_top_up_ms: int | None = None
    tier: str | None = None
    recent_ms: tuple[int, ...] = ()
    week: str | None = None
    week_given: dict[str, tuple[int, int]] = field(default_factory=dict, hash=False)

    def days_since_last(self, at_ms: int) -> int | None:
        return None if self.last_top_up_ms is None else max(0, (at_ms - self.last_top_up_ms) // DAY_MS)

    def count_within(self, at_ms: int, days: int) -> int:
        """Earlier top-ups in the last `days` days before `at_ms`."""
        return sum(1 for t in self.recent_ms if at_ms - days * DAY_MS < t <= at_ms)

    def given(self, code: str, at_ms: int) -> tuple[int, int]:
        if self.week != iso_week(at_ms):
            return 0, 0
        return self.week_given.get(code, (0, 0))

    def after_sale(self, at_ms: int, code: str | None, bonus: int) -> "CustomerFacts":
        """The facts for the customer's next top-up once this one (at `at_ms`, `bonus` from `code`) is made."""
        week = iso_week(at_ms)
        given = dict(self.week_given) if self.week == week else {}
        if code is not None and bonus > 0:
            count, amount = given.get(code, (0, 0))
            given[code] = (count + 1, amount + bonus)
        return CustomerFacts(first_sale=False, last_top_up_ms=max(at_ms, self.last_top_up_ms or at_ms),
                             tier=self.tier, recent_ms=tuple(sorted((*self.recent_ms, at_ms))), week=week,
                             week_given=given)

    def to_dict(self) -> dict[str, Any]:
        return {"first_sale": self.first_sale, "last_top_up_ms": self.last_top_up_ms, "tier": self.tier,
                "recent_ms": list(self.recent_ms), "week": self.week,
                "week_given": {k: list(v) for k, v in sorted(self.week_given.items())}}

    @classmethod
    def from_dict(cls, data: Any) -> "CustomerFacts | None":
        """The facts of a lookup reply; None when they are not what the protocol says."""
        try:
            first, last, tier = data["first_sale"], data.get("last_top_up_ms"), data.get("tier")
            recent = tuple(data.get("recent_ms") or ())
            given = {str(k): (v[0], v[1]) for k, v in (data.get("week_given") or {}).items()}
            week = data.get("week")
        except (KeyError, TypeError, AttributeError, IndexError):
            return None
        ints = (*recent, *(n for pair in given.values() for n in pair), *(() if last is None else (last,)))
        if (first not in (True, False, None) or any(type(n) is not int for n in ints)
                or not (tier is None or isinstance(tier, str)) or not (week is None or isinstance(week, str))):
            return None
        return cls(first, last, tier, recent, week, given)


def iso_week(at_ms: int) -> str:
    year, week, _ = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a bonus applies: `kind` one of REASONS, with the figures its label needs."""

    kind: str
    tier: str | None = None
    count: int | None = None
    days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("kind", self.kind), ("tier", self.tier), ("count", self.count),
                                  ("days", self.days)) if v is not None}

    @classmethod
    def from_dict(cls, data: Any) -> "Reason | None":
        if not isinstance(data, dict) or data.get("kind") not in REASONS:
            return None
        tier, count, days = data.get("tier"), data.get("count"), data.get("days")
        if not (tier is None or isinstance(tier, str)) or any(
                not (v is None or type(v) is int) for v in (count, days)):
            return None
        return cls(data["kind"], tier, count, days)


@dataclass(frozen=True, slots=True)
class Bonus:
    amount: int
    code: str | None = None
    reason: Reason | None = None


NO_BONUS = Bonus(0)


def segment_holds(promo: Promotion, facts: CustomerFacts | None, at_ms: int, tier_codes: tuple[str, ...]
                  ) -> Reason | None | bool:
    """False when the promotion's segment does not hold for these facts; else its Reason (None for
    a promotion without a segment)."""
    seg = promo.segment
    if seg.empty:
        return None
    if facts is None:
        return False
    reason: Reason | None = None
    if seg.new_customer:
        if facts.first_sale is not True:
            return False
        reason = reason or Reason(REASON_WELCOME)
    if seg.lapsed_days is not None:
        days = facts.days_since_last(at_ms)
        if facts.first_sale is not False or days is None or days < seg.lapsed_days:
            return False
        reason = reason or Reason(REASON_WELCOME_BACK, days=days)
    if seg.min_tier is not None:
        if facts.tier not in tier_codes or seg.min_tier not in tier_codes or (
                tier_codes.index(facts.tier) < tier_codes.index(seg.min_tier)):
            return False
        reason = reason or Reason(REASON_TIER, tier=facts.tier)
    if seg.min_top_ups is not None:
        days = seg.within_days or 0
        nth = facts.count_within(at_ms, days) + 1 if facts.first_sale is not None else 0
        if nth < seg.min_top_ups:
            return False
        reason = reason or Reason(REASON_FREQUENT, count=nth, days=days)
    return reason


def cap_allows(promo: Promotion, facts: CustomerFacts | None, at_ms: int, bonus: int) -> bool:
    cap = promo.weekly_cap
    if cap is None:
        return True
    if facts is None:
        return False  # a capped offer needs to know what this customer already had
    count, amount = facts.given(promo.code, at_ms)
    if cap.count is not None and count + 1 > cap.count:
        return False
    return cap.amount is None or amount + bonus <= cap.amount


def segment_bonus(promotions: tuple[Promotion, ...] | list[Promotion], operator_code: str, product_code: str,
                  face: int, at: datetime, facts: CustomerFacts | None, tier_codes: tuple[str, ...] = ()
                  ) -> Bonus:
    """The largest bonus any live promotion gives this customer (no stacking; ties: the first).
    With `facts` None only promotions with neither a segment nor a cap can apply (today's rule)."""
    at_ms = int(at.timestamp() * 1000)
    best = NO_BONUS
    for promo in promotions:
        if not promo.applies_to(operator_code, product_code, at):
            continue
        amount = promo.bonus_for(face)
        if amount <= best.amount:
            continue
        reason = segment_holds(promo, facts, at_ms, tier_codes)
        if reason is False or not cap_allows(promo, facts, at_ms, amount):
            continue
        best = Bonus(amount, promo.code, reason)
    return best


def printable_bonuses(promotions: tuple[Promotion, ...] | list[Promotion], operator_code: str, product_code: str,
                      face: int, at: datetime) -> set[int]:
    """The bonuses a till may have printed for this sale under this catalog, whatever it knew of
    the customer: the bonus without facts, or any targeted or capped promotion's own bonus."""
    out = {segment_bonus(promotions, operator_code, product_code, face, at, None).amount}
    for promo in promotions:
        if (not promo.segment.empty or promo.weekly_cap is not None) and promo.applies_to(
                operator_code, product_code, at):
            out.add(promo.bonus_for(face))
    return out


def honoured_bonus(recomputed: Bonus, printed: int, printable: set[int]) -> tuple[int, int] | None:
    """What the server pays for a sale whose till printed `printed`: max(recomputed, printed) when
    the printed bonus is one this catalog could give (else None: refused as price_mismatch), and the
    part paid only because it was printed (the promotion cost of honouring a stale preview)."""
    if printed != recomputed.amount and printed not in printable:
        return None
    paid = max(recomputed.amount, printed)
    return paid, paid - recomputed.amount


def _check_targeting(promo: Promotion) -> None:
    seg, cap = promo.segment, promo.weekly_cap

    def bad(message: str) -> ValidationError:
        return ValidationError("promotion_invalid", f"promotion {promo.code}: {message}")

    for name in ("lapsed_days", "min_top_ups", "within_days"):
        value = getattr(seg, name)
        if value is not None and (type(value) is not int or value <= 0):
            raise bad(f"segment.{name} must be a whole number above 0")
    if type(seg.new_customer) is not bool:
        raise bad("segment.new_customer is true or false")
    if seg.new_customer and seg.lapsed_days is not None:
        raise bad("a segment cannot be both new customers and lapsed ones")
    if (seg.min_top_ups is None) != (seg.within_days is None):
        raise bad("segment.min_top_ups and segment.within_days go together")
    if seg.min_tier is not None and (not isinstance(seg.min_tier, str) or not seg.min_tier):
        raise bad("segment.min_tier is a tier code")
    if cap is not None:
        if cap.count is None and cap.amount is None:
            raise bad("weekly_cap needs count or amount")
        for name in ("count", "amount"):
            value = getattr(cap, name)
            if value is not None and (type(value) is not int or value <= 0):
                raise bad(f"weekly_cap.{name} must be a whole number above 0")
