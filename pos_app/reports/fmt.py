"""Formatting at the edge (babel), shared by the exporters. No Qt here: `pos-admin` uses it too."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

from topup_core.money import Money, currency_exponent
from pos_app.domain.sale import SaleStatus

STATUS_NAMES = {SaleStatus.QUEUED.value: "Pending", SaleStatus.CONFIRMED.value: "Confirmed",
                SaleStatus.REJECTED.value: "Rejected", SaleStatus.REVERSAL_PENDING.value: "Reversal pending",
                SaleStatus.REVERSED.value: "Reversed", SaleStatus.REVERSAL_REFUSED.value: "Reversal refused",
                SaleStatus.CANCELLED.value: "Cancelled"}
METHOD_NAMES = {"cash": "Cash", "card": "Card", "mobile_money": "Mobile money"}


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name or "en")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def money(amount: int, currency: str, locale: str = "en") -> str:
    value = Decimal(Money(amount, currency).amount).scaleb(-currency_exponent(currency))
    return format_currency(value, currency, locale=_locale(locale))


def number(n: int, locale: str = "en") -> str:
    return format_decimal(n, locale=_locale(locale))


def local_time(at_ms: int, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    try:
        zone = ZoneInfo(tz)
    except Exception:  # noqa: BLE001
        zone = timezone.utc
    return datetime.fromtimestamp(at_ms / 1000, zone).strftime(fmt)


def locale_for_country(country: str, preferred: str = "") -> str:
    """English as written in the shop's country (en_KE: `Ksh1,234.00`), unless a locale is preferred."""
    if preferred:
        return preferred
    try:
        return str(Locale.parse(f"en_{country}"))
    except (UnknownLocaleError, ValueError):
        return "en"
