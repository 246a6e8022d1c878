"""Customer care (issue 16): a subscriber's balances, top-ups across all agents with agent and
terminal, and reversals. The data is personal: every lookup, found or not, is written to the audit
log with the operator's name, and numbers are shown masked."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from topup_core.errors import NotFound, ValidationError

from ..domain import ledger
from ..domain.pricing import Rejection, normalise_msisdn
from ..store.repositories.console import CareTopUp
from . import audit, catalogs
from .context import ServerContext
from .operators import Actor, require

HISTORY = 100
USAGE_DAYS = 30  # the usage breakdown shown: the last 30 UTC days


def mask(msisdn: str) -> str:
    """'+254712345678' -> '+2547•••••678': enough to confirm with the caller, not to copy."""
    if len(msisdn) <= 7:
        return "•" * len(msisdn)
    return msisdn[:5] + "•" * (len(msisdn) - 8) + msisdn[-3:]


@dataclass(frozen=True)
class CareView:
    masked: str
    currency: str
    main_balance: int
    bonus_balance: int
    bonus_expires_at_ms: int | None
    top_ups: list[CareTopUp]
    buckets: list = field(default_factory=list)  # charging.BucketView, in the order they are used
    usage: object | None = None  # charging.UsageView of the last USAGE_DAYS days
    loyalty: object | None = None  # loyalty.LoyaltyView (None: the catalog has no loyalty programme)

    @property
    def reversals(self) -> list[CareTopUp]:
        return [t for t in self.top_ups if t.reversed]


def lookup(ctx: ServerContext, actor: Actor, msisdn: str) -> CareView:
    require(actor, "customers.view")
    now = ctx.clock()
    with ctx.uow() as uow:
        catalog = catalogs.current_catalog(ctx, uow)
        try:
            e164 = normalise_msisdn((msisdn or "")[:32], catalog.country if catalog else "KE")
        except Rejection as exc:
            raise ValidationError("msisdn_invalid", exc.message) from None
        row = uow.subscribers.get(e164)
        audit.record_in(uow, now, actor.name, "customer_lookup", mask(e164),
                        {"number_sha256": hashlib.sha256(e164.encode()).hexdigest(), "found": row is not None})
        uow.commit()
    if row is None:
        raise NotFound("subscriber_unknown", "That number has never been topped up here.")
    from . import charging, loyalty  # the charging service's usage and buckets, the loyalty book (issues 14, 15)
    with ctx.uow() as uow:
        rules = loyalty.rules_for(ctx, uow, uow.catalogs.latest_version())
        return CareView(mask(e164), row.currency, uow.ledger.balance(ledger.main_account(e164)),
                        uow.ledger.balance(ledger.bonus_account(e164)), row.bonus_expires_at_ms,
                        uow.care.top_ups(e164, HISTORY), charging.buckets_in(uow, e164, now),
                        charging.usage_in(uow, e164, row.currency, USAGE_DAYS, now),
                        loyalty.loyalty_view(uow, rules, e164, now))
