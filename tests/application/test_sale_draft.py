"""The sale screen's rules without Qt: the SaleDraft's step machine, number, amount, price, cash,
and (hypothesis) the "did you mean X or Y?" hints are always amounts the product can sell."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from topup_core.catalog import Catalog, Limits, Product, ProductKind
from topup_core.errors import DomainError, ValidationError
from topup_core.money import Money
from topup_core.pricing import check_sellable, quote
from pos_app.application.sale_draft import SaleDraft, Step
from pos_app.application.setup import demo_catalog
from pos_app.domain.sale import SaleStatus

NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)  # inside the demo promotion's window
CATALOG = Catalog.from_dict(demo_catalog())
KES = lambda minor: Money(minor, "KES")  # noqa: E731


def draft(country: str = "KE", currency: str = "KES", catalog: Catalog | None = CATALOG) -> SaleDraft:
    return SaleDraft(country, currency, lambda: NOW, catalog)


def at_amount(d: SaleDraft, number: str = "0712345678") -> SaleDraft:
    d.type_number(number)
    d.number_entered()
    return d


def at_payment(d: SaleDraft, amount: str = "100") -> SaleDraft:
    at_amount(d)
    d.type_amount(amount)
    d.amount_entered()
    return d


def test_the_number_is_formatted_checked_and_its_operator_suggested():
    d = draft()
    check = d.type_number("0733")
    assert check.msisdn is None and check.error is None and check.digits == 4
    assert (check.operator, check.operator_suggested) == ("AIR", True)
    check = d.type_number("0733123456")
    assert check.text == "0733 123456" and check.msisdn.e164 == "+254733123456"
    assert d.type_number("0733123456", at_end=False).text == "0733123456"  # the cursor is mid-field: leave it be
    d.choose_operator("TKL")  # the customer says the number was ported
    d.type_number("0733 1234")
    assert d.type_number("0733 12345").operator == "TKL"  # the clerk's choice sticks while typing
    d.type_number("0733 123456")
    assert d.number_entered() is Step.AMOUNT and [p.code for p in d.products()] == ["TKL-FIXED"]


def test_mistakes_show_while_typing_or_on_enter():
    d = draft()
    assert d.type_number("+255 712 345 678").error.code == "msisdn_wrong_country"
    assert d.type_number("0712 34").error is None  # still typing: not an error yet
    with pytest.raises(ValidationError) as err:
        d.number_entered()
    assert err.value.code == "msisdn_too_short" and d.step is Step.NUMBER
    assert draft().type_number("0712abc").error is None  # the field's validator keeps letters out; parse says so on Enter


def test_number_needs_a_catalog_and_an_operator():
    d = draft(catalog=None)
    d.type_number("0712345678")
    with pytest.raises(DomainError) as err:
        d.number_entered()
    assert err.value.code == "catalog_missing"
    d = draft()
    d.type_number("0712345678")
    d.choose_operator(None, manual=False)
    with pytest.raises(ValidationError) as err:
        d.number_entered()
    assert err.value.code == "operator_missing"


def test_the_country_and_currency_are_the_shops():
    senegal = draft("SN", "XOF", None)
    assert senegal.type_number("77 123 45 67").msisdn.e164 == "+221771234567"
    assert senegal.type_number("0712345678").msisdn is None  # a Kenyan number is not one of this shop's
    assert senegal.example_number() == ("70 123 45 67", "+221 70 123 45 67")
    assert senegal.parse_amount("1500") == Money(1500, "XOF")  # no minor unit
    assert draft().example_number()[1].startswith("+254")


def test_the_amount_step_preselects_rules_bonus_and_price():
    d = at_amount(draft())
    assert d.product_code == "SAF-AIRTIME"  # the any-amount product first
    assert d.quick_amounts() == [5000, 10000, 20000, 50000, 100000]
    check = d.type_amount("100")
    assert check.face == KES(10000) and check.bonus == KES(500) and check.promotion
    assert d.price() == quote(CATALOG, CATALOG.product("SAF-AIRTIME"), 10000, NOW).money("price")
    assert d.type_amount("10.50").face is None  # off the step: no face value yet
    d.choose_product("SAF-FIXED")
    assert d.quick_amounts() == [2000, 5000, 10000, 25000, 50000, 100000]


@pytest.mark.parametrize("typed,code,details", [
    ("10.50", "amount_off_step", {"step": 100, "nearest": [1000, 1100]}),
    ("5", "amount_below_min", {"min": 1000, "nearest": [1000]}),
    ("20000", "amount_above_max", {"max": 1000000, "nearest": [1000000]}),
    ("", "amount_missing", {}),
])
def test_a_wrong_amount_says_what_is_allowed(typed, code, details):
    d = at_amount(draft())
    with pytest.raises(ValidationError) as err:
        d.amount_entered(typed)
    assert err.value.code == code and d.step is Step.AMOUNT and d.face is None
    for key, value in details.items():
        assert err.value.details[key] == value


def test_a_typed_amount_moves_a_fixed_product_to_the_any_amount_one():
    d = at_amount(draft())
    d.choose_product("SAF-FIXED")
    assert d.amount_entered("123") is Step.PAYMENT and d.product_code == "SAF-AIRTIME"
    d = at_amount(draft())
    d.choose_product("SAF-PIN")
    assert d.amount_entered("100") is Step.PAYMENT and d.product_code == "SAF-PIN"  # one of its amounts
    d = at_amount(draft(), "0771234567")  # Telkom: fixed amounts only, nowhere to move
    with pytest.raises(ValidationError) as err:
        d.amount_entered("123")
    assert err.value.code == "amount_not_a_denomination" and err.value.details["nearest"] == [10000, 20000]


def test_cash_change_quick_amounts_and_the_request():
    d = at_payment(draft())
    assert d.quick_cash() == [KES(10000), KES(20000), KES(50000), KES(100000)]
    assert d.type_tendered("50").short == KES(5000)
    assert d.type_tendered("200").change == KES(10000)
    request = d.payment_entered()
    assert (request.msisdn, request.product_code, request.face, request.tendered) == \
        ("+254712345678", "SAF-AIRTIME", 10000, 20000)
    d.choose_method("card")
    with pytest.raises(ValidationError) as err:
        d.payment_entered()
    assert err.value.code == "payment_reference_missing"
    d.type_reference("AUTH-99812")
    assert d.payment_entered().reference == "AUTH-99812" and d.payment_entered().tendered is None
    d.choose_method("cash")
    d.type_tendered("")
    with pytest.raises(ValidationError) as err:
        d.payment_entered()
    assert err.value.code == "tendered_missing"


def test_back_reset_summary_and_repeat(services, clerk):
    d = at_payment(draft())
    s = d.summary()
    assert (s.number, s.operator, s.face, s.bonus, s.price) == ("0712 345678", "Safaricom", KES(10000), KES(500),
                                                                KES(10000))
    assert d.back() is Step.AMOUNT and d.back() is Step.NUMBER and d.number_text == "0712 345678"
    assert d.back() is Step.NUMBER and d.number_text == ""  # Escape on the number clears it
    paid = at_payment(draft())
    paid.type_tendered("100")
    last = services.sell.record(clerk, paid.payment_entered())
    d.step = Step.RESULT
    d.back()
    assert d.step is Step.NUMBER and d.summary().face is None  # a new customer
    assert d.repeat(last) is Step.PAYMENT
    assert (d.msisdn.e164, d.operator, d.product_code, d.face) == (last.msisdn, "SAF", "SAF-AIRTIME", KES(10000))
    assert last.status is SaleStatus.QUEUED


# ---------------------------------------------------------------- properties of the hints


def _valid(catalog: Catalog, product: Product, face: int) -> bool:
    try:
        check_sellable(catalog, product, face, NOW)
    except ValidationError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from([p.code for p in CATALOG.products]), face=st.integers(-10**6, 10**8))
def test_hints_for_the_demo_catalog_are_valid_and_nearest(code, face):
    product = CATALOG.product(code)
    hints = draft().nearest_amounts(product, face)
    assert 1 <= len(hints) <= 2 and hints == sorted(hints)
    assert all(_valid(CATALOG, product, h) for h in hints)
    if len(hints) == 2:
        assert hints[0] < face < hints[1]  # one below, one above
        valid_between = [a for a in range(hints[0] + 1, hints[1])
                         if product.kind is not ProductKind.RANGE and a in product.denominations]
        assert not valid_between  # nothing valid closer


@st.composite
def range_products(draw):
    step = draw(st.integers(1, 5000))
    low = draw(st.integers(1, 100_000))
    high = low + step * draw(st.integers(0, 500)) + draw(st.integers(0, step - 1))
    max_sale = draw(st.integers(1, high * 2))
    product = Product("X-RANGE", "SAF", "Any", ProductKind.RANGE, "KES", 500, min_amount=low, max_amount=high,
                      step=step)
    catalog = replace(CATALOG, limits=Limits(max_sale=max_sale), products=(product,), promotions=())
    return catalog, product


@settings(max_examples=400, deadline=None)
@given(made=range_products(), face=st.integers(-10**6, 10**7))
def test_hints_for_any_range_product_are_valid_for_it(made, face):
    catalog, product = made
    hints = draft(catalog=catalog).nearest_amounts(product, face)
    assert len(hints) <= 2 and all(_valid(catalog, product, h) for h in hints)
    sellable = min(product.max_amount, catalog.limits.max_sale) >= product.min_amount
    assert bool(hints) == sellable  # a hint whenever there is anything at all to sell
    if len(hints) == 2:
        assert hints[1] - hints[0] == product.step and hints[0] < face < hints[1]
