"""The customer's statement behind the receipt's QR (issue 15): `/s/<token>`, the token an HMAC
of the sale id with the terminal's secret (topup_core/statement.py). It shows only the data of the
subscriber that sale topped up, and stops working `Settings.statement_ttl_ms` after the sale."""
from __future__ import annotations

from dataclasses import dataclass

from topup_core.errors import NotFound
from topup_core.statement import mac_matches, split_token

from ..domain.charging import mask
from . import catalogs, loyalty
from .charging import BucketView, UsageView, buckets_in, usage_in
from .context import ServerContext
from .secrets_at_rest import sealer_for

USAGE_DAYS = 7


@dataclass(frozen=True)
class Statement:
    status: str  # pending (not synced yet) | confirmed | reversed | rejected
    masked_msisdn: str | None
    currency: str | None
    face: int | None
    bonus: int | None
    at_ms: int | None
    buckets: list[BucketView]
    usage: UsageView | None
    as_of_ms: int
    loyalty: loyalty.LoyaltyView | None = None  # None: the current catalog has no loyalty programme


def _invalid() -> NotFound:
    return NotFound("statement_link_invalid", "This statement link is not valid.")


def statement(ctx: ServerContext, token: str) -> Statement:
    parts = split_token(token)
    if parts is None:
        raise _invalid()
    code, sale_id, mac = parts
    now = ctx.clock()
    with ctx.uow() as uow:
        terminal = uow.charging.terminal_secret_by_code(code)
        if terminal is None or not mac_matches(sealer_for(ctx.url).open(terminal[0], terminal[1]), sale_id, mac):
            raise _invalid()
        sale = uow.sales.get(sale_id)
        if sale is None:  # printed offline, not synced yet
            return Statement("pending", None, None, None, None, None, [], None, now)
        if sale.terminal_id != terminal[0] or sale.created_at_ms is None or \
                now - sale.created_at_ms > ctx.settings.statement_ttl_ms:
            raise _invalid()
        if sale.status != "accepted":
            return Statement("rejected", mask(sale.msisdn or ""), sale.currency, sale.face, None, sale.created_at_ms,
                             [], None, now)
        status = "reversed" if sale.reversal_id else "confirmed"
        catalog = catalogs.current_catalog(ctx, uow)
        points = loyalty.loyalty_view(uow, loyalty.rules_for(ctx, uow, catalog.version if catalog else None),
                                      sale.msisdn, now)
        return Statement(status, mask(sale.msisdn), sale.currency, sale.face, sale.bonus, sale.created_at_ms,
                         buckets_in(uow, sale.msisdn, now), usage_in(uow, sale.msisdn, sale.currency, USAGE_DAYS, now),
                         now, points)
