"""Two pos-server processes on one PostgreSQL, many charging clients at once on one subscriber:
never overspent, every grant backed, the ledger reconciles."""
from __future__ import annotations

import threading
import uuid

from sqlalchemy import create_engine, text

from prepaid_server.simulate import ChargingClient
from support.server import postgres_database, start_server, unique_msisdn

THREADS = 16
SESSIONS = 6


def test_parallel_sessions_on_two_processes_never_overdraw():
    with postgres_database() as url:
        a = start_server(url)
        b = start_server(url, seed=False)
        try:
            till = a.enroll("Till")
            number = unique_msisdn()
            r = till.send_batch([till.sale(face=10_000, msisdn=number)])
            assert r.json()["results"][0]["status"] == "accepted"
            money0 = sum(x["remaining"] for x in till.get(f"/api/v1/subscribers/{number}/buckets").json()["buckets"])
            clients = [ChargingClient.enroll((a if i % 2 else b).url, a.cli("charging-client", "add", f"C{i}")
                                             .stdout.strip()) for i in range(THREADS)]
            answers: list[dict] = []
            errors: list[BaseException] = []
            lock = threading.Lock()
            barrier = threading.Barrier(THREADS)

            def run(client: ChargingClient) -> None:
                try:
                    barrier.wait()
                    for _ in range(SESSIONS):
                        sid = f"pg-{uuid.uuid4().hex[:12]}"
                        opened = client.open(sid, number, "voice", 120)
                        assert opened.status_code == 200, opened.text
                        body = opened.json()
                        if body["state"] != "open":
                            with lock:
                                answers.append(body)
                            continue
                        upd = client.update(sid, 1, body["granted_units"], 120)
                        assert upd.status_code == 200, upd.text
                        end = client.terminate(sid, 2, upd.json()["granted_units"])
                        assert end.status_code == 200, end.text
                        with lock:
                            answers.append(end.json())
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(c,)) for c in clients]
            for t in threads:
                t.start()
            for t in threads:
                t.join(180)
            assert not errors, errors[:3]
            charged = sum(x["charged"] for x in answers)
            assert charged > 0 and any(x["result"] == "credit_limit_reached" for x in answers)
            engine = create_engine(url)
            try:
                with engine.connect() as conn:
                    main, bonus = (conn.execute(text("SELECT balance FROM accounts WHERE id = :a"),
                                                {"a": f"{k}:{number}"}).scalar() for k in ("main", "bonus"))
                    held = conn.execute(text("SELECT COUNT(*) FROM charging_reservations")).scalar()
            finally:
                engine.dispose()
            assert main >= 0 and bonus >= 0 and held == 0
            assert money0 - charged == main + bonus  # every answer's charge and nothing else left the balance
            assert money0 - charged < 400  # and all that could be used was
            a.cli("ledger-check")
        finally:
            a.stop()
            b.stop()
