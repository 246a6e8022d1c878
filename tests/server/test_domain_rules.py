"""Pure server rules: posting balance, catalog version validity, risk decisions."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepaid_server.domain import ledger, risk
from prepaid_server.domain.pricing import CatalogVersionInfo, Rejection, check_version_valid

HOUR = 3_600_000


@given(face=st.integers(1, 10**9), commission_bps=st.integers(0, 9_999), bonus=st.integers(0, 10**8),
       allowance=st.integers(0, 10**9))
def test_sale_and_reversal_postings_balance(face, commission_bps, bonus, allowance):  # noqa: ANN001
    amounts = ledger.SaleAmounts(face=face, bonus=bonus, float_cost=face - face * commission_bps // 10_000)
    used, from_float = ledger.split_cost(amounts.float_cost, allowance)
    assert used + from_float == amounts.float_cost and used <= allowance
    sale = ledger.sale("s", "a", "t", "+254712000000", "KES", amounts, used)
    assert sum(e.amount for e in sale.entries) == 0
    back = ledger.reversal("r", "s", "a", "+254712000000", "KES", amounts, bonus)
    net: dict[str, int] = {}
    for e in sale.entries + back.entries:
        net[e.account_id] = net.get(e.account_id, 0) + e.amount
    # After a full reversal only the allowance → float move remains.
    assert {k: v for k, v in net.items() if v} == ({"allowance:t": -used, "float:a": used} if used else {})


def test_unbalanced_posting_is_refused():
    with pytest.raises(ledger.UnbalancedPosting):
        ledger.Posting("p", "x", None, "KES", (ledger.Entry("a", 5), ledger.Entry("b", -4)))
    with pytest.raises(ledger.UnbalancedPosting):
        ledger.Posting("p", "x", None, "KES", (ledger.Entry("a", 5.0), ledger.Entry("b", -5.0)))


def test_catalog_version_validity():
    versions = [CatalogVersionInfo(1, 0), CatalogVersionInfo(2, 10 * HOUR)]
    check = lambda v, at: check_version_valid(versions, v, at, grace_ms=24 * HOUR, skew_ms=300_000)  # noqa: E731
    check(1, 5 * HOUR)
    check(1, 20 * HOUR)  # replaced, but within the grace period
    check(2, 40 * HOUR)
    with pytest.raises(Rejection) as exc:
        check(1, 35 * HOUR)
    assert exc.value.code == "catalog_version_expired"
    with pytest.raises(Rejection) as exc:
        check(2, 5 * HOUR)  # sold before it existed
    assert exc.value.code == "catalog_version_expired"
    with pytest.raises(Rejection) as exc:
        check(3, 40 * HOUR)
    assert exc.value.code == "catalog_version_unknown"


def test_risk_rules_decide_and_respect_off():
    rules = {risk.REPEAT_MSISDN: risk.RuleSetting(risk.REJECT, 120), risk.DAILY_CAP: risk.RuleSetting(risk.FLAG, 100),
             risk.AMOUNT_SPIKE: risk.RuleSetting(risk.OFF, 10)}
    history = risk.TerminalHistory()
    history.record("+1", 60, 1_000_000)
    hits = risk.evaluate(rules, history, "+1", 50, 1_000_000 + 119_000)
    assert {h.rule for h in hits} == {risk.REPEAT_MSISDN, risk.DAILY_CAP} and risk.rejects(hits)
    assert risk.evaluate(rules, history, "+1", 10, 1_000_000 + 121_000) == []
    for _ in range(30):
        history.record("+2", 5, 2_000_000)
    rules[risk.AMOUNT_SPIKE] = risk.RuleSetting(risk.FLAG, 10)
    rules[risk.DAILY_CAP] = risk.RuleSetting(risk.OFF, 100)
    assert [h.rule for h in risk.evaluate(rules, history, "+3", 51, 3_000_000)] == [risk.AMOUNT_SPIKE]
    assert risk.evaluate(rules, history, "+3", 50, 3_000_000) == []
