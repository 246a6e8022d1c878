from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.promotions import BonusTier, Promotion, best_bonus

NOW = datetime(2026, 11, 21, tzinfo=timezone.utc)
BONANZA = Promotion("B", "Bonanza", (BonusTier(10000, 500), BonusTier(50000, 5000), BonusTier(100000, 12000)))


@st.composite
def promotions(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    thresholds = sorted(draw(st.sets(st.integers(min_value=1, max_value=10**7), min_size=n, max_size=n)))
    bonuses = sorted(draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=n, max_size=n)))
    return Promotion("P", "p", tuple(BonusTier(t, b) for t, b in zip(thresholds, bonuses)))


@given(promotions(), st.integers(min_value=0, max_value=2 * 10**7), st.integers(min_value=0, max_value=10**7))
def test_bonus_never_negative_and_never_falls_as_amount_rises(promo, face, extra):
    low, high = promo.bonus_for(face), promo.bonus_for(face + extra)
    assert low >= 0
    assert high >= low


@given(st.lists(promotions(), max_size=4), st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=10**6))
def test_best_of_several_promotions_is_still_monotone(promos, face, extra):
    low, _ = best_bonus(promos, "SAF", "X", face, NOW)
    high, _ = best_bonus(promos, "SAF", "X", face + extra, NOW)
    assert 0 <= low <= high


@pytest.mark.parametrize("face,bonus", [
    (9999, 0), (10000, 500), (10001, 500), (49999, 500), (50000, 5000), (99999, 5000), (100000, 12000), (10**9, 12000),
])
def test_tier_boundaries_are_exact(face, bonus):
    assert BONANZA.bonus_for(face) == bonus


@pytest.mark.parametrize("tiers", [
    (), (BonusTier(100, 5), BonusTier(100, 6)), (BonusTier(200, 5), BonusTier(100, 6)),
    (BonusTier(100, 50), BonusTier(200, 5)), (BonusTier(0, 5),), (BonusTier(100, -1),),
])
def test_tiers_that_would_pay_less_for_more_are_refused(tiers):
    with pytest.raises(ValidationError) as err:
        Promotion("X", "x", tiers)
    assert err.value.code == "promotion_invalid"


def test_validity_window_and_scope():
    promo = Promotion("W", "w", (BonusTier(100, 10),), valid_from=NOW, valid_to=NOW.replace(day=22),
                      operator_codes=frozenset({"SAF"}), product_codes=frozenset({"SAF-AIRTIME"}))
    assert promo.applies_to("SAF", "SAF-AIRTIME", NOW)
    assert not promo.applies_to("SAF", "SAF-AIRTIME", NOW.replace(day=20))
    assert not promo.applies_to("SAF", "SAF-AIRTIME", NOW.replace(day=22))  # end is exclusive
    assert not promo.applies_to("AIR", "SAF-AIRTIME", NOW)
    assert not promo.applies_to("SAF", "SAF-PIN", NOW)
