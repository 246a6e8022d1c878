"""Record a sale on an *enrolled* terminal (the offline-allowance guard runs in every sale's
transaction) with a backlog of queued sales, online and then with the server gone.
Target (brief §8, issue 13): p99 <= 5 ms with 10,000 queued.

    .venv/bin/python bench/bench_record_sale_enrolled.py [--backlog 10000] [--samples 1000]

Baseline in the same run (issue 13): the raw-SQLite sale of bench/raw_sqlite.py (the same rows in
one transaction through sqlite3) on its own data directory with the same backlog, taking turns
with the till in blocks of --block sales, so machine noise lands on both alike.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from raw_sqlite import RawSale  # noqa: E402

from support.server import start_server  # noqa: E402

from pos_app.domain.sale import SaleRequest  # noqa: E402
from pos_app.application import settings as bs  # noqa: E402
from pos_app.domain.roles import LOCAL_ADMIN  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402
from pos_app.store.repositories import SaleRepository  # noqa: E402
from pos_app.sync.client import NetworkError  # noqa: E402

REQUEST = SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 10000)


def summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(times[len(times) // 2], 2), "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
            "max_ms": round(times[-1], 2)}


def summed_guard(sales: SaleRepository) -> int:
    """The guard's read before migration 0012: SUM over the queued sales (partial index of 0005)."""
    return sales.queued_totals_summed()[1]


def measure(svc: Runtime, clerk, raw: RawSale, samples: int, block: int,  # noqa: ANN001
            compare_sum: bool = False) -> dict[str, dict]:
    """The till and the raw baseline take turns, `block` sales each (with --compare-sum, also the
    till with the guard summing the queued sales as before 0012, in the same turns)."""
    runs: dict[str, tuple[list[float], list[float]]] = {"till": ([], [])}
    if compare_sum:
        runs["till_summing_guard"] = ([], [])
    floor: list[float] = []
    kept = SaleRepository.queued_float_cost
    while len(runs["till"][0]) < samples:
        for name, (times, cpu) in runs.items():
            SaleRepository.queued_float_cost = summed_guard if name == "till_summing_guard" else kept
            try:
                for _ in range(min(block, samples - len(times))):
                    start, c0 = time.perf_counter(), time.process_time()
                    svc.sell.record(clerk, REQUEST)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
            finally:
                SaleRepository.queued_float_cost = kept
        for _ in range(block):
            start = time.perf_counter()
            raw.record(time.time_ns() // 1_000_000)
            floor.append((time.perf_counter() - start) * 1000)
    out: dict[str, dict] = {}
    for name, (times, cpu) in runs.items():
        out[name] = dict(summary(times), cpu_ms_mean=round(sum(cpu) / len(cpu), 3))
    out["raw_sqlite"] = summary(floor)
    out["ratio_p50"] = round(out["till"]["p50_ms"] / out["raw_sqlite"]["p50_ms"], 2)
    out["ratio_p99"] = round(out["till"]["p99_ms"] / out["raw_sqlite"]["p99_ms"], 2)
    if compare_sum:
        out["summing_ratio_p50"] = round(out["till_summing_guard"]["p50_ms"] / out["raw_sqlite"]["p50_ms"], 2)
        out["summing_ratio_p99"] = round(out["till_summing_guard"]["p99_ms"] / out["raw_sqlite"]["p99_ms"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--compare-sum", action="store_true",
                        help="offline, also time the guard summing the queued sales (before 0012) in the same turns")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-enrolled-"))
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    try:
        server.cli("deposit", server.agent_id, "2000000000")
        svc = Runtime.open(root / "till")
        svc.setup.seed_demo()
        svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 1500000000})
        engine = svc.engine
        svc.enroll(server.url, server.issue_code(), "Till")
        engine.pull_catalog()
        engine.refresh_float()
        clerk = svc.auth.login("alice", "1234")
        for _ in range(args.backlog):  # a field agent's queue, not yet sent
            svc.sell.record(clerk, REQUEST)
        with Runtime.open(root / "raw") as base:  # the baseline's own file, same schema and backlog
            base.setup.seed_demo()
            template = base.sell.record(base.auth.login("alice", "1234"), REQUEST).id
        raw = RawSale(root / "raw" / "pos.sqlite3", template)
        for _ in range(args.backlog):
            raw.record(time.time_ns() // 1_000_000)
        engine.refresh_float()  # a fresh contact: a slow backlog load must not make "online" look stale (90 s)
        online = measure(svc, clerk, raw, args.samples, args.block)
        server.process.kill()
        server.process.wait()
        try:
            engine.refresh_float()
        except NetworkError:
            pass  # now the engine knows it is offline
        offline = measure(svc, clerk, raw, args.samples, args.block, args.compare_sum)
        print(json.dumps({"backlog": args.backlog, "online": online, "offline": offline,
                          "target": "p99 <= 5 ms",
                          "load_average": [round(x, 1) for x in os.getloadavg()]}, indent=2))
        raw.close()
        engine.close()
        svc.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
