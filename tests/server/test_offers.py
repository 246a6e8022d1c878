"""Targeted promotions at the server (issue 14, offers): a welcome bonus, a lapsed ("welcome back")
bonus, a tier bonus, the per-customer weekly cap, and an offline till's printed bonus being paid,
through a real `pos-server` process on SQLite and PostgreSQL.

The history (a customer last seen 40 days ago, one who reached Gold) is made by the same ingest code
in-process with a clock set 40 days back, then the real server process serves today's sales."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from prepaid_server.services import admin, enrollment, ingest
from prepaid_server.services.auth import AuthedTerminal
from prepaid_server.services.context import open_context
from prepaid_server.store.engine import dispose_engine
from support.server import (DEMO_CATALOG, TerminalClient, now_ms, postgres_database, sale_doc, start_server,
                            unique_msisdn)
from topup_core.catalog import Catalog
from topup_core.promotions import CustomerFacts

DAY = 86_400_000


def offers_catalog() -> dict:
    doc = json.loads(DEMO_CATALOG.read_text())
    doc = copy.deepcopy(doc)
    base = {"operators": ["SAF"], "products": ["SAF-AIRTIME"], "valid_from": "2026-01-01T00:00:00+00:00"}
    doc["promotions"] += [
        {**base, "code": "WELCOME", "name": "Welcome", "tiers": [[10000, 2000]], "segment": {"new_customer": True}},
        {**base, "code": "BACK", "name": "Welcome back", "tiers": [[10000, 1500]], "segment": {"lapsed_days": 30}},
        {**base, "code": "GOLD", "name": "Gold bonus", "tiers": [[10000, 1000]], "segment": {"min_tier": "GOLD"},
         "weekly_cap": {"count": 2}},
    ]
    return doc


@pytest.fixture(params=["sqlite", "postgresql"])
def history(request, tmp_path):  # noqa: ANN001, ANN201
    """A server database with 40 days of history, then a real server process on it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'offers.sqlite3'}"
        yield from _with_history(url)
    else:
        with postgres_database() as url:
            yield from _with_history(url)


def _with_history(url: str):  # noqa: ANN202
    past = now_ms() - 40 * DAY
    clock = [past - DAY]
    ctx = open_context(url, clock=lambda: clock[0])
    lapsed, gold = unique_msisdn(), unique_msisdn()
    try:
        admin.seed_demo(ctx)
        from prepaid_server.services import catalogs
        catalogs.publish(ctx, offers_catalog())
        agent = admin.create_agent(ctx, "History shop", 0, "KES")
        admin.deposit(ctx, agent, 100_000_000)
        e = enrollment.enroll(ctx, admin.issue_enrollment_code(ctx, agent), "Old till")
        who = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
        with ctx.uow() as uow:
            catalog = catalogs.current_catalog(ctx, uow)
        clock[0] = past
        first = sale_doc(catalog, who.terminal_id, 1, face=10_000, msisdn=lapsed, created_at_ms=past)
        first["bonus"] = 2000  # the welcome bonus, 40 days ago
        results, _ = ingest.ingest(ctx, who, [first])
        clock[0] = recent = now_ms() - 2 * DAY
        gold_doc = sale_doc(catalog, who.terminal_id, 2, face=300_000, msisdn=gold, created_at_ms=recent)
        gold_doc["bonus"] = 12_000  # the bonanza beats the welcome bonus at this face value
        results += ingest.ingest(ctx, who, [gold_doc])[0]
        assert [r.status for r in results] == ["accepted", "accepted"], results
    finally:
        dispose_engine(url)
    running = start_server(url)
    try:
        yield running, lapsed, gold
    finally:
        running.stop()


def _facts(terminal: TerminalClient, number: str) -> tuple[dict, CustomerFacts | None]:
    r = terminal.get("/api/v1/subscribers/" + number)
    if r.status_code == 404:
        return {}, CustomerFacts(first_sale=True)
    assert r.status_code == 200, r.text
    body = r.json()
    return body, CustomerFacts.from_dict(body["facts"])


def _sale(terminal: TerminalClient, number: str, bonus: int) -> dict:
    doc = terminal.sale(face=10_000, msisdn=number)
    doc["bonus"] = bonus
    return doc


def _preview(catalog: Catalog, facts: CustomerFacts | None, at_ms: int):  # noqa: ANN202
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    return catalog.segment_bonus(catalog.product("SAF-AIRTIME"), 10_000, at, facts)


def _set(reason: dict) -> dict:
    return {k: v for k, v in reason.items() if v is not None}


def _awards(url: str, number: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT promotion_code, bonus, recomputed, honoured, reason FROM promotion_awards "
                "WHERE msisdn = :m ORDER BY created_at_ms, sale_id"), {"m": number})]
    finally:
        engine.dispose()


def test_welcome_lapsed_tier_cap_and_a_printed_bonus_paid(history):
    server, lapsed, gold = history
    terminal = TerminalClient.enroll(server.url, server.enrollment_code)
    catalog = terminal.catalog()
    assert {p.code for p in catalog.promotions} >= {"WELCOME", "BACK", "GOLD"}

    # Welcome: a number never topped up. The till's preview (from "unknown") is what the server pays.
    new = unique_msisdn()
    _, facts = _facts(terminal, new)
    preview = _preview(catalog, facts, now_ms())
    assert (preview.amount, preview.code, preview.reason.kind) == (2000, "WELCOME", "welcome")
    assert terminal.send_batch([_sale(terminal, new, 2000)]).json()["results"][0]["status"] == "accepted"
    body, facts = _facts(terminal, new)
    assert body["recent"][0]["bonus"] == 2000 and body["bonus_balance"] == 2000
    assert facts.first_sale is False and "WELCOME" not in {o["code"] for o in body["offers"]}

    # Welcome back: last seen 40 days ago; the lookup lists the offer with its reason.
    body, facts = _facts(terminal, lapsed)
    back = next(o for o in body["offers"] if o["code"] == "BACK")
    assert _set(back["reason"]) == {"kind": "welcome_back", "days": 40} and back["tiers"] == [[10000, 1500]]
    assert _preview(catalog, facts, now_ms()).amount == 1500
    assert terminal.send_batch([_sale(terminal, lapsed, 1500)]).json()["results"][0]["status"] == "accepted"
    assert _awards(server.database_url, lapsed)[-1][:4] == ("BACK", 1500, 1500, 0)

    # Gold: 300 points earned this cycle. Capped at two a week: the third falls back to the bonanza.
    body, facts = _facts(terminal, gold)
    assert body["loyalty"]["tier"] == "GOLD"
    assert _set(next(o for o in body["offers"] if o["code"] == "GOLD")["reason"]) == {"kind": "tier", "tier": "GOLD"}
    paid = []
    for _ in range(3):
        preview = _preview(catalog, facts, now_ms())
        paid.append(preview.amount)
        doc = _sale(terminal, gold, preview.amount)
        assert terminal.send_batch([doc]).json()["results"][0]["status"] == "accepted"
        facts = facts.after_sale(doc["created_at_ms"], preview.code, preview.amount)
    assert paid == [1000, 1000, 500]
    body, _ = _facts(terminal, gold)
    assert "GOLD" not in {o["code"] for o in body["offers"]}  # capped this week

    # Offline, on a stale cache, a till printed the Gold bonus again: it is paid, and the difference
    # is recorded as the cost of honouring it. A bonus no promotion gives is refused.
    stale = _sale(terminal, gold, 1000)
    wrong = _sale(terminal, gold, 777)
    results = terminal.send_batch([stale, wrong]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"] and results[1]["code"] == "price_mismatch"
    assert terminal.send_batch([stale]).json()["results"][0]["status"] == "duplicate"
    awards = _awards(server.database_url, gold)
    assert [a[:4] for a in awards[-4:]] == [("GOLD", 1000, 1000, 0), ("GOLD", 1000, 1000, 0),
                                            ("SAF-BONANZA", 500, 500, 0), ("GOLD", 1000, 500, 500)]
    assert json.loads(awards[-4][4]) == {"kind": "tier", "tier": "GOLD"}
    body, _ = _facts(terminal, gold)
    assert [r["bonus"] for r in body["recent"][:4]] == [1000, 500, 1000, 1000]
    assert server.cli("ledger-check").returncode == 0


def test_publication_refuses_bad_targeting_with_the_parsers_words(tmp_path):
    """The console's catalog editor publishes through the same path: it shows these messages as they are."""
    from topup_core.errors import ValidationError
    from prepaid_server.services import catalogs
    url = f"sqlite:///{tmp_path / 'publish.sqlite3'}"
    ctx = open_context(url)
    try:
        admin.seed_demo(ctx)
        for patch, words in (({"segment": {"lapsed": 30}}, "segment has unknown field(s) lapsed"),
                             ({"segment": {"min_tier": "DIAMOND"}}, "'DIAMOND' is not a loyalty tier"),
                             ({"weekly_cap": {"count": 0}}, "weekly_cap.count must be a whole number above 0")):
            doc = offers_catalog()
            doc["promotions"][-1].update(patch)
            with pytest.raises(ValidationError) as err:
                catalogs.publish(ctx, doc)
            assert err.value.code == "catalog_invalid" and words in err.value.message, err.value.message
        assert catalogs.publish(ctx, offers_catalog()) == 2
    finally:
        dispose_engine(url)
