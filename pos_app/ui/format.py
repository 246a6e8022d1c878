"""Formatting for people on screen. Money, numbers and times come from the project's one formatter
(topup_core.formatting); this adds what only screens need (a number as the clerk reads it)."""
from __future__ import annotations

from datetime import datetime

from topup_core.formatting import DEFAULT_LOCALE, amount_text, format_money, local_time as _local_time
from topup_core.money import Money
from topup_core.msisdn import international_form

__all__ = ["DEFAULT_LOCALE", "amount_text", "local_time", "money", "msisdn_display"]


def money(value: Money | None, locale: str = DEFAULT_LOCALE, *, short: bool = False) -> str:
    """`Ksh1,234.56`; with ``short`` whole amounts drop their zeros (`Ksh50`) for buttons."""
    return format_money(value, locale, short=short)


def msisdn_display(e164: str, region: str = "") -> str:
    """International form with groups (`+254 712 345 678`), or the raw text if it cannot be parsed."""
    return international_form(e164)


def local_time(at: datetime, timezone: str, fmt: str = "%H:%M") -> str:
    return _local_time(at, timezone, fmt)
