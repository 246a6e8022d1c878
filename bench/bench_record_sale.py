"""Record a sale through the Sell use case (validation + pricing + sale + outbox + audit, durable):
p50/p99 with an empty history and with a large one, against the raw-SQLite baseline (the same rows
in one transaction through sqlite3, bench/raw_sqlite.py) in the same turns. Target (brief §8):
p99 <= 5 ms, flat.

    .venv/bin/python bench/bench_record_sale.py [--history 1000000] [--samples 2000]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import add_history  # noqa: E402
from raw_sqlite import RawSale  # noqa: E402

from pos_app.domain.sale import SaleRequest  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402

REQUESTS = [SaleRequest("0712 345 678", "SAF-AIRTIME", 10000, "cash", 20000),
            SaleRequest("0733123456", "AIR-FIXED", 5000, "mobile_money", None, "QK12AB34"),
            SaleRequest("+254 771 234 567", "TKL-FIXED", 2000, "cash", 2000)]


def summarise(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 3), "p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
            "max_ms": round(times[-1], 3), "samples": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--block", type=int, default=200, help="sales per turn; the two stores take turns")
    parser.add_argument("--dir", type=Path, default=None, help="where the data dirs go (default: a temp dir)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-sale-", dir=args.dir))
    stores = {}
    for name in ("empty", "full", "raw"):
        with Runtime.open(root / name) as svc:
            svc.setup.seed_demo()
    t0 = time.perf_counter()
    add_history(root / "full" / "pos.sqlite3", args.history)
    load_s = time.perf_counter() - t0
    for name in ("empty", "full"):
        svc = Runtime.open(root / name)
        clerk = svc.auth.login("alice", "1234")
        for i in range(100):  # warm caches and the catalog
            svc.sell.record(clerk, REQUESTS[i % 3])
        stores[name] = (svc, clerk, [])
    with Runtime.open(root / "raw") as svc:
        template = svc.sell.record(svc.auth.login("alice", "1234"), REQUESTS[0]).id
    raw, raw_times = RawSale(root / "raw" / "pos.sqlite3", template), []
    # Take turns so machine noise lands on all alike: compare the ratios, not absolute numbers.
    for turn in range(0, args.samples, args.block):
        for svc, clerk, times in stores.values():
            for i in range(args.block):
                start = time.perf_counter()
                svc.sell.record(clerk, REQUESTS[i % 3])
                times.append((time.perf_counter() - start) * 1000)
        for i in range(args.block):
            start = time.perf_counter()
            raw.record(int(time.time() * 1000))
            raw_times.append((time.perf_counter() - start) * 1000)
    empty, full, base = summarise(stores["empty"][2]), summarise(stores["full"][2]), summarise(raw_times)
    for svc, _, _ in stores.values():
        svc.close()
    raw.close()
    print(json.dumps({"empty_history": empty, f"history_{args.history}": full, "raw_sqlite_baseline": base,
                      "history_load_s": round(load_s, 1),
                      "p99_ratio_full_vs_empty": round(full["p99_ms"] / empty["p99_ms"], 2),
                      "p99_ratio_empty_vs_raw_sqlite": round(empty["p99_ms"] / base["p99_ms"], 2),
                      "p50_ratio_empty_vs_raw_sqlite": round(empty["p50_ms"] / base["p50_ms"], 2),
                      "target": "p99 <= 5 ms, flat"}, indent=2))


if __name__ == "__main__":
    main()
