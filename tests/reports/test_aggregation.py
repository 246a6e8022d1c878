"""Domain level: report figures are exact sums over the raw sales, whatever the mix of states."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from topup_core.money import Money
from pos_app.domain.reports import (TAKINGS, DIMENSIONS, SaleLine, Totals, aggregate, check_consistent,
                                    compare_with_server, open_business_day, seq_ranges)
from pos_app.domain.sale import SaleStatus
from pos_app.domain.shift import CashCount, expected_by_method, needs_approval, reconcile

face = st.integers(min_value=0, max_value=10**9)
lines = st.builds(
    lambda status, clerk, op, prod, pay, hour, count, f, bonus, fee, bps: SaleLine(
        status, clerk, op, prod, pay, hour, count, f * count, bonus * count, (f + fee) * count,
        (f - f * bps // 10_000) * count, (f * bps // 10_000) * count),
    st.sampled_from(list(SaleStatus)), st.sampled_from(["alice", "bob", "mary"]), st.sampled_from(["SAF", "AIR"]),
    st.sampled_from(["SAF-AIRTIME", "AIR-FIXED", "SAF-PIN"]), st.sampled_from(["cash", "card", "mobile_money"]),
    st.integers(0, 23), st.integers(1, 5), face, st.integers(0, 10**6), st.integers(0, 1000), st.integers(0, 2000))


def raw_sum(items, pred) -> Totals:
    out = Totals()
    for line in items:
        if pred(line):
            out.add(line)
    return out


@given(st.lists(lines, max_size=60))
@settings(max_examples=300)
def test_every_figure_is_the_sum_of_its_sales(items):
    fig = aggregate(items, "KES")
    assert check_consistent(fig) == []
    assert fig.takings == raw_sum(items, lambda s: s.status in TAKINGS)
    assert fig.pending == raw_sum(items, lambda s: s.status in (SaleStatus.QUEUED, SaleStatus.DISPUTED))
    assert fig.settled == raw_sum(items, lambda s: s.status in (SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED))
    for status in SaleStatus:
        expected = raw_sum(items, lambda s, st_=status: s.status is st_)
        assert fig.by_status.get(status.value, Totals()) == expected
    for dim in DIMENSIONS:
        for key, totals in fig.breakdown(dim).items():
            assert totals == raw_sum(items, lambda s, d=dim, k=key: s.status in TAKINGS and getattr(s, d) == k)
    # commission is face minus float cost, in every group
    for totals in [fig.takings, *fig.by_clerk.values()]:
        assert totals.commission == totals.face - totals.float_cost
    # the stored form reads back identically
    assert type(fig).from_dict(fig.as_dict()).as_dict() == fig.as_dict()


def test_no_floats_anywhere_in_the_stored_figures():
    fig = aggregate([SaleLine(SaleStatus.CONFIRMED, "a", "SAF", "P", "cash", 9, 1, 100, 5, 100, 94, 6)], "KES")

    def walk(v):  # noqa: ANN001, ANN202
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        else:
            assert type(v) in (int, str), v
    walk(fig.as_dict())


def test_open_business_day_moves_past_a_z():
    assert open_business_day("2026-11-21", None) == "2026-11-21"
    assert open_business_day("2026-11-21", "2026-11-20") == "2026-11-21"
    assert open_business_day("2026-11-21", "2026-11-21") == "2026-11-22"  # after today's Z: tomorrow
    assert open_business_day("2026-11-21", "2026-11-22") == "2026-11-23"
    assert open_business_day("2026-12-31", "2026-12-31") == "2027-01-01"


def test_seq_ranges():
    assert seq_ranges([5, 1, 2, 3, 7, 8]) == [[1, 3], [5, 5], [7, 8]]
    assert seq_ranges([]) == []


def test_server_comparison_ignores_bonus_and_flags_differences():
    mine = Totals(2, 200, 10, 200, 188, 12)
    server = {"settled": {"count": 2, "face": 200, "bonus": 0, "price": 200, "float_cost": 188, "commission": 12},
              "reversed": {"count": 0}, "missing_seqs": [], "unlisted_seqs": []}
    assert compare_with_server(mine, Totals(), server) == []
    server["settled"]["price"] = 100
    server["missing_seqs"] = [3]
    problems = compare_with_server(mine, Totals(), server)
    assert any("price" in p for p in problems) and any("missing" in p for p in problems)


@given(st.dictionaries(st.sampled_from([1000, 500, 200, 100, 50, 20, 10, 5, 1]), st.integers(0, 500)))
def test_cash_count_total_is_exact(pieces):
    count = CashCount("KES", pieces)
    assert count.total == Money(sum(d * 100 * q for d, q in pieces.items()), "KES")


def test_cash_count_rejects_unknown_denominations_and_negative_counts():
    import pytest

    from topup_core.errors import ValidationError
    with pytest.raises(ValidationError):
        CashCount("KES", {2000: 1})
    with pytest.raises(ValidationError):
        CashCount("KES", {100: -1})


def test_expected_and_variance_per_method():
    opening = Money(500_00, "KES")
    sales = [("cash", "CONFIRMED", 100_00), ("cash", "QUEUED", 50_00), ("cash", "CANCELLED", 70_00),
             ("cash", "REVERSED", 20_00), ("card", "CONFIRMED", 300_00), ("mobile_money", "REJECTED", 10_00)]
    expected = expected_by_method(opening, sales)
    assert expected == {"cash": Money(650_00, "KES"), "card": Money(300_00, "KES"),
                        "mobile_money": Money(0, "KES")}
    counted = {"cash": Money(640_00, "KES"), "card": Money(300_00, "KES")}
    lines = reconcile(expected, counted)
    assert [(v.method, v.variance.amount) for v in lines] == [("cash", -10_00), ("card", 0), ("mobile_money", 0)]
    assert needs_approval(lines, Money(5_00, "KES")) and not needs_approval(lines, Money(10_00, "KES"))
