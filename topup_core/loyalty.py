"""Loyalty rules and the points arithmetic, shared by the server (authoritative) and the terminal.

The rules live in the catalog document under `loyalty` (versioned like prices; docs/LOYALTY.md):

    "loyalty": {
      "face_per_point": 1000,             # 1 point per 10.00 of face value (minor units per point)
      "operators": {"TKL": 2000},         # per-operator override; 0 = this operator earns nothing
      "expiry_days": 1095,                # points expire 3 years after they were earned
      "cycle_months": 6,                  # fixed cycles from 1 January (6 = Jan-Jun, Jul-Dec)
      "tiers": [{"code": "YELLOW", "name": "Yellow", "min_points": 0}, ...],
      "minor_per_point": 100,             # redemption: one point pays 1.00 of a sale
      "offline_cap_points": 500,          # a terminal offline may take at most this many points
      "cycle": "fixed",                   # or "rolling" (issue 14): tiers by points earned in the last
      "rolling_days": 180                 #   rolling_days days, counted in whole UTC days
    }

Everything is an int. Points are earned on the face value only (never on bonus lines) and never on a
sale paid with points. A tier is decided by the points EARNED in a cycle, never by the balance: the
tier of a cycle is the better of what was earned in it so far (an upgrade applies at once) and what
was earned in the previous cycle (so a downgrade waits for the cycle's end).

Rolling cycles (`"cycle": "rolling"`): the tier is the one reached by the points earned in the
window of the last `rolling_days` whole UTC days (today included, so an upgrade applies at once).
The window's start only moves at 00:00 UTC, so a downgrade happens only then (when the points
earned on the day leaving the window take the total below the tier), never in the middle of a day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .errors import ValidationError

POINTS = "PTS"  # the ledger's "currency" of points
PAID_WITH_POINTS = "points"  # payment_method of a sale paid with points
DAY_MS = 86_400_000

# Kinds of points movement (the points ledger's posting kinds).
EARN = "points_earn"
EARN_REVERSAL = "points_reversal"  # a reversal takes back what its sale earned
REDEEM = "points_redeem"
REDEEM_RESTORE = "points_restore"  # a reversal gives back what its sale was paid with
EXPIRY = "points_expiry"
KINDS = (EARN, EARN_REVERSAL, REDEEM, REDEEM_RESTORE, EXPIRY)


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    name: str
    min_points: int


@dataclass(frozen=True, slots=True)
class LoyaltyRules:
    face_per_point: int
    tiers: tuple[Tier, ...]
    expiry_days: int = 1095
    cycle_months: int = 6
    minor_per_point: int = 100
    offline_cap_points: int = 0
    operators: dict[str, int] = field(default_factory=dict, hash=False)
    cycle: str = "fixed"  # or "rolling" (issue 14)
    rolling_days: int = 180

    def __post_init__(self) -> None:
        if self.cycle not in ("fixed", "rolling"):
            raise ValidationError("catalog_invalid", "loyalty: cycle is \"fixed\" or \"rolling\"")
        if type(self.rolling_days) is not int or not 1 <= self.rolling_days <= 3660:
            raise ValidationError("catalog_invalid", "loyalty: rolling_days is a whole number of days, 1 to 3660")
        ints = (self.face_per_point, self.expiry_days, self.cycle_months, self.minor_per_point,
                self.offline_cap_points, *self.operators.values(), *(t.min_points for t in self.tiers))
        if any(type(v) is not int or v < 0 for v in ints):
            raise ValidationError("catalog_invalid", "loyalty: every figure is a whole number, not negative")
        if self.face_per_point <= 0 or self.minor_per_point <= 0 or self.expiry_days <= 0:
            raise ValidationError("catalog_invalid", "loyalty: face_per_point, minor_per_point, expiry_days > 0")
        if self.cycle_months not in (1, 2, 3, 4, 6, 12):
            raise ValidationError("catalog_invalid", "loyalty: cycle_months divides a year (1, 2, 3, 4, 6 or 12)")
        if not self.tiers or self.tiers[0].min_points != 0:
            raise ValidationError("catalog_invalid", "loyalty: the first tier starts at 0 points")
        if any(a.min_points >= b.min_points for a, b in zip(self.tiers, self.tiers[1:])):
            raise ValidationError("catalog_invalid", "loyalty: tiers go up strictly")

    # ------------------------------------------------------------ earning and redeeming

    def points_for(self, operator: str, face: int, payment_method: str) -> int:
        """Points a sale earns: its face value (bonus excluded) at the operator's rate, floored;
        none when it was paid with points."""
        if payment_method == PAID_WITH_POINTS or face <= 0:
            return 0
        rate = self.operators.get(operator, self.face_per_point)
        return face // rate if rate > 0 else 0

    def points_cost(self, price: int) -> int:
        """Points needed to pay `price` minor units (rounded up: a point is never split)."""
        return -(-price // self.minor_per_point) if price > 0 else 0

    # ------------------------------------------------------------ tiers

    def tier_for(self, earned: int) -> Tier:
        best = self.tiers[0]
        for tier in self.tiers:
            if earned >= tier.min_points:
                best = tier
        return best

    def next_tier(self, tier: Tier) -> Tier | None:
        for candidate in self.tiers:
            if candidate.min_points > tier.min_points:
                return candidate
        return None

    @property
    def expiry_ms(self) -> int:
        return self.expiry_days * DAY_MS


def rules_from_document(document: dict[str, Any]) -> LoyaltyRules | None:
    """The loyalty rules of a catalog document, or None when it has none (loyalty is off)."""
    data = document.get("loyalty")
    if not data:
        return None
    try:
        tiers = tuple(Tier(str(t["code"]), str(t["name"]), t["min_points"]) for t in data["tiers"])
        return LoyaltyRules(
            face_per_point=data["face_per_point"], tiers=tiers, expiry_days=data.get("expiry_days", 1095),
            cycle_months=data.get("cycle_months", 6), minor_per_point=data.get("minor_per_point", 100),
            offline_cap_points=data.get("offline_cap_points", 0), operators=dict(data.get("operators", {})),
            cycle=data.get("cycle", "fixed"), rolling_days=data.get("rolling_days", 180))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValidationError("catalog_invalid", f"loyalty: malformed ({exc})") from None


# ---------------------------------------------------------------- cycles


def cycle_bounds(at_ms: int, months: int) -> tuple[int, int]:
    """[start, end) in epoch ms of the fixed cycle holding `at_ms` (UTC, cycles from 1 January)."""
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    index = (at.year * 12 + at.month - 1) // months * months
    start = datetime(index // 12, index % 12 + 1, 1, tzinfo=timezone.utc)
    following = index + months
    end = datetime(following // 12, following % 12 + 1, 1, tzinfo=timezone.utc)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def rolling_start(at_ms: int, days: int) -> int:
    """Start (epoch ms) of the rolling window holding `at_ms`: 00:00 UTC, `days - 1` days before today."""
    return (at_ms // DAY_MS - (days - 1)) * DAY_MS


def rolling_tier(rules: LoyaltyRules, earns: list[tuple[int, int]], now_ms: int) -> tuple[Tier, int, int]:
    """(tier, points earned in the window, when that tier drops if nothing more is earned) for a
    rolling cycle; `earns` = (earned at ms, net points). The drop is always at 00:00 UTC."""
    start = rolling_start(now_ms, rules.rolling_days)
    window = sum(n for at, n in earns if start <= at <= now_ms)
    tier = rules.tier_for(window)
    midnight = (now_ms // DAY_MS + 1) * DAY_MS
    drops = midnight
    if tier.min_points > 0:
        # The first midnight at which the points leaving the window take the total below the tier.
        days = sorted({at // DAY_MS for at, _ in earns if start <= at <= now_ms})
        left = window
        for day in days:
            left -= sum(n for at, n in earns if at // DAY_MS == day)
            if left < tier.min_points:
                drops = (day + rules.rolling_days) * DAY_MS
                break
    return tier, window, max(drops, midnight)


# ---------------------------------------------------------------- a customer's points


@dataclass(frozen=True, slots=True)
class Movement:
    """One posting on a customer's points account: `amount` signed (credit > 0)."""

    at_ms: int
    kind: str
    ref: str | None  # the sale id (earn, redeem, reversal, restore)
    amount: int


@dataclass(frozen=True, slots=True)
class PointsState:
    balance: int  # points the customer can use now (expired points excluded)
    to_expire: int  # expired points not yet posted as an expiry (the server posts them when it next writes)
    expiring_points: int  # of `balance`, the oldest lot's points and when they go
    expiring_at_ms: int | None
    earned_this_cycle: int
    earned_last_cycle: int
    tier: Tier
    next_tier: Tier | None
    points_to_next: int  # points still to EARN this cycle for the next tier (0 at the top)
    cycle_ends_at_ms: int
    earned_by_sale: dict[str, int] = field(default_factory=dict, hash=False)  # net, for reversals


def points_state(rules: LoyaltyRules, movements: list[Movement], now_ms: int) -> PointsState:
    """Replay a customer's movements (oldest first) into lots, first in first out:
    an earn or a restore opens a lot that expires `expiry_days` later; a redemption uses the oldest
    lots first; a reversal's take-back comes out of its own sale's lot first; expiry postings are
    the server catching up with what the replay expires by itself."""
    lots: list[list[int | str | None]] = []  # [expires_at_ms, remaining, ref]
    expired_total = posted_expiry = 0
    earned: dict[str, int] = {}
    earned_at: dict[str, int] = {}

    def expire_until(t: int) -> None:
        nonlocal expired_total
        for lot in lots:
            if lot[0] <= t and lot[1] > 0:
                expired_total += lot[1]
                lot[1] = 0

    def take(amount: int, ref: str | None) -> None:
        order = sorted(lots, key=lambda lot: (lot[2] != ref, lot[0])) if ref is not None else lots
        for lot in order:
            if amount <= 0:
                break
            used = min(lot[1], amount)
            lot[1] -= used
            amount -= used

    for m in sorted(movements, key=lambda m: m.at_ms):
        expire_until(m.at_ms)
        if m.kind == EXPIRY:
            posted_expiry += -m.amount
        elif m.amount > 0:
            lots.append([m.at_ms + rules.expiry_ms, m.amount, m.ref])
            if m.kind == EARN and m.ref is not None:
                earned[m.ref] = earned.get(m.ref, 0) + m.amount
                earned_at[m.ref] = m.at_ms
        else:
            take(-m.amount, m.ref if m.kind == EARN_REVERSAL else None)
            if m.kind == EARN_REVERSAL and m.ref in earned:
                earned[m.ref] += m.amount
    expire_until(now_ms)
    live = sorted((lot for lot in lots if lot[1] > 0), key=lambda lot: lot[0])
    if rules.cycle == "rolling":  # issue 14
        tier, this_cycle, end = rolling_tier(rules, [(earned_at[ref], n) for ref, n in earned.items()], now_ms)
        last_cycle = 0
    else:
        start, end = cycle_bounds(now_ms, rules.cycle_months)
        previous_start, _ = cycle_bounds(start - 1, rules.cycle_months)
        this_cycle = sum(n for ref, n in earned.items() if start <= earned_at[ref] < end)
        last_cycle = sum(n for ref, n in earned.items() if previous_start <= earned_at[ref] < start)
        tier = max(rules.tier_for(this_cycle), rules.tier_for(last_cycle), key=lambda t: t.min_points)
    following = rules.next_tier(tier)
    return PointsState(
        balance=sum(lot[1] for lot in live), to_expire=max(0, expired_total - posted_expiry),
        expiring_points=live[0][1] if live else 0, expiring_at_ms=live[0][0] if live else None,
        earned_this_cycle=this_cycle, earned_last_cycle=last_cycle, tier=tier, next_tier=following,
        points_to_next=max(0, following.min_points - this_cycle) if following else 0,
        cycle_ends_at_ms=end, earned_by_sale=earned)
