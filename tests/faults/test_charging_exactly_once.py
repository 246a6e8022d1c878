"""issue 15: the usage simulator through the fault proxy (dropped requests, delays, answers cut
after the server committed): every session is settled exactly once. Retries reuse the request
number, the server answers them from what it stored, and the ledger matches the sessions."""
from __future__ import annotations

from sqlalchemy import create_engine, text

from prepaid_server.simulate import ChargingClient, simulate
from support.faultproxy import FaultPlan, FaultProxy
from support.server import unique_msisdn


def test_simulator_through_a_faulty_link_settles_every_session_once(server_url):
    till = server_url.enroll("Till")
    numbers = [unique_msisdn() for _ in range(4)]
    r = till.send_batch([till.sale(face=100_000, msisdn=n) for n in numbers])
    assert all(x["status"] == "accepted" for x in r.json()["results"])
    code = server_url.cli("charging-client", "add", "sim").stdout.strip()
    enrolled = ChargingClient.enroll(server_url.url, code)
    proxy = FaultProxy(int(server_url.url.rsplit(":", 1)[1]),
                       FaultPlan(drop=0.1, delay=0.1, cut_after_answer=0.15, delay_s=(0.02, 0.1), seed=7))
    try:
        client = ChargingClient(proxy.url, enrolled.client_id, enrolled.secret, timeout=5, retries=8)
        report = simulate(client, numbers, hours=3, seed=11)
    finally:
        proxy.close()
    assert report.errors == 0, report
    assert proxy.counts["drop"] + proxy.counts["cut_after_answer"] > 5, proxy.counts  # faults really happened
    engine = create_engine(server_url.database_url)
    try:
        with engine.connect() as conn:
            open_ = conn.execute(text("SELECT COUNT(*) FROM charging_sessions WHERE state = 'open'")).scalar()
            held = conn.execute(text("SELECT COUNT(*) FROM charging_reservations")).scalar()
            charged = conn.execute(text("SELECT COALESCE(SUM(charged), 0) FROM charging_sessions")).scalar()
            posted = conn.execute(text(
                "SELECT COALESCE(SUM(e.amount), 0) FROM entries e JOIN postings p ON p.id = e.posting_id "
                "WHERE p.kind = 'charge' AND p.currency = 'KES' AND e.account_id NOT LIKE 'system:%'")).scalar()
            double = conn.execute(text(
                "SELECT COUNT(*) FROM (SELECT session_id, request_number FROM charging_requests "
                "GROUP BY session_id, request_number HAVING COUNT(*) > 1) d")).scalar()
    finally:
        engine.dispose()
    assert open_ == 0 and held == 0 and double == 0
    assert charged == report.charged == -posted  # every session's charge posted once, and only once
    server_url.cli("ledger-check")
