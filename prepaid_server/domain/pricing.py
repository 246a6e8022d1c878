"""Check a terminal's sale document against the catalog version it names. Never trusts client totals."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import phonenumbers
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE as _CC_REGIONS
from phonenumbers.phonenumberutil import _number_type_helper  # the one number_type() runs on parsed numbers

from topup_core.catalog import Catalog
from topup_core.errors import DomainError
from topup_core.msisdn import parse_msisdn
from topup_core.pricing import check_sellable, quote

from .ledger import SaleAmounts


class Rejection(Exception):
    """A sale (or reversal) refused with a stable code; stored so a retry gets the same answer."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True, slots=True)
class CatalogVersionInfo:
    version: int
    published_at_ms: int


def _is_sorted(versions: list[CatalogVersionInfo]) -> bool:
    return all(a.version < b.version for a, b in zip(versions, versions[1:]))


def check_version_valid(versions: list[CatalogVersionInfo], version: int, at_ms: int, *, grace_ms: int,
                        skew_ms: int) -> None:
    """A version is valid from its publication until its successor's publication plus `grace_ms`
    (terminals that have not fetched the new catalog yet keep selling at the printed price)."""
    ordered = versions if _is_sorted(versions) else sorted(versions, key=lambda v: v.version)
    numbers = [v.version for v in ordered]
    i = bisect.bisect_left(numbers, version)
    if i == len(numbers) or numbers[i] != version:
        raise Rejection("catalog_version_unknown", f"Catalog version {version} does not exist.")
    if at_ms + skew_ms < ordered[i].published_at_ms:
        raise Rejection("catalog_version_expired", f"Catalog version {version} was not yet published then.")
    if i + 1 < len(ordered) and at_ms >= ordered[i + 1].published_at_ms + grace_ms:
        raise Rejection("catalog_version_expired",
                        f"Catalog version {version} had been replaced when this sale was made.")


_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _plainly_mobile(msisdn: str, region: str) -> bool:
    """Issue 13 (perf-sale): True when an E.164 `msisdn` is certainly a mobile number of `region`
    in its own canonical form, decided with the region's metadata directly (no PhoneNumber parse:
    parsing was ~40% of a batch's CPU, each number being new to the cache). False means "not
    sure": the full check below decides. Conservative on every case where parse could rewrite the
    number (a country code shared by several regions, a leading zero, a national prefix that
    parse would strip); tests/server/test_msisdn_fast_path.py compares it with the full check."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None or _CC_REGIONS.get(meta.country_code) != (region,):
        return False
    cc = str(meta.country_code)
    national = msisdn[1 + len(cc):]
    if not msisdn.startswith(cc, 1) or not national or national[0] == "0":
        return False
    if meta.national_prefix_for_parsing and re.match(meta.national_prefix_for_parsing, national):
        return False
    return _number_type_helper(national, meta) in _MOBILE


@lru_cache(maxsize=65536)
def _e164(msisdn: str, region: str) -> str:
    # Terminals send E.164 already; checking that form directly costs one metadata match instead
    # of parse_msisdn's several, with the same verdict (valid mobile number of `region`).
    if _E164.match(msisdn) and _plainly_mobile(msisdn, region):
        return msisdn
    if _E164.match(msisdn):
        try:
            number = phonenumbers.parse(msisdn)
        except phonenumbers.NumberParseException:
            number = None
        if (number is not None and number.country_code == phonenumbers.country_code_for_region(region)
                and phonenumbers.region_code_for_number(number) == region
                and phonenumbers.number_type(number) in _MOBILE
                and phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == msisdn):
            return msisdn
    return parse_msisdn(msisdn, region).e164


def normalise_msisdn(msisdn: str, region: str) -> str:
    """E.164 of a valid mobile number of `region`, else Rejection('msisdn_invalid')."""
    try:
        return _e164(msisdn, region)
    except DomainError as exc:
        raise Rejection("msisdn_invalid", exc.message) from None


def price_check(catalog: Catalog, *, msisdn: str, operator: str, product: str, currency: str, face: int,
                bonus: int, price: int, float_cost: int, created_at_ms: int) -> tuple[str, SaleAmounts]:
    """Recompute the sale from `catalog` at the time it was made. Returns (E.164, amounts)."""
    e164 = normalise_msisdn(msisdn, catalog.country)
    try:
        item = catalog.product(product)
    except DomainError:
        raise Rejection("product_unknown", f"There is no product {product!r} in catalog {catalog.version}.") from None
    at = datetime.fromtimestamp(created_at_ms / 1000, tz=timezone.utc)
    try:
        check_sellable(catalog, item, face, at)
    except DomainError as exc:
        if exc.code == "product_unavailable":
            raise Rejection("product_unknown", f"{item.name} was not on sale at that time.") from None
        raise Rejection("amount_invalid", exc.message) from None
    expected = quote(catalog, item, face, at)
    # issue 14 (offers): a targeted or capped promotion depends on the customer's facts, which the
    # till may only have had cached: any bonus this catalog could give passes here; the ingest
    # recomputes it with the server's facts and pays max(recomputed, printed) (services/offers.py).
    bonus_ok = bonus == expected.bonus or bonus in catalog.printable_bonuses(item, face, at)
    if (operator != item.operator_code or currency != catalog.currency or not bonus_ok
            or float_cost != expected.float_cost or price != expected.price):
        raise Rejection(
            "price_mismatch",
            f"Catalog {catalog.version} gives operator {item.operator_code}, {catalog.currency} bonus {expected.bonus}, "
            f"price {expected.price}, float cost {expected.float_cost} for face {face}.",
        )
    return e164, SaleAmounts(face=face, bonus=bonus, float_cost=expected.float_cost)
