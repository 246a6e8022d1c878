"""Formatting for people, at the edge: money with babel, numbers and times for the clerk."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, parse_pattern

from topup_core.money import Money, currency_exponent
from topup_core.msisdn import parse_msisdn

DEFAULT_LOCALE = "en"


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name or DEFAULT_LOCALE)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def locale_for_country(country: str, preferred: str = "") -> str:
    """The UI's number/currency locale: the preference, else English as written in that country."""
    if preferred:
        return preferred
    try:
        return str(Locale.parse(f"en_{country}"))
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LOCALE


def money(value: Money | None, locale: str = DEFAULT_LOCALE, *, short: bool = False) -> str:
    """`Ksh1,234.56`; with ``short`` whole amounts drop their zeros (`Ksh50`) for buttons."""
    if value is None:
        return "—"
    exponent = currency_exponent(value.currency)
    amount = Decimal(value.amount).scaleb(-exponent)
    loc = _locale(locale)
    if short and value.amount % (10**exponent) == 0:
        pattern = parse_pattern(loc.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        return pattern.apply(amount, loc, currency=value.currency, currency_digits=False)
    return format_currency(amount, value.currency, locale=loc)


def amount_text(value: Money) -> str:
    """What a clerk would type for this amount ("100" or "99.50"), for prefilling fields."""
    exponent = currency_exponent(value.currency)
    units, minor = divmod(value.amount, 10**exponent)
    return f"{units}.{minor:0{exponent}d}" if minor else str(units)


def msisdn_display(e164: str, region: str) -> str:
    """International form with groups (`+254 712 345 678`), or the raw text if it cannot be parsed."""
    try:
        return parse_msisdn(e164, region).international()
    except Exception:  # noqa: BLE001 - display only
        return e164


def local_time(at: datetime, timezone: str, fmt: str = "%H:%M") -> str:
    try:
        zone = ZoneInfo(timezone)
    except Exception:  # noqa: BLE001
        zone = None
    return at.astimezone(zone).strftime(fmt)
