import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.money import Money
from topup_core.payment import PaymentMethod, take_payment


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_change_is_tendered_minus_price(price, extra):
    payment = take_payment("cash", Money(price, "KES"), Money(price + extra, "KES"))
    assert payment.change == Money(extra, "KES")
    assert payment.tendered - payment.change == Money(price, "KES")


@pytest.mark.parametrize("method,tendered,reference,code", [
    ("cash", None, None, "tendered_missing"),
    ("cash", 9999, None, "tendered_too_low"),
    ("cash", 10**13, None, "amount_absurd"),
    ("card", None, None, "payment_reference_missing"),
    ("mobile_money", None, "  ", "payment_reference_missing"),
    ("mobile_money", None, "x", "payment_reference_invalid"),
    ("mobile_money", None, "ref with spaces", "payment_reference_invalid"),
    ("cheque", None, None, "payment_method_unknown"),
])
def test_bad_payments_say_why(method, tendered, reference, code):
    with pytest.raises(ValidationError) as err:
        take_payment(method, Money(10000, "KES"), None if tendered is None else Money(tendered, "KES"), reference)
    assert err.value.code == code


def test_card_and_mobile_money_keep_reference():
    payment = take_payment("mobile_money", Money(10000, "KES"), reference=" QK12AB34 ")
    assert payment.method is PaymentMethod.MOBILE_MONEY and payment.reference == "QK12AB34" and payment.change is None
