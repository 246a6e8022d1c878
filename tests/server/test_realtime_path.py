"""Issue 13's fast path for sales, against real server processes: one transaction per sale (the
nonce recorded in the ingest's transaction), cached credentials that still let a disable through
within a second, and pooled connections the database closed replaced without a pre-ping."""
from __future__ import annotations

import json
import time

import requests
from sqlalchemy import create_engine, text

from support.server import TerminalClient, now_ms, run_cli
from topup_core.signing import sign


def _signed(terminal: TerminalClient, path: str, body: bytes, nonce: str) -> dict:
    ts = now_ms()
    return {"X-Terminal-Id": terminal.terminal_id, "X-Timestamp": str(ts), "X-Nonce": nonce,
            "X-Signature": sign(terminal.secret, "POST", path, ts, nonce, body), "Content-Type": "application/json"}


def test_replayed_sale_request_is_refused_and_recorded_once(any_server):
    terminal = any_server.enroll()
    body = json.dumps(terminal.sale(face=5_000)).encode()
    headers = _signed(terminal, "/api/v1/sales", body, "a1" * 16)
    first = requests.post(any_server.url + "/api/v1/sales", data=body, headers=headers, timeout=30)
    assert first.status_code == 200 and first.json()["status"] == "accepted", first.text
    again = requests.post(any_server.url + "/api/v1/sales", data=body, headers=headers, timeout=30)
    assert again.status_code == 401 and again.json()["code"] == "nonce_replayed"
    batch = json.dumps({"sales": [terminal.sale(face=5_000)]}).encode()
    headers = _signed(terminal, "/api/v1/sales/batch", batch, "b2" * 16)
    assert requests.post(any_server.url + "/api/v1/sales/batch", data=batch, headers=headers,
                         timeout=30).status_code == 200
    replay = requests.post(any_server.url + "/api/v1/sales/batch", data=batch, headers=headers, timeout=30)
    assert replay.status_code == 401 and replay.json()["code"] == "nonce_replayed"
    assert "ledger ok" in run_cli(any_server.database_url, "ledger-check").stdout
    engine = create_engine(any_server.database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM sales WHERE status = 'accepted'")).scalar() == 2
    finally:
        engine.dispose()


def test_a_refused_sale_request_leaves_its_nonce_unused(server_url):
    """The nonce is recorded with the sale: a request that failed (here: bad body) changed nothing."""
    terminal = server_url.enroll()
    bad = json.dumps({"id": "x"}).encode()
    headers = _signed(terminal, "/api/v1/sales", bad, "c3" * 16)
    assert requests.post(server_url.url + "/api/v1/sales", data=bad, headers=headers, timeout=30).status_code == 422
    good = json.dumps(terminal.sale()).encode()
    headers = _signed(terminal, "/api/v1/sales", good, "c3" * 16)  # same nonce, now with a sale
    r = requests.post(server_url.url + "/api/v1/sales", data=good, headers=headers, timeout=30)
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text


def test_disabled_terminal_is_refused_within_a_second_despite_the_cache(any_server):
    terminal = any_server.enroll()
    assert terminal.post("/api/v1/sales", terminal.sale()).status_code == 200  # credentials now cached
    engine = create_engine(any_server.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE terminals SET disabled = :d WHERE id = :t"),
                         {"d": True, "t": terminal.terminal_id})
    finally:
        engine.dispose()
    time.sleep(1.1)
    r = terminal.post("/api/v1/sales", terminal.sale())
    assert r.status_code == 403 and r.json()["code"] == "terminal_disabled", r.text


def test_pooled_connections_killed_by_postgres_are_replaced(pg_server_url):
    """No pre-ping: a connection PostgreSQL closed is noticed locally at checkout and replaced."""
    terminal = pg_server_url.enroll()
    for _ in range(3):
        assert terminal.post("/api/v1/sales", terminal.sale()).status_code == 200
    name = pg_server_url.database_url.rsplit("/", 1)[1]
    admin = create_engine(pg_server_url.database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            killed = conn.execute(text("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name}).scalar()
        assert killed >= 1
    finally:
        admin.dispose()
    time.sleep(0.3)
    for _ in range(5):
        r = terminal.post("/api/v1/sales", terminal.sale())
        assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    assert terminal.get("/api/v1/float").status_code == 200


def test_same_sale_sent_at_once_from_many_connections_is_taken_once(pg_server_url):
    """The writes of a single sale are pipelined: a unique-key conflict found at the pipeline's end
    still reruns the request, which then answers duplicate."""
    from concurrent.futures import ThreadPoolExecutor
    terminal = pg_server_url.enroll()
    docs = [terminal.sale(face=2_000) for _ in range(10)]

    def send(doc: dict) -> tuple[int, str]:
        client = TerminalClient(pg_server_url.url, terminal.terminal_id, terminal.secret)
        r = client.post("/api/v1/sales", doc)
        return r.status_code, r.json().get("status", r.text)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, [d for d in docs for _ in range(6)]))
    assert all(code == 200 for code, _ in answers), answers
    assert sorted(s for _, s in answers).count("accepted") == 10
    assert {s for _, s in answers} <= {"accepted", "duplicate"}
    assert "ledger ok" in run_cli(pg_server_url.database_url, "ledger-check").stdout
