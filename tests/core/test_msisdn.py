import pytest

from topup_core.errors import ValidationError
from topup_core.msisdn import format_as_typed, mask_e164, parse_msisdn


@pytest.mark.parametrize("typed", ["0712345123", "712345123", "+254712345123", "+254 712 345 123",
                                   "0712-345-123", "00254712345123", " (0712) 345.123 "])
def test_national_and_international_forms_give_one_e164(typed):
    assert parse_msisdn(typed, "KE").e164 == "+254712345123"


@pytest.mark.parametrize("typed,code", [
    ("", "msisdn_empty"), ("   ", "msisdn_empty"), ("---", "msisdn_empty"),
    ("07123", "msisdn_too_short"), ("0712 3451", "msisdn_too_short"),
    ("0712345123456789", "msisdn_too_long"),
    ("+1 650 253 0000", "msisdn_wrong_country"), ("+234 803 123 4567", "msisdn_wrong_country"),
    ("07I2345123", "msisdn_invalid_characters"), ("0712345abc", "msisdn_invalid_characters"),
    ("0712📱345123", "msisdn_invalid_characters"), ("O712345123", "msisdn_invalid_characters"),
    ("0201234567", "msisdn_not_mobile"),
])
def test_each_way_of_being_wrong_has_its_own_code(typed, code):
    with pytest.raises(ValidationError) as err:
        parse_msisdn(typed, "KE")
    assert err.value.code == code
    assert err.value.message and err.value.message != code


def test_masking_keeps_country_first_and_last_three():
    assert mask_e164("+254712345123") == "+254 7•• ••• 123"
    masked = mask_e164("+2348031234567")
    assert masked.startswith("+234 8") and masked.endswith("567") and "123" not in masked[6:-3]


def test_as_you_type_formatting():
    assert format_as_typed("0712345678", "KE") == "0712 345678"
    assert format_as_typed("+254712", "KE").startswith("+254 712")
