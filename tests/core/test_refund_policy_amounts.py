"""Refund policy parsing and the partial-reversal arithmetic (issue 14 item 4)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.refunds import REVERSED_FULL, REVERSED_PARTIAL, policy_from_document, recovery

POLICY = {"window_s": 86400, "approver": "manager", "second_approver_above": 50_000, "partial": True,
          "text": "Refunds within 24 h with a manager.  Unused credit only."}


def test_policy_from_document():
    policy = policy_from_document({"refund_policy": POLICY, "limits": {"reversal_window_s": 900}})
    assert policy.declared and policy.window_s == 86400 and policy.partial
    assert policy.text == "Refunds within 24 h with a manager. Unused credit only."
    assert (policy.approvers_needed(50_000), policy.approvers_needed(50_001)) == (1, 2)
    assert policy.window_text == "24 h"
    assert policy.within_window(1000, 1000 + 86_400_000) and not policy.within_window(1000, 1001 + 86_400_000)
    assert not policy.within_window(1000, 999)


def test_no_policy_keeps_the_old_rule():
    policy = policy_from_document({"limits": {"reversal_window_s": 900}})
    assert not policy.declared and policy.window_s == 900 and not policy.partial
    assert policy.approvers_needed(10**9) == 1 and policy.text == ""


@pytest.mark.parametrize("bad", [{"window_s": 0}, {"window_s": "1"}, {"window_s": 60, "partial": "yes"},
                                 {"window_s": 60, "second_approver_above": -1}, {"window_s": 60, "approver": "clerk"},
                                 {"partial": True}, ["x"]])
def test_bad_policy_is_refused(bad):
    with pytest.raises(ValidationError) as exc:
        policy_from_document({"refund_policy": bad})
    assert exc.value.code == "catalog_invalid"


amounts = st.integers(min_value=1, max_value=10**9)


@given(face=amounts, fee=st.integers(0, 10**6), cost_bps=st.integers(0, 10_000), bonus=st.integers(0, 10**8),
       main_held=st.integers(-10**6, 2 * 10**9), bonus_held=st.integers(-10**6, 10**9))
def test_partial_amounts_never_exceed_what_was_paid_and_sum_to_the_whole(face, fee, cost_bps, bonus, main_held,
                                                                          bonus_held):
    price = face + fee
    float_cost = face * cost_bps // 10_000
    r = recovery(face=face, price=price, float_cost=float_cost, bonus=bonus, main_held=main_held,
                 bonus_held=bonus_held)
    # the customer: refunded + kept is exactly what was paid, neither negative
    assert r.refund + r.kept == price and 0 <= r.refund <= price and 0 <= r.kept <= price
    # the subscriber: never more than the sale credited, never more than they hold
    assert 0 <= r.recovered <= min(face, max(0, main_held)) or r.recovered == 0
    assert r.recovered == max(0, min(face, main_held))
    # the agent: float + commission given back is exactly the recovered credit
    assert r.float_back + r.commission_back == r.recovered
    assert 0 <= r.float_back <= float_cost and 0 <= r.commission_back <= face - float_cost
    # the bonus the sale carried is taken back exactly (as far as it is still held)
    assert r.bonus == max(0, min(bonus, bonus_held))
    # full exactly when all of the credit is still there
    assert (r.final_state == REVERSED_FULL) == (r.recovered == face or price == 0)
    if r.recovered == face:
        assert (r.refund, r.float_back) == (price, float_cost)


@given(face=amounts, spent=amounts)
def test_proportion_is_rounded_down_for_the_customer(face, spent):
    r = recovery(face=face, price=face, float_cost=0, bonus=0, main_held=face - spent, bonus_held=0)
    assert r.refund == r.recovered  # price == face: the refund is what remains, to the unit
    assert r.final_state == (REVERSED_PARTIAL if spent > 0 and r.recovered < face else REVERSED_FULL)


def test_rounding_example():
    # Ksh 100.00 paid for Ksh 97.00 of face (fee 3.00); Ksh 32.33 remains: refund 10000*3233/9700 = 3332.98 -> 3332
    r = recovery(face=9_700, price=10_000, float_cost=9_215, bonus=500, main_held=3_233, bonus_held=500)
    assert (r.recovered, r.refund, r.kept, r.float_back, r.commission_back, r.bonus) == (
        3_233, 3_332, 6_668, 3_071, 162, 500)
