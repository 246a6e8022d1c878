"""The customer lookup use case (issue 14) against a real pos-server on loopback: the server's view
is kept; offline the cached one comes back with its age; no cache and no server still gives this
till's own history and suggestions from it; an unknown number says so."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pos_app.application.clock import FixedClock
from pos_app.application.customer import CACHED, OFFLINE, SERVER, UNKNOWN, CustomerLookup
from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime
from support.server import server_url  # noqa: F401  (fixture)

NUMBER = "+254712345670"


@pytest.fixture
def till(tmp_path, server_url):  # noqa: F811, ANN001, ANN201
    clock = FixedClock(datetime.now(timezone.utc))
    svc = Runtime.open(tmp_path / "pos", clock=clock)
    svc.setup.seed_demo()
    svc.enroll(server_url.url, server_url.enrollment_code, "Till 1")
    svc.engine.pull_catalog()
    svc.engine.refresh_float()
    yield svc, clock, server_url
    svc.engine.client.close()
    svc.close()


def test_online_view_is_kept_and_shown_offline_with_its_age(till):
    svc, clock, server = till
    clerk = svc.auth.login("alice", "1234")
    for face in (20_000, 20_000, 50_000):
        svc.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", face, "cash", face))
    svc.engine.drain()
    view = svc.customer.lookup(NUMBER)
    assert view.source == SERVER and view.as_of_ms is not None
    assert [b.kind for b in view.buckets] == ["bonus", "main"]  # bonus is used first
    assert view.buckets[1].amount == 90_000
    assert view.loyalty.points == 90 and view.loyalty.tier == "YELLOW" and view.loyalty.points_to_next == 210
    assert view.amounts[:2] == [20_000, 50_000]
    assert view.repeat.face.amount == 50_000 and view.repeat.product_code == "SAF-AIRTIME"
    assert len(view.local) == 3 and all(t.own for t in view.recent)

    fetched = view.as_of_ms
    clock.advance(minutes=5)
    server.stop()  # the server goes away
    offline = svc.customer.lookup(NUMBER)
    assert offline.source == CACHED and offline.as_of_ms == fetched
    assert offline.loyalty.points == 90 and offline.amounts == view.amounts


def test_unknown_number_and_no_server_at_all(till, tmp_path):
    svc, clock, server = till
    assert svc.customer.lookup("+254712999991").source == UNKNOWN
    # A till with no server: only its own sales, and suggestions from them.
    lone = Runtime.open(tmp_path / "lone", clock=FixedClock(datetime.now(timezone.utc)))
    try:
        lone.setup.seed_demo()
        clerk = lone.auth.login("alice", "1234")
        lone.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 30_000, "cash", 30_000))
        view = lone.customer.lookup(NUMBER)
        assert view.source == OFFLINE and view.loyalty is None and view.as_of_ms is None
        assert [t.face for t in view.local] == [30_000] and view.amounts == [30_000]
        assert view.repeat.face.amount == 30_000
    finally:
        lone.close()


class _Server:
    def __init__(self, body):  # noqa: ANN001
        self.body = body

    def believed_offline(self) -> bool:
        return False

    def subscriber(self, msisdn, timeout):  # noqa: ANN001, ANN201
        return self.body


def test_a_reply_with_floats_or_garbage_is_never_kept(services):
    for body in ({"currency": "KES", "main_balance": 10.5}, {"nonsense": 1},
                 {"currency": "KES", "loyalty": {"points": "12"}}):
        lookup = CustomerLookup(services.uow, services.clock, _Server(body), lambda: "KES")
        view = lookup.lookup(NUMBER)
        assert view.source == OFFLINE and view.loyalty is None
        with services.uow(write=False) as uow:
            assert uow.customers.cached(NUMBER) is None


def _receipt_text(svc, sale_id: str) -> str:  # noqa: ANN001
    with svc.uow(write=False) as uow:
        return uow.print_jobs.original_for(sale_id).payload


def test_receipt_shows_points_earned_balance_and_tier_progress(till):
    svc, clock, server = till
    clerk = svc.auth.login("alice", "1234")
    first = svc.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 250_000, "cash", 250_000)).sale
    assert "Points earned: 250" in _receipt_text(svc, first.id)  # confirmed, no view of the customer yet
    svc.customer.lookup(NUMBER)  # the panel's view when the number was typed: 250 points, Yellow
    second = svc.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 100_000, "cash", 100_000)).sale
    text = _receipt_text(svc, second.id)
    assert "Points earned: 100" in text and "Points balance: 350 (Gold)" in text
    assert "Ksh11,500 more top-ups to Platinum" in text
    assert svc.customer.lookup(NUMBER).loyalty.points == 350  # the server agrees, to the point
    queued = svc.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 10_000, "cash", 10_000))  # not sent yet
    assert svc.customer.receipt_lines(queued) == ("Points earned: 10 (pending)",  # offline: both pending
                                                  "Points balance: 360 (pending)")
