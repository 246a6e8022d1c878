"""Online sale round trip (record -> fast path -> CONFIRMED) while the server takes 200 sales/s
from other terminals. Target (brief §8): p99 <= 50 ms on loopback.

    .venv/bin/python bench/bench_online_roundtrip.py [--samples 500] [--background-rate 200]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.server import TerminalClient, start_server  # noqa: E402

from pos_app.domain.sale import SaleRequest, SaleStatus  # noqa: E402
from pos_app.application import settings as bs  # noqa: E402
from pos_app.domain.roles import LOCAL_ADMIN  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402


LOADERS = 10  # each a terminal posting single sales on its own schedule


def background_load(server, rate: float, stop: threading.Event, sent: list[int]) -> None:
    """Other terminals selling one sale per request at `rate` sales/s in total."""
    lock = threading.Lock()

    def one_terminal(n: int) -> None:
        client = TerminalClient.enroll(server.url, server.issue_code(), f"Load {n}")
        interval = LOADERS / rate
        next_at = time.perf_counter() + n * interval / LOADERS
        while not stop.is_set():
            response = client.post("/api/v1/sales", client.sale())
            if response.status_code == 200:
                with lock:
                    sent[0] += 1
            next_at += interval
            delay = next_at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)

    for n in range(LOADERS):
        threading.Thread(target=one_terminal, args=(n,), daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--background-rate", type=float, default=200.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-online-"))
    pg = None
    if args.backend == "postgresql":
        from support.server import postgres_database
        pg = postgres_database()
        database_url = pg.__enter__()
    else:
        database_url = f"sqlite:///{root / 'server.sqlite3'}"
    server = start_server(database_url, extra_args=("--workers", "2") if pg else ())
    stop, sent = threading.Event(), [0]
    try:
        server.cli("deposit", server.agent_id, "2000000000")
        svc = Runtime.open(root / "till")
        svc.setup.seed_demo()
        svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 100000000})
        engine = svc.engine
        svc.enroll(server.url, server.issue_code(), "Measured till")
        engine.pull_catalog()
        engine.refresh_float()
        clerk = svc.auth.login("alice", "1234")
        loader = threading.Thread(target=background_load, args=(server, args.background_rate, stop, sent), daemon=True)
        loader.start()
        time.sleep(2)  # let the load settle
        load_start, load_sent = time.perf_counter(), sent[0]
        round_trips, not_confirmed = [], 0
        for i in range(args.samples):
            record = svc.sell.record(clerk, SaleRequest(f"07{30000000 + i:08d}", "SAF-AIRTIME", 10000, "cash", 10000))
            start = time.perf_counter()
            status = engine.submit_now(record.id)
            round_trips.append((time.perf_counter() - start) * 1000)
            not_confirmed += status is not SaleStatus.CONFIRMED
            time.sleep(0.01)
        achieved = (sent[0] - load_sent) / (time.perf_counter() - load_start)
        round_trips.sort()
        print(json.dumps({
            "samples": args.samples, "not_confirmed": not_confirmed,
            "round_trip_ms": {"p50": round(statistics.median(round_trips), 2),
                              "p99": round(round_trips[int(len(round_trips) * 0.99) - 1], 2),
                              "max": round(round_trips[-1], 2)},
            "background_sales_per_s": round(achieved, 1), "backend": args.backend,
            "target": "p99 <= 50 ms at 200 sales/s",
        }, indent=2))
        engine.close()
        svc.close()
    finally:
        stop.set()
        server.stop()
        if pg is not None:
            pg.__exit__(None, None, None)


if __name__ == "__main__":
    main()
