"""Customer numbers (MSISDNs): parse what the clerk typed, store E.164, show masked.

Uses `phonenumbers` (Google's libphonenumber metadata) for the configured country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

from .errors import ValidationError

# Separators a clerk may type; anything else that is not a digit (letters, emoji) is refused.
_ALLOWED = re.compile(r"^\+?[\d\s\-./()]*$")
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


@dataclass(frozen=True, slots=True)
class Msisdn:
    e164: str  # "+254712345678"
    region: str  # "KE"

    @property
    def national_number(self) -> str:
        """Significant national number, no trunk prefix: '712345678'."""
        return str(phonenumbers.parse(self.e164).national_number)

    def international(self) -> str:
        return phonenumbers.format_number(phonenumbers.parse(self.e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def national(self) -> str:
        return phonenumbers.format_number(phonenumbers.parse(self.e164), phonenumbers.PhoneNumberFormat.NATIONAL)

    def masked(self) -> str:
        return mask_e164(self.e164)

    def __str__(self) -> str:
        return self.e164


def parse_msisdn(text: str, region: str) -> Msisdn:
    """Turn national or international input into a validated mobile number of `region`.

    Each way of being wrong has its own code so the UI can say exactly what to fix.
    """
    raw = (text or "").strip()
    if not raw:
        raise ValidationError("msisdn_empty", "Type the customer's phone number.")
    if not _ALLOWED.match(raw):
        raise ValidationError("msisdn_invalid_characters", "A phone number has digits only (spaces and dashes are fine).")
    digits = re.sub(r"\D", "", raw)
    if not digits:
        raise ValidationError("msisdn_empty", "Type the customer's phone number.")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException as exc:
        if exc.error_type in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
            raise ValidationError("msisdn_too_short", "The number is too short.") from exc
        if exc.error_type == NumberParseException.TOO_LONG:
            raise ValidationError("msisdn_too_long", "The number is too long.") from exc
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise ValidationError("msisdn_wrong_country", "That country code does not exist.") from exc
        raise ValidationError("msisdn_invalid", "That is not a phone number.") from exc

    expected_cc = phonenumbers.country_code_for_region(region)
    if number.country_code != expected_cc:
        raise ValidationError(
            "msisdn_wrong_country",
            f"Only numbers of this country (+{expected_cc}) can be topped up here.",
        )
    # Judge the length as a *mobile* number: fixed lines are shorter in many countries.
    reason = phonenumbers.is_possible_number_for_type_with_reason(number, PhoneNumberType.MOBILE)
    if reason == ValidationResult.TOO_SHORT:
        raise ValidationError("msisdn_too_short", "The number is too short.")
    if reason == ValidationResult.TOO_LONG:
        raise ValidationError("msisdn_too_long", "The number is too long.")
    if reason not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        raise ValidationError("msisdn_invalid", "The number has the wrong length.")
    if not phonenumbers.is_valid_number_for_region(number, region):
        raise ValidationError("msisdn_invalid", "That number does not exist in this country. Check the digits.")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError("msisdn_not_mobile", "That is not a mobile number.")
    return Msisdn(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), region)


def format_as_typed(text: str, region: str) -> str:
    """Live formatting for the number field ('0712345678' -> '0712 345678')."""
    formatter = phonenumbers.AsYouTypeFormatter(region)
    out = ""
    for ch in text:
        if ch.isdigit() or ch == "+":
            out = formatter.input_digit(ch)
    return out


def international_form(e164: str) -> str:
    """'+254712345678' -> '+254 712 345678' for people; the text unchanged if it cannot be parsed."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except NumberParseException:
        return e164


def national_number(e164: str) -> str:
    """'+254712345123' -> '712345123' (the significant national number; '' if unparseable)."""
    try:
        return str(phonenumbers.parse(e164).national_number)
    except NumberParseException:
        return ""


def national_digits_as_typed(text: str, region: str) -> str:
    """Best guess at the national significant number of a partly typed number (to suggest the
    operator from its prefix before the number is complete)."""
    digits = re.sub(r"\D", "", text or "")
    stripped = (text or "").strip()
    cc = str(phonenumbers.country_code_for_region(region))
    if stripped.startswith("+") or stripped.startswith("00"):
        digits = digits[2:] if stripped.startswith("00") else digits
        return digits[len(cc):] if digits.startswith(cc) else ""
    if digits.startswith("0"):
        return digits[1:]
    if digits.startswith(cc) and len(digits) > len(cc) + 6:
        return digits[len(cc):]
    return digits


@lru_cache(maxsize=32)
def example_mobile(region: str) -> tuple[str, str]:
    """(national, international) form of an example mobile number of `region` ("0712 123456",
    "+254 712 123456" for KE), for the clerk's hints; ("", "") where the metadata has none."""
    number = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
    if number is None:
        return "", ""
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def mask_e164(e164: str) -> str:
    """'+254712345123' -> '+254 7•• ••• 123': country code, first and last three digits kept."""
    try:
        number = phonenumbers.parse(e164)
        cc, national = str(number.country_code), str(number.national_number)
    except NumberParseException:
        cc, national = "", e164.lstrip("+")
    if len(national) <= 4:
        return f"+{cc} " + "•" * len(national)
    hidden = "•" * (len(national) - 4)
    middle = hidden[:2] + " " + hidden[2:] if len(hidden) > 2 else hidden
    return f"+{cc} {national[0]}{middle} {national[-3:]}".strip()
