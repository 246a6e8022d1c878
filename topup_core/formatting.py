"""Formatting for people, at the edge: money, numbers and times in a babel locale. The one
formatter of the project: the till's screens, its receipts and reports, and (later) the server's
console all use it, so an amount reads the same everywhere. Integer minor units go in; Decimal
keeps the conversion exact (no float path).

    locale_for("KE")                   -> "en_KE"   (English as written in Kenya)
    locale_for("SN", "fr")             -> "fr_SN"
    format_money(Money(123456, "KES"), "en_KE")              -> "Ksh1,234.56"
    format_money(Money(5000, "KES"), "en_KE", short=True)    -> "Ksh50"   (buttons)
    format_money(m, locale, plain_spaces=True)               -> no no-break spaces (printer code pages)
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, parse_pattern

from .money import Money, currency_exponent

DEFAULT_LOCALE = "en"
NO_VALUE = "—"


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name or DEFAULT_LOCALE)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


@lru_cache(maxsize=64)
def locale_for(country: str = "", language: str = DEFAULT_LOCALE, override: str = "") -> str:
    """The locale for numbers, money and dates: an explicit override, else the language as written
    in the shop's country (fr_SN, en_KE), else the language alone, else English."""
    if override:
        return override
    language = (language or DEFAULT_LOCALE).split("_")[0]
    for candidate in (f"{language}_{(country or '').upper()}" if country else "", language):
        if not candidate:
            continue
        try:
            return str(Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return DEFAULT_LOCALE


def _major(money: Money) -> Decimal:
    return Decimal(money.amount).scaleb(-currency_exponent(money.currency))


def format_money(money: Money | None, locale: str = DEFAULT_LOCALE, *, short: bool = False,
                 plain_spaces: bool = False) -> str:
    """`Ksh1,234.56`. `short`: whole amounts drop their zeros (`Ksh50`, for buttons).
    `plain_spaces`: plain spaces instead of no-break ones (some printer code pages lack them)."""
    if money is None:
        return NO_VALUE
    loc = _locale(locale)
    exponent = currency_exponent(money.currency)
    if short and money.amount % (10**exponent) == 0:
        pattern = parse_pattern(loc.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        text = pattern.apply(_major(money), loc, currency=money.currency, currency_digits=False)
    else:
        text = format_currency(_major(money), money.currency, locale=loc)
    return text.replace("\xa0", " ").replace("\u202f", " ") if plain_spaces else text


def format_amount(amount: int, currency: str, locale: str = DEFAULT_LOCALE, **options: bool) -> str:
    return format_money(Money(amount, currency), locale, **options)


def format_number(n: int, locale: str = DEFAULT_LOCALE) -> str:
    return format_decimal(n, locale=_locale(locale))


def amount_text(money: Money) -> str:
    """What a clerk would type for this amount ("100" or "99.50"), for prefilling fields."""
    exponent = currency_exponent(money.currency)
    units, minor = divmod(money.amount, 10**exponent)
    return f"{units}.{minor:0{exponent}d}" if minor else str(units)


def _zone(name: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - an unknown zone shows UTC rather than failing a screen or a report
        return timezone.utc


def local_time(at: datetime | int, tz: str, fmt: str = "%H:%M") -> str:
    """A moment (aware datetime, or milliseconds since the epoch) in the shop's time zone."""
    zone = _zone(tz)
    when = datetime.fromtimestamp(at / 1000, zone) if isinstance(at, int) else at.astimezone(zone)
    return when.strftime(fmt)


def group_pin(pin: str) -> str:
    """'1234567890123456' -> '1234 5678 9012 3456': a voucher PIN as it is easiest to type in."""
    return " ".join(pin[i:i + 4] for i in range(0, len(pin), 4))
