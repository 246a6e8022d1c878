"""The manager's customer views (issue 14): the lapsed-customer list (ERPNext's "Inactive Customers",
ranked against each customer's own interval), from the server's sales of the asking agent only."""
from __future__ import annotations

from dataclasses import dataclass

from topup_core.msisdn import mask_e164

from .auth import AuthedTerminal
from .context import ServerContext

DAY_MS = 86_400_000
SCAN = 5000  # the agent's biggest customers looked at
MARGIN_PCT = 150  # lapsed: the days since the last top-up exceed 1.5 x the customer's usual interval


@dataclass(frozen=True)
class LapsedCustomer:
    msisdn_masked: str
    days_since: int
    topups: int
    total: int  # minor units of face value
    last_amount: int
    last_at_ms: int
    usual_interval_days: int | None


def is_lapsed(days_since: int, usual_interval_days: int | None, min_days: int) -> bool:
    """Pure: at least `min_days`, and beyond the customer's own rhythm by the margin (a customer seen
    once has no rhythm: `min_days` alone decides)."""
    if days_since < min_days:
        return False
    return usual_interval_days is None or days_since * 100 > usual_interval_days * MARGIN_PCT


def lapsed(ctx: ServerContext, who: AuthedTerminal, min_days: int, limit: int = 200) -> list[LapsedCustomer]:
    now = ctx.clock()
    with ctx.uow() as uow:
        rows = uow.loyalty.customers_of(who.agent_id, SCAN)
    out = []
    for msisdn, count, total, first, last, last_face in rows:
        days = max(0, (now - last) // DAY_MS)
        interval = max(1, (last - first) // (count - 1) // DAY_MS) if count >= 2 else None
        if is_lapsed(days, interval, min_days):
            out.append(LapsedCustomer(mask_e164(msisdn), days, count, total, last_face, last, interval))
    return out[:limit]  # already ranked by value
