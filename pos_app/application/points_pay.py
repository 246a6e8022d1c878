"""Points as a payment method at the till (issue 14 item 2).

    quote = app.points_pay.quote("+254712345678", Money(10000, "KES"))
    quote.cost, quote.balance, quote.limit, quote.allowed

How many points a sale takes is the catalog's redemption rate (`loyalty.minor_per_point`, rounded
up: topup_core.loyalty.points_cost, the very rule the server applies). Online the server is the
judge: it checks the balance at ingest and refuses the sale (`points_insufficient`) when it is short,
and a sale paid with points earns none. Offline the till decides alone, inside the sale's own
transaction (`check`, run with the offline-allowance guard, so two sales never both spend the same
points), and allows a points payment only when

- the catalog has a loyalty programme and a cap (`loyalty.offline_cap_points`, 0 = none offline);
- the points this customer's queued points sales take, plus this one, stay within the cap; and
- they stay within the balance the till last saw: the server's view kept by the customer panel
  (`customer_views`), less the points of this till's points sales made since that view was fetched
  or still queued (so the cached balance is reduced locally by queued points payments).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from topup_core.errors import ValidationError
from topup_core.loyalty import LoyaltyRules, rules_from_document
from topup_core.money import Money
from topup_core.payment import PaymentMethod

from .clock import to_ms
from .ports import Clock, UnitOfWork, UnitOfWorkFactory

FRESH_VIEW_MS = 60_000


@dataclass(frozen=True)
class PointsQuote:
    cost: int  # points this sale takes (0: no programme)
    minor_per_point: int
    programme: bool  # the catalog has a loyalty programme
    balance: int | None  # the customer's points as last seen, less this till's points sales since (None: never seen)
    as_of_ms: int | None  # when the server's view was fetched
    offline: bool
    limit: int | None  # offline: the most points this sale may take now (None online: the server decides)
    problem: str | None  # the error code the sale would be refused with here (None: it can go)

    @property
    def allowed(self) -> bool:
        return self.problem is None


class Guards:
    """Several guards run in turn inside a sale's transaction (the allowance, then points)."""

    def __init__(self, *guards: Any) -> None:  # noqa: ANN401 - AllowanceGuard-shaped
        self.guards = guards

    def check(self, uow: UnitOfWork, priced: Any) -> None:  # noqa: ANN401 - a PricedSale
        for guard in self.guards:
            guard.check(uow, priced)


class PointsPayment:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, catalog_version: Callable[[], int | None],
                 offline: Callable[[], bool]) -> None:
        self.uow, self.clock = uow, clock
        self._version = catalog_version
        self._offline = offline  # no I/O: the server cannot be reached, or there is none
        self._rules: dict[int, LoyaltyRules | None] = {}

    # ------------------------------------------------------------ reads

    def rules(self, uow: UnitOfWork, version: int | None = None) -> LoyaltyRules | None:
        version = self._version() if version is None else version
        if version is None:
            return None
        if version not in self._rules:  # a catalog version never changes
            row = uow.catalogs.get(version)
            self._rules[version] = rules_from_document(json.loads(row.body)) if row is not None else None
        return self._rules[version]

    def quote(self, msisdn: str, price: Money) -> PointsQuote:
        """What the payment step shows: the points the sale takes, what the customer holds as far
        as this till knows, and whether the till would take it now."""
        with self.uow(write=False) as uow:
            return self._quote(uow, msisdn, price.amount, self.rules(uow))

    def _quote(self, uow: UnitOfWork, msisdn: str, price: int, rules: LoyaltyRules | None) -> PointsQuote:
        offline = self._offline()
        if rules is None:
            return PointsQuote(0, 0, False, None, None, offline, None, "points_unavailable")
        cost = rules.points_cost(price)
        kept = uow.customers.cached(msisdn)
        seen, as_of = _points_of(kept)
        spent_since, queued = 0, 0
        for sale_price, status, created_at_ms in uow.customers.points_sales(msisdn):
            if status == "QUEUED":
                queued += rules.points_cost(sale_price)
            if status == "QUEUED" or (status == "CONFIRMED" and as_of is not None and created_at_ms > as_of):
                spent_since += rules.points_cost(sale_price)
        balance = None if seen is None else max(0, seen - spent_since)
        if not offline:  # the server decides; a view under a minute old lets the screen say so first
            fresh = as_of is not None and to_ms(self.clock.now()) - as_of < FRESH_VIEW_MS
            problem = "points_insufficient" if fresh and balance is not None and cost > balance else None
            return PointsQuote(cost, rules.minor_per_point, True, balance, as_of, False, None, problem)
        limit = max(0, rules.offline_cap_points - queued)
        if balance is not None:
            limit = min(limit, balance)
        if rules.offline_cap_points <= 0:
            problem = "points_offline_off"
        elif balance is None:
            problem = "points_offline_unknown"
        elif cost > balance:
            problem = "points_insufficient"
        elif cost > limit:
            problem = "points_offline_cap"
        else:
            problem = None
        return PointsQuote(cost, rules.minor_per_point, True, balance, as_of, True, limit, problem)

    # ------------------------------------------------------------ the guard (inside the sale's transaction)

    def check(self, uow: UnitOfWork, priced: Any) -> None:  # noqa: ANN401 - a PricedSale
        if priced.payment.method is not PaymentMethod.POINTS:
            return
        rules = self.rules(uow, priced.catalog_version)
        q = self._quote(uow, priced.msisdn.e164, priced.price.amount, rules)
        if q.problem is None or not q.offline and q.problem != "points_unavailable":
            return  # online: the server checks the balance at ingest (a stale cached view never refuses)
        raise ValidationError(q.problem, _MESSAGES[q.problem].format(cost=q.cost, balance=q.balance, limit=q.limit),
                              cost=q.cost, balance=q.balance, limit=q.limit)


_MESSAGES = {
    "points_unavailable": "There is no loyalty programme: points cannot pay for this sale.",
    "points_insufficient": "The customer has {balance} points; this sale needs {cost}. Take another payment.",
    "points_offline_off": "Points can pay only while the till reaches the server. Take another payment.",
    "points_offline_unknown": "Offline, this till has not seen the customer's points yet. Take another payment.",
    "points_offline_cap": "Offline, points can pay at most {limit} more points for this customer. "
                          "Take another payment or reconnect.",
}


def _points_of(kept: tuple[dict[str, Any], int] | None) -> tuple[int | None, int | None]:
    """(points, fetched_at_ms) from the kept server view, when it has a readable loyalty part."""
    if kept is None:
        return None, None
    body, fetched = kept
    loyalty = body.get("loyalty") if isinstance(body, dict) else None
    points = loyalty.get("points") if isinstance(loyalty, dict) else None
    if type(points) is not int or points < 0:
        return None, None
    return points, fetched
