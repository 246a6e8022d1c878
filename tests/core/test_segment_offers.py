"""Segment promotions, the weekly cap and "why this bonus" (topup_core/promotions.py, issue 14):
Hypothesis properties of the pure evaluation the terminal and the server share."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.catalog import Catalog
from topup_core.errors import ValidationError
from topup_core.promotions import (DAY_MS, BonusTier, CustomerFacts, Promotion, Reason, Segment, WeeklyCap,
                                   honoured_bonus, iso_week, printable_bonuses, segment_bonus)

TIERS = ("YELLOW", "GOLD", "PLATINUM")
NOW = datetime(2026, 12, 2, 12, tzinfo=timezone.utc)  # a Wednesday
NOW_MS = int(NOW.timestamp() * 1000)
DOC = json.loads(Path("resources/demo/catalog_ke.json").read_text())


def promo(code="P", bonus=500, segment=Segment(), cap=None):
    return Promotion(code, code, (BonusTier(10000, bonus),), segment=segment, weekly_cap=cap)


facts_st = st.builds(
    CustomerFacts,
    first_sale=st.sampled_from([True, False, None]),
    last_top_up_ms=st.one_of(st.none(), st.integers(NOW_MS - 400 * DAY_MS, NOW_MS)),
    tier=st.sampled_from([None, *TIERS]),
    recent_ms=st.lists(st.integers(NOW_MS - 60 * DAY_MS, NOW_MS), max_size=12).map(lambda v: tuple(sorted(v))),
    week=st.sampled_from([None, iso_week(NOW_MS), "2020-W01"]),
    week_given=st.dictionaries(st.just("P"), st.tuples(st.integers(0, 5), st.integers(0, 5000))))


@given(facts=facts_st, days=st.integers(1, 400))
def test_lapsed_holds_exactly_from_n_days(facts, days):
    got = segment_bonus([promo(segment=Segment(lapsed_days=days))], "SAF", "X", 10000, NOW, facts, TIERS)
    since = facts.days_since_last(NOW_MS)
    expected = facts.first_sale is False and since is not None and since >= days
    assert (got.amount == 500) == expected
    if expected:
        assert got.reason == Reason("welcome_back", days=since)


@given(facts=facts_st)
def test_welcome_only_for_a_known_first_sale(facts):
    got = segment_bonus([promo(segment=Segment(new_customer=True))], "SAF", "X", 10000, NOW, facts, TIERS)
    assert (got.amount == 500) == (facts.first_sale is True)
    assert got.reason == (Reason("welcome") if facts.first_sale is True else None)


@given(facts=facts_st, min_tier=st.sampled_from(TIERS))
def test_tier_at_least(facts, min_tier):
    got = segment_bonus([promo(segment=Segment(min_tier=min_tier))], "SAF", "X", 10000, NOW, facts, TIERS)
    expected = facts.tier is not None and TIERS.index(facts.tier) >= TIERS.index(min_tier)
    assert (got.amount == 500) == expected
    if expected:
        assert got.reason == Reason("tier", tier=facts.tier)


@given(facts=facts_st, n=st.integers(1, 8), days=st.integers(1, 60))
def test_frequency_counts_this_top_up_and_the_window(facts, n, days):
    got = segment_bonus([promo(segment=Segment(min_top_ups=n, within_days=days))], "SAF", "X", 10000, NOW,
                        facts, TIERS)
    earlier = sum(1 for t in facts.recent_ms if NOW_MS - days * DAY_MS < t <= NOW_MS)
    expected = facts.first_sale is not None and earlier + 1 >= n
    assert (got.amount == 500) == expected
    if expected:
        assert got.reason == Reason("frequent", count=earlier + 1, days=days)


@given(facts=facts_st)
def test_unknown_facts_never_promise_a_targeted_bonus(facts):
    targeted = [promo(segment=Segment(new_customer=True)), promo("Q", 700, cap=WeeklyCap(count=1))]
    assert segment_bonus(targeted, "SAF", "X", 10000, NOW, None, TIERS).amount == 0
    # and without any targeting the facts change nothing
    plain = [promo(bonus=300)]
    assert segment_bonus(plain, "SAF", "X", 10000, NOW, facts, TIERS).amount == 300


@given(bonuses=st.lists(st.integers(0, 900), min_size=1, max_size=12),
       count=st.one_of(st.none(), st.integers(1, 5)), amount=st.one_of(st.none(), st.integers(1, 3000)),
       gaps=st.lists(st.integers(0, 3 * DAY_MS), min_size=12, max_size=12))
def test_weekly_cap_is_never_exceeded_within_an_iso_week(bonuses, count, amount, gaps):
    if count is None and amount is None:
        count = 2
    cap = WeeklyCap(count=count, amount=amount)
    facts = CustomerFacts(first_sale=False, last_top_up_ms=NOW_MS - DAY_MS)
    given_per_week: dict[str, list[int]] = {}
    at = NOW_MS
    for bonus, gap in zip(bonuses, gaps):
        at += gap
        promos = [Promotion("P", "P", (BonusTier(10000, bonus),), weekly_cap=cap)]
        got = segment_bonus(promos, "SAF", "X", 10000, datetime.fromtimestamp(at / 1000, tz=timezone.utc), facts)
        if got.amount:
            given_per_week.setdefault(iso_week(at), []).append(got.amount)
        facts = facts.after_sale(at, got.code, got.amount)
    for week, amounts in given_per_week.items():
        assert count is None or len(amounts) <= count
        assert amount is None or sum(amounts) <= amount


def test_a_capped_out_offer_falls_back_to_the_next_best():
    promos = [promo("BIG", 900, cap=WeeklyCap(count=1)), promo("SMALL", 200)]
    facts = CustomerFacts(first_sale=False, week=iso_week(NOW_MS), week_given={"BIG": (1, 900)})
    assert segment_bonus(promos, "SAF", "X", 10000, NOW, facts).code == "SMALL"
    next_week = NOW + timedelta(days=7)
    assert segment_bonus(promos, "SAF", "X", 10000, next_week, facts).code == "BIG"  # a new ISO week


@given(facts=facts_st, printed=st.integers(0, 1000))
def test_server_pays_the_max_of_recomputed_and_a_valid_printed_bonus(facts, printed):
    promos = [promo("W", 800, Segment(new_customer=True)), promo("B", 300), promo("G", 600, Segment(min_tier="GOLD"))]
    recomputed = segment_bonus(promos, "SAF", "X", 10000, NOW, facts, TIERS)
    printable = printable_bonuses(promos, "SAF", "X", 10000, NOW)
    assert printable == {300, 800, 600}
    paid = honoured_bonus(recomputed, printed, printable)
    if printed in printable or printed == recomputed.amount:
        assert paid == (max(printed, recomputed.amount), max(0, printed - recomputed.amount))
    else:
        assert paid is None  # a bonus no promotion of that catalog gives: refused (price_mismatch)


def test_the_catalog_parser_explains_bad_targeting():
    def with_promo(**extra):
        doc = copy.deepcopy(DOC)
        doc["promotions"][0].update(extra)
        return doc

    ok = Catalog.from_dict(with_promo(segment={"min_tier": "GOLD", "lapsed_days": 30}, weekly_cap={"count": 1}))
    assert ok.promotions[0].segment.min_tier == "GOLD" and ok.tier_codes == ("YELLOW", "GOLD", "PLATINUM")
    cases = {
        "unknown field(s) lapsed": {"segment": {"lapsed": 30}},
        "segment.lapsed_days must be a whole number above 0": {"segment": {"lapsed_days": 0}},
        "both new customers and lapsed": {"segment": {"new_customer": True, "lapsed_days": 3}},
        "min_top_ups and segment.within_days go together": {"segment": {"min_top_ups": 5}},
        "'DIAMOND' is not a loyalty tier": {"segment": {"min_tier": "DIAMOND"}},
        "weekly_cap needs count or amount": {"weekly_cap": {}},
        "weekly_cap.amount must be a whole number above 0": {"weekly_cap": {"amount": "5"}},
        "segment must be an object": {"segment": [1]},
    }
    for message, extra in cases.items():
        with pytest.raises(ValidationError) as err:
            Catalog.from_dict(with_promo(**extra))
        assert err.value.code == "promotion_invalid" and message in err.value.message, err.value.message


def test_facts_and_reasons_round_trip_and_refuse_garbage():
    facts = CustomerFacts(False, NOW_MS, "GOLD", (NOW_MS - DAY_MS,), iso_week(NOW_MS), {"P": (1, 500)})
    assert CustomerFacts.from_dict(json.loads(json.dumps(facts.to_dict()))) == facts
    assert CustomerFacts.from_dict({"first_sale": "yes"}) is None
    assert CustomerFacts.from_dict({"first_sale": False, "recent_ms": [1.5]}) is None
    assert CustomerFacts.from_dict(None) is None
    reason = Reason("frequent", count=5, days=30)
    assert Reason.from_dict(reason.to_dict()) == reason
    assert Reason.from_dict({"kind": "bribe"}) is None
