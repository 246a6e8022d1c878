"""The server's E.164 fast path (issue 13, perf-sale: no PhoneNumber parse per new number) gives
the same verdict as the full phonenumbers check on every number tried: valid mobiles, fixed
lines, wrong lengths, other countries, shared country codes, leading zeros."""
from __future__ import annotations

import random

import pytest

from prepaid_server.domain import pricing
from topup_core.errors import DomainError
from topup_core.msisdn import parse_msisdn


def _full(msisdn: str, region: str) -> str | None:
    """The check as it was before the fast path (pricing._e164 without _plainly_mobile)."""
    import phonenumbers
    if pricing._E164.match(msisdn):
        try:
            number = phonenumbers.parse(msisdn)
        except phonenumbers.NumberParseException:
            number = None
        if (number is not None and number.country_code == phonenumbers.country_code_for_region(region)
                and phonenumbers.region_code_for_number(number) == region
                and phonenumbers.number_type(number) in pricing._MOBILE
                and phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == msisdn):
            return msisdn
    try:
        return parse_msisdn(msisdn, region).e164
    except DomainError:
        return None


def _numbers(seed: int) -> list[str]:
    rng = random.Random(seed)
    prefixes = ["+2547", "+2541", "+2542", "+25420", "+2540", "+254", "+2557", "+2567", "+1", "+44", "+447",
                "+33", "+336", "+2348", "+27", "+2557"]
    out = []
    for _ in range(6000):
        prefix = rng.choice(prefixes)
        out.append(prefix + "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 11))))
    return out + ["+254712345678", "+254110123456", "+254201234567", "+2547123456789", "+25471234567"]


@pytest.mark.parametrize("region", ["KE", "TZ", "UG", "GB", "US", "FR", "NG"])
def test_the_fast_path_agrees_with_the_full_check(region):
    accepted = 0
    for msisdn in _numbers(hash(region) & 0xFFFF):
        if pricing._plainly_mobile(msisdn, region):
            accepted += 1
            assert _full(msisdn, region) == msisdn, (msisdn, region)
        pricing._e164.cache_clear()
        try:
            got = pricing._e164(msisdn, region)
        except DomainError:
            got = None
        assert got == _full(msisdn, region), (msisdn, region)
    if region == "KE":
        assert accepted > 0


def test_the_fast_path_takes_the_common_kenyan_mobiles():
    for msisdn in ("+254712345678", "+254722000111", "+254110123456", "+254799999999"):
        assert pricing._plainly_mobile(msisdn, "KE"), msisdn
    for msisdn in ("+254201234567", "+2547123456789", "+25471234567", "+255712345678"):
        assert not pricing._plainly_mobile(msisdn, "KE"), msisdn
