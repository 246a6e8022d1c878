"""20 terminals selling at once against one agent's float near its limit (PostgreSQL)."""
from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

from support.server import TerminalClient

THREADS = 20
ROUNDS = 4
BATCH = 5


def test_concurrent_terminals_never_push_float_below_limit(pg_server_url):
    server = pg_server_url
    agent = server.cli("create-agent", "Busy Agent", "--limit=-20000").stdout.strip()
    server.cli("deposit", agent, "1000000")
    terminals = [TerminalClient.enroll(server.url, server.issue_code(agent), f"T{i}") for i in range(THREADS)]
    for t in terminals:
        t.catalog()
    # 20 x 4 x 5 sales of float cost 9,400 = 3,760,000 wanted, only 1,020,000 spendable.
    results: list[dict] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()

    def sell(terminal: TerminalClient) -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                docs = [terminal.sale(face=10_000) for _ in range(BATCH)]
                r = terminal.send_batch(docs)
                assert r.status_code == 200, r.text
                with lock:
                    results.extend(zip(docs, r.json()["results"]))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(t,)) for t in terminals]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors[:3]
    accepted = [d for d, r in results if r["status"] == "accepted"]
    rejected = [r for d, r in results if r["status"] == "rejected"]
    assert len(results) == THREADS * ROUNDS * BATCH
    assert {r["code"] for r in rejected} == {"insufficient_float"}
    assert len(accepted) == 1_020_000 // 9_400  # every sale that fits, and not one more

    # One reversal, then reconcile: float = deposits - cost of accepted sales + reversals.
    reverse = terminals[0].post("/api/v1/reversals", {"id": "rev-1", "sale_id": accepted[0]["id"], "reason": "x",
                                                      "created_at_ms": accepted[0]["created_at_ms"] + 1})
    assert reverse.json()["status"] == "reversed"
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            balance = conn.execute(text("SELECT balance FROM accounts WHERE id = :a"), {"a": f"float:{agent}"}).scalar()
            stored = conn.execute(text("SELECT COUNT(*), SUM(float_cost) FROM sales WHERE agent_id = :a "
                                       "AND status = 'accepted'"), {"a": agent}).one()
    finally:
        engine.dispose()
    assert balance >= -20_000
    assert stored[0] == len(accepted)
    assert balance == 1_000_000 - sum(d["float_cost"] for d in accepted) + accepted[0]["float_cost"]
    assert terminals[1].get("/api/v1/float").json()["balance"] == balance
    server.cli("ledger-check")
