"""Points offline (issue 14 item 2, till-points), a real till database with no server: a points
payment is allowed only within the catalog's offline cap (500 points in the demo catalog, counting
this customer's queued points sales) and within the cached balance less the queued points sales;
refused before anything is written, with a stable code."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from topup_core.errors import ValidationError
from topup_core.money import Money
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.models import Sale
from pos_app.store.uow import UnitOfWork

NUMBER = "+254712345678"


def _keep(services, points: int) -> None:  # noqa: ANN001
    now = int(services.clock.now().timestamp() * 1000)
    with UnitOfWork(services.db) as uow:
        uow.customers.keep(NUMBER, {"currency": "KES", "loyalty": {"points": points}}, now)
        uow.commit()


def _count(services) -> int:  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(Sale))


def _points(face: int) -> SaleRequest:
    return SaleRequest(NUMBER, "SAF-AIRTIME", face, "points")


def test_offline_cap_and_cached_balance_both_hold(services, clerk) -> None:  # noqa: ANN001
    _keep(services, 1_000)
    quote = services.points_pay.quote(NUMBER, Money(30_000, "KES"))
    assert (quote.cost, quote.balance, quote.limit, quote.offline, quote.allowed) == (300, 1_000, 500, True, True)
    first = services.sell(clerk, _points(30_000)).sale  # 300 of the 500 the till may take offline
    assert (first.status, first.payment_method.value) == (SaleStatus.QUEUED, "points")
    assert services.points_pay.quote(NUMBER, Money(30_000, "KES")).limit == 200
    with pytest.raises(ValidationError) as caught:
        services.sell(clerk, _points(30_000))  # 300 more would pass the cap (balance would allow it)
    assert caught.value.code == "points_offline_cap" and caught.value.details["limit"] == 200
    assert _count(services) == 1  # nothing written
    services.sell(clerk, _points(20_000))  # exactly up to the cap
    with pytest.raises(ValidationError) as caught:
        services.sell(clerk, _points(1_000))  # Ksh10: 10 points over the cap
    assert caught.value.code == "points_offline_cap"
    cash = services.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 10_000, "cash", 10_000)).sale
    assert cash.status is SaleStatus.QUEUED  # other payments are never held up by points


def test_offline_balance_is_the_cached_one_less_queued_points_sales(services, clerk) -> None:  # noqa: ANN001
    _keep(services, 150)
    services.sell(clerk, _points(10_000))  # 100 of 150
    with pytest.raises(ValidationError) as caught:
        services.sell(clerk, _points(10_000))
    assert caught.value.code == "points_insufficient" and caught.value.details["balance"] == 50
    services.sell(clerk, _points(5_000))  # the 50 left
    assert services.points_pay.quote(NUMBER, Money(100, "KES")).balance == 0


def test_offline_with_no_cached_view_takes_no_points(services, clerk) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as caught:
        services.sell(clerk, _points(10_000))
    assert caught.value.code == "points_offline_unknown"
    assert _count(services) == 0
