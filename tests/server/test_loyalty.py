"""Loyalty at the server (issue 14): points with the sale in one transaction, points as a payment,
reversal and cancellation, retries, the lookup's loyalty and suggestions; expiry with a set clock."""
from __future__ import annotations

import uuid

from prepaid_server.domain import points
from prepaid_server.services import admin, enrollment, ingest, ledger_check, subscribers
from prepaid_server.services.auth import AuthedTerminal
from prepaid_server.services.context import open_context
from prepaid_server.store.engine import dispose_engine
from support.server import TerminalClient, now_ms, sale_doc, unique_msisdn


def _points(terminal: TerminalClient, number: str) -> dict:
    r = terminal.get("/api/v1/subscribers/" + number)
    assert r.status_code == 200, r.text
    return r.json()["loyalty"]


def _reverse(terminal: TerminalClient, sale_id: str, rid: str | None = None, at: int | None = None) -> dict:
    r = terminal.post("/api/v1/reversals", {"id": rid or str(uuid.uuid4()), "sale_id": sale_id, "reason": "wrong",
                                            "created_at_ms": at or now_ms()})
    assert r.status_code == 200, r.text
    return r.json()


def test_points_earned_paid_reversed_exactly_once(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    number = unique_msisdn()
    first = terminal.sale(face=250_000, msisdn=number)  # KES 2,500 -> 250 points (bonus lines earn none)
    second = terminal.sale(face=10_500, msisdn=number)  # KES 105 -> 10 points (floored)
    assert [x["status"] for x in terminal.send_batch([first, second]).json()["results"]] == ["accepted"] * 2
    assert [x["status"] for x in terminal.send_batch([first, second]).json()["results"]] == ["duplicate"] * 2
    view = _points(terminal, number)
    assert view["points"] == 260 and view["tier"] == "YELLOW" and view["next_tier"] == "GOLD"
    assert view["points_to_next"] == 40 and view["spend_to_next"] == 40_000 and view["points_value"] == 26_000

    # Pay with points: KES 50 costs 50 points, earns none; a second try with too few points is refused.
    paid = terminal.sale(face=5_000, msisdn=number, payment_method="points")
    too_much = terminal.sale(face=300_000, msisdn=number, payment_method="points")
    results = terminal.send_batch([paid, too_much]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert results[1]["code"] == "points_insufficient"
    assert terminal.send_batch([paid]).json()["results"][0]["status"] == "duplicate"
    assert _points(terminal, number)["points"] == 210

    # Reversing the points-paid sale gives the 50 back, once; reversing the first takes its 250 back.
    assert _reverse(terminal, paid["id"])["status"] == "reversed"
    assert _reverse(terminal, paid["id"])["code"] == "already_reversed"
    assert _points(terminal, number)["points"] == 260
    rid, at = str(uuid.uuid4()), now_ms()
    assert _reverse(terminal, first["id"], rid, at)["status"] == "reversed"
    assert _reverse(terminal, first["id"], rid, at)["status"] == "reversed"  # the same reversal again: no change
    view = _points(terminal, number)
    assert view["points"] == 10 and view["earned_this_cycle"] == 10

    # A cancelled (never sent) sale number earns nothing.
    doc = terminal.sale(face=100_000, msisdn=number)
    r = terminal.post("/api/v1/cancellations", {"id": str(uuid.uuid4()), "sale_id": doc["id"], "seq": doc["seq"],
                                                "created_at_ms": now_ms()})
    assert r.status_code == 200, r.text
    assert terminal.send_batch([doc]).json()["results"][0]["status"] == "rejected"
    assert _points(terminal, number)["points"] == 10
    assert any_server.cli("ledger-check").returncode == 0


def test_lookup_is_scoped_to_the_agent_and_suggests(server_url):
    mine = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    number = unique_msisdn()
    sales = [mine.sale(face=f, msisdn=number, created_at_ms=now_ms() - (3 - i) * 1000)
             for i, f in enumerate([20_000, 20_000, 50_000])]
    results = mine.send_batch(sales).json()["results"]
    assert all(x["status"] == "accepted" for x in results), results
    body = mine.get("/api/v1/subscribers/" + number).json()
    assert all(x["own"] and x["sale_id"] for x in body["recent"])
    s = body["suggestions"]
    assert s["amounts"][:2] == [20_000, 50_000] and s["reasons"][:2] == ["usual", "recent"]
    assert s["repeat_last"]["face"] == 50_000 and s["repeat_last"]["product"] == "SAF-AIRTIME"
    assert s["most_popular_amount"] is not None
    # An unknown and a malformed number: coded 404 / 422, never a 5xx.
    assert mine.get("/api/v1/subscribers/+254799999998").status_code == 404
    assert mine.get("/api/v1/subscribers/abc").status_code in (400, 422)


def test_other_agents_topups_lose_their_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    ctx = open_context(url)
    try:
        admin.seed_demo(ctx)
        a, b = (admin.create_agent(ctx, name, 0, "KES") for name in ("Shop A", "Shop B"))
        number = unique_msisdn()
        for agent in (a, b):
            admin.deposit(ctx, agent, 1_000_000)
            e = enrollment.enroll(ctx, admin.issue_enrollment_code(ctx, agent), "T")
            who = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
            with ctx.uow() as uow:
                from prepaid_server.services import catalogs
                catalog = catalogs.current_catalog(ctx, uow)
            (res,), _ = ingest.ingest(ctx, who, [sale_doc(catalog, who.terminal_id, 1, face=10_000, msisdn=number)])
            assert res.status == "accepted"
        view = subscribers.lookup(ctx, number, a)
        assert sorted((r.own, r.sale_id is None) for r in view.recent) == [(False, True), (True, False)]
        assert view.loyalty.points == 20  # points are the customer's, whoever sold
    finally:
        dispose_engine(url)


def test_expiry_with_a_set_clock_is_posted_once(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    t = [now_ms()]
    ctx = open_context(url, clock=lambda: t[0])
    try:
        admin.seed_demo(ctx)
        agent = admin.create_agent(ctx, "Clock shop", 0, "KES")
        admin.deposit(ctx, agent, 10_000_000)
        e = enrollment.enroll(ctx, admin.issue_enrollment_code(ctx, agent), "T")
        who = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
        with ctx.uow() as uow:
            from prepaid_server.services import catalogs
            catalog = catalogs.current_catalog(ctx, uow)
        number = unique_msisdn()
        (res,), _ = ingest.ingest(ctx, who, [sale_doc(catalog, who.terminal_id, 1, face=100_000, msisdn=number,
                                                      created_at_ms=t[0])])
        assert res.status == "accepted"
        assert subscribers.lookup(ctx, number, agent).loyalty.points == 100
        t[0] += 1094 * 86_400_000
        (res,), _ = ingest.ingest(ctx, who, [sale_doc(catalog, who.terminal_id, 2, face=20_000, msisdn=number,
                                                      created_at_ms=t[0])])
        view = subscribers.lookup(ctx, number, agent).loyalty
        assert view.points == 120 and view.expiring_points == 100
        t[0] += 2 * 86_400_000  # the first 100 points are now past 3 years
        assert subscribers.lookup(ctx, number, agent).loyalty.points == 20
        # Paying with points posts the expiry first; the customer cannot spend expired points.
        docs = [sale_doc(catalog, who.terminal_id, 3, face=5_000, msisdn=number, created_at_ms=t[0],
                         payment_method="points"),
                sale_doc(catalog, who.terminal_id, 4, face=1_000, msisdn=number, created_at_ms=t[0],
                         payment_method="points")]
        results, _ = ingest.ingest(ctx, who, docs)
        assert [(r.status, r.code) for r in results] == [("rejected", "points_insufficient"), ("accepted", None)]
        with ctx.uow() as uow:
            assert uow.ledger.balance(points.points_account(number)) == 10
            assert uow.ledger.balance(points.EXPIRED_ACCOUNT) == 100
            kinds = [m.kind for m in uow.loyalty.movements(points.points_account(number))]
        assert kinds.count("points_expiry") == 1
        report = ledger_check.check(ctx)
        assert not report.problems, report.problems
    finally:
        dispose_engine(url)
