"""Customer lookup at the counter: balances and recent top-ups."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from topup_core.errors import NotFound, ValidationError

from ..domain import ledger
from ..domain.pricing import Rejection, normalise_msisdn
from . import catalogs, charging
from .context import ServerContext

RECENT = 10


@dataclass(frozen=True)
class RecentTopUp:
    sale_id: str
    face: int
    bonus: int
    at_ms: int
    operator: str
    reversed: bool


@dataclass(frozen=True)
class SubscriberView:
    msisdn: str
    currency: str
    main_balance: int
    bonus_balance: int
    bonus_expires_at: str | None
    recent: list[RecentTopUp]
    buckets: list = field(default_factory=list)  # issue 15: charging.BucketView, in the order of use


def lookup(ctx: ServerContext, msisdn: str) -> SubscriberView:
    with ctx.uow() as uow:
        catalog = catalogs.current_catalog(ctx, uow)
        region = catalog.country if catalog else "KE"
        try:
            e164 = normalise_msisdn(msisdn, region)
        except Rejection as exc:
            raise ValidationError("msisdn_invalid", exc.message) from None
        row = uow.subscribers.get(e164)
        if row is None:
            raise NotFound("subscriber_unknown", "That number has never been topped up here.")
        recent = uow.sales.recent_accepted_for_number(e164, RECENT)
        expires = row.bonus_expires_at_ms
        return SubscriberView(
            msisdn=e164, currency=row.currency,
            main_balance=uow.ledger.balance(ledger.main_account(e164)),
            bonus_balance=uow.ledger.balance(ledger.bonus_account(e164)),
            bonus_expires_at=datetime.fromtimestamp(expires / 1000, tz=timezone.utc).isoformat() if expires else None,
            recent=[RecentTopUp(r[0], r[1], r[2], r[3], r[4], r[5] is not None) for r in recent],
            buckets=charging.buckets_in(uow, e164, ctx.clock()),  # issue 15
        )
