"""Single sales (POST /api/v1/sales) from 12 terminals at once against one agent's float near its
limit, on PostgreSQL, through the lean route (issue 13, perf-sale): every sale that fits is
accepted, not one more; the float never goes below its limit; the ledger holds."""
from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

from support.server import TerminalClient

THREADS = 12
SALES = 6


def test_concurrent_single_sales_never_push_float_below_limit(pg_server_url):
    server = pg_server_url
    agent = server.cli("create-agent", "Single Busy", "--limit=-20000").stdout.strip()
    server.cli("deposit", agent, "300000")
    terminals = [TerminalClient.enroll(server.url, server.issue_code(agent), f"S{i}") for i in range(THREADS)]
    for t in terminals:
        t.catalog()
    # 12 x 6 sales of float cost 9,400 = 676,800 wanted, only 320,000 spendable.
    results: list[tuple[dict, dict]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()

    def sell(terminal: TerminalClient) -> None:
        try:
            barrier.wait()
            for _ in range(SALES):
                doc = terminal.sale(face=10_000)
                r = terminal.post("/api/v1/sales", doc)
                assert r.status_code == 200, r.text
                with lock:
                    results.append((doc, r.json()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(t,)) for t in terminals]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors[:3]
    assert len(results) == THREADS * SALES
    accepted = [d for d, r in results if r["status"] == "accepted"]
    assert {r["code"] for _, r in results if r["status"] == "rejected"} == {"insufficient_float"}
    assert len(accepted) == 320_000 // 9_400
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            balance = conn.execute(text("SELECT balance FROM accounts WHERE id = :a"), {"a": f"float:{agent}"}).scalar()
    finally:
        engine.dispose()
    assert balance >= -20_000
    assert balance == 300_000 - sum(d["float_cost"] for d in accepted)
    server.cli("ledger-check")
