"""Customer lookup at the counter: balances and recent top-ups."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from topup_core.errors import NotFound, ValidationError

from ..domain import ledger
from ..domain.pricing import Rejection, normalise_msisdn
from . import catalogs, charging, loyalty, offers
from .context import ServerContext
from .rate_limit import SlidingWindow

RECENT = 10


@dataclass(frozen=True)
class RecentTopUp:
    sale_id: str | None  # None: another agent's top-up (issue 14: no ids or agent of others)
    face: int
    bonus: int
    at_ms: int
    operator: str
    reversed: bool
    own: bool = True  # sold by the asking terminal's agent


@dataclass(frozen=True)
class SubscriberView:
    msisdn: str
    currency: str
    main_balance: int
    bonus_balance: int
    bonus_expires_at: str | None
    recent: list[RecentTopUp]
    loyalty: loyalty.LoyaltyView | None = None  # issue 14
    suggestions: loyalty.Suggestions | None = None  # issue 14
    buckets: list = field(default_factory=list)  # issue 15: charging.BucketView, in the order of use
    offers: list = field(default_factory=list)  # issue 14 (offers): live offers for this customer, with why
    facts: dict | None = None  # issue 14 (offers): topup_core CustomerFacts, for the till's offline preview


LOOKUPS_PER_MINUTE = 30
_lookups = SlidingWindow(LOOKUPS_PER_MINUTE, 60.0)


def lookup(ctx: ServerContext, msisdn: str, agent_id: str | None = None, terminal_id: str | None = None
           ) -> SubscriberView:
    """The customer as the counter sees them. With `agent_id` (issue 11) the agent's own top-ups carry
    their sale id and other agents' top-ups do not; `terminal_id` is rate-limited (RateLimited, 429)."""
    if terminal_id is not None:
        _lookups.hit(terminal_id)
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
        live_offers, facts = offers.lookup_parts(ctx, uow, catalog, e164, ctx.clock())  # issue 14 (offers)
        expires = row.bonus_expires_at_ms
        return SubscriberView(
            msisdn=e164, currency=row.currency,
            main_balance=uow.ledger.balance(ledger.main_account(e164)),
            bonus_balance=uow.ledger.balance(ledger.bonus_account(e164)),
            bonus_expires_at=datetime.fromtimestamp(expires / 1000, tz=timezone.utc).isoformat() if expires else None,
            recent=[_recent(r, agent_id) for r in recent],
            loyalty=loyalty.loyalty_view(uow, loyalty.rules_for(ctx, uow, catalog.version if catalog else None),
                                         e164, ctx.clock()),
            suggestions=loyalty.suggestions_in(uow, agent_id, e164, ctx.clock()),
            buckets=charging.buckets_in(uow, e164, ctx.clock()),  # issue 15
            offers=live_offers, facts=facts,  # issue 14 (offers)
        )


def _recent(row: tuple, agent_id: str | None) -> RecentTopUp:
    own = agent_id is None or row[6] == agent_id
    return RecentTopUp(row[0] if own else None, row[1], row[2], row[3], row[4], row[5] is not None, own)
