"""What the receipt adds for the customer (issue 14, items 4 and 6), already in words:

- the refund policy's short text, printed in the footer (from the catalog version of the sale);
- "Your Ksh5 bonus expires on 30 Jan" when the sale carries a bonus and the catalog says how long a
  bonus lasts (`bonus_validity_days`, top level of the catalog document; it must match the server's
  bonus validity, 30 days by default);
- "Next top-up around 12 Dec" when the customer's own history has a usual interval (the server's
  suggestion, from the view kept when the number was typed): the sale's date plus that interval.

Reads only; a receipt never waits on the network for these lines."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from topup_core.formatting import format_money, locale_for
from topup_core.money import Money
from topup_core.refunds import policy_from_document
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus

from .ports import UnitOfWorkFactory

# Sales whose receipt still speaks of a bonus to come and of the next top-up.
_LIVE = (SaleStatus.QUEUED, SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED, SaleStatus.DISPUTED)


def _day(at: datetime) -> str:
    """"22 Dec", joined by a no-break space so a narrow receipt never splits it (printed as a space)."""
    return f"{at.day}\u00a0{at.strftime('%b')}"


def customer_lines(sale: SaleRecord, document: dict[str, Any] | None, reply: dict[str, Any] | None,
                   zone: ZoneInfo, locale: str) -> tuple[str, ...]:
    """The bonus-expiry and next-top-up lines (pure)."""
    if sale.status not in _LIVE:
        return ()
    out: list[str] = []
    days = (document or {}).get("bonus_validity_days")
    if sale.bonus.amount > 0 and type(days) is int and days > 0:
        expires = (sale.created_at + timedelta(days=days)).astimezone(zone)
        out.append(f"Your {format_money(sale.bonus, locale, short=True, plain_spaces=True)} bonus expires on "
                   f"{_day(expires)}")
    interval = ((reply or {}).get("suggestions") or {}).get("usual_interval_days")
    if type(interval) is int and interval > 0:
        out.append(f"Next top-up around {_day((sale.created_at + timedelta(days=interval)).astimezone(zone))}")
    return tuple(out)


def reversal_lines(sale: SaleRecord, fixes: list[Any], locale: str) -> tuple[str, ...]:
    """A copy of a partly reversed sale says how much was taken back and refunded (the status line
    alone would say the whole top-up was)."""
    if sale.status is not SaleStatus.REVERSED:
        return ()
    done = [f for f in fixes if f.kind == "reversal" and f.state == "reversed"]
    if not done or done[-1].final_state != "reversed_partial" or done[-1].refund is None:
        return ()
    fix, cur = done[-1], sale.price.currency
    money = lambda amount: format_money(Money(int(amount), cur), locale, plain_spaces=True)  # noqa: E731
    lines = []
    if fix.recovered is not None:
        lines.append(f"Partly reversed: {money(fix.recovered)} of unused credit taken back")
    lines.append(f"Refunded {money(fix.refund)} of {money(sale.price.amount)} paid")
    return tuple(lines)


def policy_text(document: dict[str, Any] | None) -> str | None:
    if not document:
        return None
    try:
        policy = policy_from_document(document)
    except Exception:  # noqa: BLE001 - a receipt never fails on a malformed policy
        return None
    return policy.text or None


class ReceiptExtras:
    """The spool's source of these lines (pos_app.printing.spool.PrintSpool `receipt_extras`)."""

    def __init__(self, uow: UnitOfWorkFactory, timezone: Any, country: Any) -> None:  # noqa: ANN401 - callables
        self.uow = uow
        self._timezone = timezone
        self._country = country

    def __call__(self, sale: SaleRecord) -> tuple[str | None, tuple[str, ...]]:
        with self.uow(write=False) as uow:
            row = uow.catalogs.get(sale.catalog_version)
            kept = uow.customers.cached(sale.msisdn)
            fixes = uow.fixes.for_sale(sale.id) if sale.status is SaleStatus.REVERSED else []
        document = json.loads(row.body) if row is not None else None
        reply = kept[0] if kept is not None else None
        zone = ZoneInfo(self._timezone())
        locale = locale_for(self._country(), "en")
        return policy_text(document), (customer_lines(sale, document, reply, zone, locale)
                                       + reversal_lines(sale, fixes, locale))
