import pytest
from hypothesis import given
from hypothesis import strategies as st

from topup_core.errors import ValidationError
from topup_core.money import Money

amounts = st.integers(min_value=-10**12, max_value=10**12)
currencies = st.sampled_from(["KES", "NGN", "XOF", "EUR", "KWD"])


@given(amounts, amounts, currencies)
def test_addition_and_subtraction_never_drift(a, b, cur):
    x, y = Money(a, cur), Money(b, cur)
    assert (x + y) - y == x
    assert (x + y).amount == a + b
    assert -(-x) == x


@given(amounts, amounts)
def test_currencies_never_mix(a, b):
    with pytest.raises(ValueError):
        Money(a, "KES") + Money(b, "NGN")
    with pytest.raises(ValueError):
        Money(a, "KES") < Money(b, "NGN")


@pytest.mark.parametrize("bad", [1.5, 10.0, "10", True, None])
def test_only_integer_minor_units(bad):
    with pytest.raises(TypeError):
        Money(bad, "KES")


@pytest.mark.parametrize("bad", ["kes", "KE", "KESS", "", "12A"])
def test_currency_must_be_iso_code(bad):
    with pytest.raises(ValueError):
        Money(1, bad)


@pytest.mark.parametrize("text,currency,minor", [
    ("100", "KES", 10000), ("99.5", "KES", 9950), ("99,50", "KES", 9950), ("0.01", "KES", 1),
    ("1500", "XOF", 1500), ("1.234", "KWD", 1234), (" 7 ", "NGN", 700),
])
def test_parse_is_exact(text, currency, minor):
    assert Money.parse(text, currency) == Money(minor, currency)


@pytest.mark.parametrize("text,currency", [("1.234", "KES"), ("1.5", "XOF"), ("abc", "KES"), ("", "KES"),
                                           ("-5", "KES"), ("1e3", "KES"), ("1 000", "KES")])
def test_parse_refuses_what_is_not_an_amount(text, currency):
    with pytest.raises(ValidationError) as err:
        Money.parse(text, currency)
    assert err.value.code == "amount_invalid"


@given(st.integers(min_value=0, max_value=10**12), currencies)
def test_decimal_string_round_trips(minor, cur):
    money = Money(minor, cur)
    assert Money.parse(money.to_decimal_string(), cur) == money


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=9999))
def test_basis_points_round_down_and_stay_within_amount(minor, bps):
    share = Money(minor, "KES").basis_points(bps)
    assert 0 <= share.amount <= minor
    assert share.amount * 10_000 <= minor * bps < (share.amount + 1) * 10_000


def test_uuid7_ids_are_valid_unique_and_ordered():
    import uuid

    from topup_core.ids import uuid7

    ids = [uuid7() for _ in range(5000)]
    assert len(set(ids)) == 5000
    assert ids == sorted(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
