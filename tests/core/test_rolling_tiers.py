"""Rolling tier cycles (topup_core/loyalty.py, issue 14): tiers by points earned in the last N whole
UTC days; transitions exactly at the thresholds; a downgrade only at 00:00 UTC (rolling) or at the
cycle's end (fixed)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.loyalty import EARN, LoyaltyRules, Movement, Tier, cycle_bounds, points_state, rules_from_document

TIERS = (Tier("YELLOW", "Yellow", 0), Tier("GOLD", "Gold", 300), Tier("PLATINUM", "Platinum", 1500))
DAY = 86_400_000
ROLLING = LoyaltyRules(face_per_point=1000, tiers=TIERS, cycle="rolling", rolling_days=30)
FIXED = LoyaltyRules(face_per_point=1000, tiers=TIERS, cycle_months=6)
START = int(datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp() * 1000)

earns_st = st.lists(st.tuples(st.integers(0, 200 * DAY), st.integers(1, 800)), max_size=12)


def moves(earns):
    return [Movement(START + at, EARN, f"s{i}", n) for i, (at, n) in enumerate(sorted(earns))]


@given(points=st.integers(0, 3000), at=st.integers(0, 29 * DAY))
def test_rolling_threshold_exact(points, at):
    state = points_state(ROLLING, [Movement(START, EARN, "s", points)], START + at)
    expected = "PLATINUM" if points >= 1500 else "GOLD" if points >= 300 else "YELLOW"
    assert state.tier.code == expected and state.earned_this_cycle == points


@given(earns=earns_st, a=st.integers(0, 260 * DAY), b=st.integers(0, 260 * DAY))
def test_rolling_downgrades_only_at_midnight_utc(earns, a, b):
    """Between two instants of the same UTC day, with nothing taken back, the tier never goes down."""
    t1, t2 = sorted((START + a, START + b))
    t2 = min(t2, (t1 // DAY + 1) * DAY - 1)  # same day
    s1, s2 = points_state(ROLLING, moves(earns), t1), points_state(ROLLING, moves(earns), t2)
    assert s2.tier.min_points >= s1.tier.min_points


@given(earns=earns_st, at=st.integers(0, 260 * DAY))
def test_rolling_tier_is_the_window_sum_and_drops_when_announced(earns, at):
    now = START + at
    state = points_state(ROLLING, moves(earns), now)
    window_start = (now // DAY - 29) * DAY
    window = sum(n for t, n in ((START + t, n) for t, n in earns) if window_start <= t <= now)
    assert state.earned_this_cycle == window
    assert state.cycle_ends_at_ms % DAY == 0 and state.cycle_ends_at_ms > now
    # With nothing more earned: the tier holds until cycle_ends_at_ms, and (above the bottom) drops then.
    before = points_state(ROLLING, [m for m in moves(earns) if m.at_ms <= now], state.cycle_ends_at_ms - 1)
    after = points_state(ROLLING, [m for m in moves(earns) if m.at_ms <= now], state.cycle_ends_at_ms)
    assert before.tier == state.tier
    if state.tier.min_points > 0:
        assert after.tier.min_points < state.tier.min_points


@given(earns=earns_st, a=st.integers(0, 400 * DAY), b=st.integers(0, 400 * DAY))
def test_fixed_downgrades_only_at_cycle_end(earns, a, b):
    t1, t2 = sorted((START + a, START + b))
    s1, s2 = points_state(FIXED, moves(earns), t1), points_state(FIXED, moves(earns), t2)
    if cycle_bounds(t1, 6) == cycle_bounds(t2, 6):
        assert s2.tier.min_points >= s1.tier.min_points


def test_upgrade_at_once_in_a_rolling_window():
    state = points_state(ROLLING, [Movement(START, EARN, "a", 299)], START + 5 * DAY)
    assert state.tier.code == "YELLOW" and state.points_to_next == 1
    state = points_state(ROLLING, [Movement(START, EARN, "a", 299), Movement(START + 5 * DAY, EARN, "b", 1)],
                         START + 5 * DAY)
    assert state.tier.code == "GOLD"
    # The first earn leaves the window at 00:00 UTC 30 days after its day: Gold drops then.
    assert state.cycle_ends_at_ms == START + 30 * DAY


def test_rules_document_rolling():
    doc = {"face_per_point": 1000, "tiers": [{"code": "Y", "name": "Y", "min_points": 0}],
           "cycle": "rolling", "rolling_days": 90}
    assert rules_from_document({"loyalty": doc}).cycle == "rolling"
    for bad in ({"cycle": "lunar"}, {"rolling_days": 0}, {"rolling_days": "90"}):
        with pytest.raises(ValidationError):
            rules_from_document({"loyalty": {**doc, **bad}})
