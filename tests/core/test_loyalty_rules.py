"""Loyalty rules and the points replay (topup_core/loyalty.py): Hypothesis properties."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.loyalty import (EARN, EARN_REVERSAL, EXPIRY, REDEEM, REDEEM_RESTORE, LoyaltyRules, Movement, Tier,
                                cycle_bounds, points_state, rules_from_document)

TIERS = (Tier("YELLOW", "Yellow", 0), Tier("GOLD", "Gold", 300), Tier("PLATINUM", "Platinum", 1500))
RULES = LoyaltyRules(face_per_point=1000, tiers=TIERS, expiry_days=1095, cycle_months=6, minor_per_point=100,
                     operators={"TKL": 2000, "OFF": 0})
DAY = 86_400_000


def ms(y: int, m: int, d: int) -> int:
    return int(datetime(y, m, d, tzinfo=timezone.utc).timestamp() * 1000)


@given(face=st.integers(0, 10**12), operator=st.sampled_from(["SAF", "TKL", "OFF"]),
       method=st.sampled_from(["cash", "card", "mobile_money", "points"]))
def test_points_granted_are_the_rule_applied_to_face_value(face, operator, method):
    got = RULES.points_for(operator, face, method)
    assert type(got) is int
    if method == "points":
        assert got == 0  # a points-paid sale earns nothing
    else:
        rate = {"SAF": 1000, "TKL": 2000, "OFF": 0}[operator]
        assert got == (face // rate if rate else 0)


@given(price=st.integers(0, 10**12))
def test_points_cost_never_undercharges(price):
    cost = RULES.points_cost(price)
    assert cost * 100 >= price and (cost - 1) * 100 < price or price == 0


@given(earned=st.integers(0, 10**6))
def test_tier_thresholds_exact(earned):
    tier = RULES.tier_for(earned)
    assert tier.min_points <= earned
    following = RULES.next_tier(tier)
    assert following is None or following.min_points > earned


@given(earned=st.lists(st.integers(1, 400), min_size=1, max_size=12))
def test_reversal_restores_points_exactly(earned):
    t = ms(2026, 2, 1)
    moves = [Movement(t + i, EARN, f"s{i}", n) for i, n in enumerate(earned)]
    before = points_state(RULES, moves, t + 10**6).balance
    moves.append(Movement(t + 100, EARN, "x", 77))
    moves.append(Movement(t + 101, EARN_REVERSAL, "x", -77))
    after = points_state(RULES, moves, t + 10**6)
    assert after.balance == before == sum(earned)
    assert after.earned_this_cycle == sum(earned)  # the reversed sale counts for no tier either


@given(cost=st.integers(1, 500))
def test_redeem_then_restore_gives_back_exactly(cost):
    t = ms(2026, 2, 1)
    moves = [Movement(t, EARN, "a", 500), Movement(t + 1, REDEEM, "b", -cost)]
    assert points_state(RULES, moves, t + 2).balance == 500 - cost
    moves.append(Movement(t + 2, REDEEM_RESTORE, "b", cost))
    state = points_state(RULES, moves, t + 3)
    assert state.balance == 500 and state.earned_this_cycle == 500  # redeeming never lowers points earned


def test_upgrade_at_once_downgrade_only_at_cycle_end():
    moves = [Movement(ms(2026, 2, 1), EARN, "a", 299)]
    assert points_state(RULES, moves, ms(2026, 2, 2)).tier.code == "YELLOW"
    moves.append(Movement(ms(2026, 3, 1), EARN, "b", 1))
    s = points_state(RULES, moves, ms(2026, 3, 1) + 1)
    assert s.tier.code == "GOLD" and s.next_tier.code == "PLATINUM"  # upgrade at once, at exactly 300
    assert s.points_to_next == 1200 and s.cycle_ends_at_ms == ms(2026, 7, 1)
    # Next cycle: nothing earned yet, Gold holds (earned in the previous cycle).
    s = points_state(RULES, moves, ms(2026, 12, 31))
    assert s.tier.code == "GOLD" and s.earned_this_cycle == 0 and s.earned_last_cycle == 300
    # The cycle after: the downgrade happens at its start, not before.
    assert points_state(RULES, moves, ms(2027, 1, 1) - 1).tier.code == "GOLD"
    assert points_state(RULES, moves, ms(2027, 1, 1)).tier.code == "YELLOW"
    # The balance never decides the tier: spending all points keeps Gold.
    moves.append(Movement(ms(2026, 3, 2), REDEEM, "c", -300))
    assert points_state(RULES, moves, ms(2026, 3, 3)).tier.code == "GOLD"


@given(a=st.integers(0, 3000), b=st.integers(0, 3000), day=st.integers(0, 400))
def test_tier_is_the_better_of_this_and_last_cycle(a, b, day):
    moves = [Movement(ms(2026, 1, 10), EARN, "a", a), Movement(ms(2026, 7, 10), EARN, "b", b)] if a and b else []
    if not moves:
        return
    now = ms(2026, 7, 10) + day * DAY
    s = points_state(RULES, moves, now)
    if now < ms(2027, 1, 1):
        assert s.tier == max(RULES.tier_for(a), RULES.tier_for(b), key=lambda t: t.min_points)
    else:
        assert s.tier == RULES.tier_for(b if now < ms(2027, 7, 1) else 0)


def test_points_expire_after_three_years_oldest_first():
    moves = [Movement(ms(2023, 1, 1), EARN, "a", 100), Movement(ms(2024, 1, 1), EARN, "b", 50),
             Movement(ms(2025, 1, 1), REDEEM, "c", -30)]  # the redemption uses the oldest lot
    s = points_state(RULES, moves, ms(2025, 12, 30))
    assert (s.balance, s.to_expire, s.expiring_points) == (120, 0, 70)
    assert s.expiring_at_ms == ms(2023, 1, 1) + 1095 * DAY
    s = points_state(RULES, moves, ms(2023, 1, 1) + 1095 * DAY)
    assert (s.balance, s.to_expire) == (50, 70)
    # Once the server posts the expiry it is not counted twice.
    moves.append(Movement(ms(2026, 1, 1), EXPIRY, None, -70))
    assert points_state(RULES, moves, ms(2026, 6, 1)) .to_expire == 0
    assert points_state(RULES, moves, ms(2026, 6, 1)).balance == 50


@given(st.lists(st.tuples(st.integers(0, 2000 * DAY), st.integers(1, 500), st.booleans()), max_size=15))
def test_balance_plus_pending_expiry_equals_ledger_sum(events):
    """The replay agrees with the ledger: posted sum = usable balance + what is still to expire."""
    t0 = ms(2024, 1, 1)
    moves, total = [], 0
    for i, (dt, n, spend) in enumerate(sorted(events)):
        state = points_state(RULES, moves, t0 + dt)
        if spend:
            n = min(n, state.balance)
            if not n:
                continue
            moves.append(Movement(t0 + dt, REDEEM, f"r{i}", -n))
            total -= n
        else:
            moves.append(Movement(t0 + dt, EARN, f"e{i}", n))
            total += n
    state = points_state(RULES, moves, t0 + 3000 * DAY)
    assert state.balance + state.to_expire == total and state.balance >= 0


def test_cycle_bounds():
    assert cycle_bounds(ms(2026, 6, 30), 6) == (ms(2026, 1, 1), ms(2026, 7, 1))
    assert cycle_bounds(ms(2026, 7, 1), 6) == (ms(2026, 7, 1), ms(2027, 1, 1))
    assert cycle_bounds(ms(2026, 12, 31), 3) == (ms(2026, 10, 1), ms(2027, 1, 1))


def test_rules_from_document_refuse_bad_figures():
    assert rules_from_document({}) is None
    good = {"face_per_point": 1000, "tiers": [{"code": "Y", "name": "Y", "min_points": 0}]}
    assert rules_from_document({"loyalty": good}).face_per_point == 1000
    for bad in ({**good, "face_per_point": 10.5}, {**good, "face_per_point": 0}, {**good, "tiers": []},
                {**good, "cycle_months": 5}, {"tiers": good["tiers"]},
                {**good, "tiers": [{"code": "Y", "name": "Y", "min_points": 10}]}):
        with pytest.raises(ValidationError):
            rules_from_document({"loyalty": bad})
