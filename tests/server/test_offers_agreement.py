"""issue 14 (offers): the till previews exactly what the server pays (Hypothesis, in-process server
on a real SQLite file with a set clock). Random histories of top-ups with random gaps against a
catalog with a welcome, a welcome-back, a frequency, a Gold-tier and an amount-capped promotion:

- online (the till looks the customer up before each sale): preview == paid, nothing honoured;
- offline (the till carries its facts forward from one lookup with its own sales): the server
  pays max(recomputed, printed), never less than printed.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepaid_server.services import admin, catalogs, enrollment, ingest, subscribers
from prepaid_server.services.auth import AuthedTerminal
from prepaid_server.services.context import open_context
from prepaid_server.store.engine import dispose_engine
from support.server import DEMO_CATALOG, now_ms, sale_doc, unique_msisdn
from topup_core.errors import NotFound
from topup_core.promotions import CustomerFacts

DAY = 86_400_000
FACES = [10_000, 50_000, 100_000, 300_000]


def _catalog() -> dict:
    doc = json.loads(DEMO_CATALOG.read_text())
    base = {"operators": ["SAF"], "products": ["SAF-AIRTIME"], "valid_from": "2020-01-01T00:00:00+00:00"}
    doc["promotions"] += [
        {**base, "code": "WELCOME", "name": "W", "tiers": [[10000, 2000]], "segment": {"new_customer": True}},
        {**base, "code": "BACK", "name": "B", "tiers": [[10000, 1500], [100000, 13000]],
         "segment": {"lapsed_days": 30}},
        {**base, "code": "FREQ", "name": "F", "tiers": [[10000, 1200]], "segment": {"min_top_ups": 3, "within_days": 7}},
        {**base, "code": "GOLD", "name": "G", "tiers": [[10000, 1100], [50000, 6000]], "segment": {"min_tier": "GOLD"},
         "weekly_cap": {"count": 2}},
        {**base, "code": "CAP", "name": "C", "tiers": [[10000, 800], [50000, 5500]], "weekly_cap": {"amount": 7000}},
    ]
    return doc


@pytest.fixture(scope="module")
def shop(tmp_path_factory):  # noqa: ANN001, ANN201
    url = f"sqlite:///{tmp_path_factory.mktemp('agree') / 'server.sqlite3'}"
    clock = [now_ms() - 3000 * DAY]
    ctx = open_context(url, clock=lambda: clock[0])
    admin.seed_demo(ctx)
    catalogs.publish(ctx, _catalog())
    agent = admin.create_agent(ctx, "Agree shop", 0, "KES")
    admin.deposit(ctx, agent, 10**12)
    e = enrollment.enroll(ctx, admin.issue_enrollment_code(ctx, agent), "T")
    who = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
    with ctx.uow() as uow:
        catalog = catalogs.current_catalog(ctx, uow)
    yield ctx, who, catalog, clock, [0]
    dispose_engine(url)


def _lookup_facts(ctx, number):  # noqa: ANN001, ANN202
    try:
        return CustomerFacts.from_dict(subscribers.lookup(ctx, number).facts)
    except NotFound:
        return CustomerFacts(first_sale=True)


def _sell(shop, number, face, bonus):  # noqa: ANN001, ANN202
    ctx, who, catalog, clock, seq = shop
    seq[0] += 1
    doc = sale_doc(catalog, who.terminal_id, seq[0], face=face, msisdn=number, created_at_ms=clock[0])
    doc["bonus"] = bonus
    (result,), _ = ingest.ingest(ctx, who, [doc])
    assert result.status == "accepted", result
    with ctx.uow() as uow:
        return uow.sales.recent_accepted_for_number(number, 1)[0][2]  # the stored (paid) bonus


def _preview(catalog, face, at_ms, facts):  # noqa: ANN001, ANN202
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    return catalog.segment_bonus(catalog.product("SAF-AIRTIME"), face, at, facts)


history = st.lists(st.tuples(st.integers(0, 45 * DAY), st.sampled_from(FACES)), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=history)
def test_online_preview_is_what_the_server_pays(shop, steps):
    ctx, _who, catalog, clock, _ = shop
    number = unique_msisdn()
    for gap, face in steps:
        clock[0] += gap + 1000
        preview = _preview(catalog, face, clock[0], _lookup_facts(ctx, number))
        assert _sell(shop, number, face, preview.amount) == preview.amount


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=history, other_till=st.lists(st.booleans(), min_size=8, max_size=8))
def test_offline_printed_bonus_is_always_paid(shop, steps, other_till):
    """The till looks up once, then carries its facts forward; sometimes another till sells to the
    same number meanwhile (the till does not know): the server never pays less than printed."""
    ctx, _who, catalog, clock, _ = shop
    number = unique_msisdn()
    facts = _lookup_facts(ctx, number)
    for (gap, face), elsewhere in zip(steps, other_till):
        clock[0] += gap + 1000
        if elsewhere:  # another till's sale, priced with fresh facts
            _sell(shop, number, face, _preview(catalog, face, clock[0], _lookup_facts(ctx, number)).amount)
            clock[0] += 1000
        fresh = _preview(catalog, face, clock[0], _lookup_facts(ctx, number))
        printed = _preview(catalog, face, clock[0], facts)
        paid = _sell(shop, number, face, printed.amount)
        assert paid == max(printed.amount, fresh.amount)
        facts = facts.after_sale(clock[0], printed.code, printed.amount)
