"""Words and formats of printed reports (English, like receipts). Money, numbers and times come
from the project's one formatter, topup_core.formatting."""
from __future__ import annotations

from topup_core.formatting import format_amount, format_number, local_time as _local_time, locale_for
from topup_core.payment import METHOD_NAMES
from pos_app.domain.sale import SaleStatus

STATUS_NAMES = {SaleStatus.QUEUED.value: "Pending", SaleStatus.CONFIRMED.value: "Confirmed",
                SaleStatus.REJECTED.value: "Rejected", SaleStatus.REVERSAL_PENDING.value: "Reversal pending",
                SaleStatus.REVERSED.value: "Reversed", SaleStatus.REVERSAL_REFUSED.value: "Reversal refused",
                SaleStatus.CANCELLED.value: "Cancelled", SaleStatus.DISPUTED.value: "Disputed"}
WHEN = "%Y-%m-%d %H:%M"

money = format_amount
number = format_number


def local_time(at_ms: int, tz: str, fmt: str = WHEN) -> str:
    return _local_time(at_ms, tz, fmt)


def report_locale(country: str) -> str:
    """Reports are in English, with the number formats of the shop's country."""
    return locale_for(country, "en")


__all__ = ["METHOD_NAMES", "STATUS_NAMES", "local_time", "money", "number", "report_locale"]
