"""Reports over big data (brief §8): a Z report of a 5,000-sale day (target <= 200 ms) and the
manager's dashboard over 1,000,000 sales (target <= 1 s).

    .venv/bin/python bench/bench_reports.py [--history 1000000] [--day-sales 5000] [--repeat 10]

Two databases are built with bench/history.py:
* "spread": the history over 365 days, every earlier day closed by a Z, then a 5,000-sale day;
  the Z of that day is timed (X report, the same computation read-only, repeated; then the real
  close_day once), and the dashboard (today + the 7 days before) over the whole file.
* "dense": the whole history inside the dashboard's 8 days, so the dashboard aggregates every one
  of the 1,000,000 sales (the worst case).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import add_history  # noqa: E402

from pos_app.domain.roles import LOCAL_ADMIN  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402


def timed(fn, repeat: int) -> dict[str, float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1), "runs": repeat}


def close_history_before(db_path: Path, day: str) -> None:
    """Mark every day before `day` as closed by one Z (as if the shop had closed each night)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("INSERT INTO z_reports VALUES (1, 'bench-z1', ?, NULL, 0, 'bench', 'bench', 0, '{}', '', "
                 "'matched', NULL, NULL)", (day,))
    conn.execute("INSERT INTO sequences VALUES ('z', 2)")
    conn.close()


def build(root: Path, name: str) -> Path:
    with Runtime.open(root / name) as svc:
        svc.setup.seed_demo()
    return root / name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--day-sales", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--skip-dense", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-reports-", dir=args.dir))
    today = datetime.now(timezone.utc).date()
    results: dict[str, object] = {"history": args.history, "day_sales": args.day_sales}

    # --- spread: a year of history, closed; then one busy day
    spread = build(root, "spread")
    t0 = time.perf_counter()
    add_history(spread / "pos.sqlite3", args.history, days=365)
    close_history_before(spread / "pos.sqlite3", (today - timedelta(days=1)).isoformat())
    conn = sqlite3.connect(spread / "pos.sqlite3")
    before = conn.execute("SELECT COUNT(*) FROM sales WHERE business_day = ?", (today.isoformat(),)).fetchone()[0]
    conn.close()
    import random
    import types

    import history  # add_history seeds its ids with Random(7): the day's batch needs other ids
    real_random = history.random
    history.random = types.SimpleNamespace(Random=lambda _seed: random.Random(11))
    try:
        add_history(spread / "pos.sqlite3", args.day_sales, days=0)
    finally:
        history.random = real_random
    results["load_spread_s"] = round(time.perf_counter() - t0, 1)
    with Runtime.open(spread) as svc:
        day = today.isoformat()
        x = svc.reports.x_report(LOCAL_ADMIN, day)
        results["z_day_sales"] = x.figures.takings.count
        assert x.figures.takings.count == before + args.day_sales
        results["x_report_of_the_day"] = timed(lambda: svc.reports.x_report(LOCAL_ADMIN, day), args.repeat)
        start = time.perf_counter()
        z = svc.close_day(LOCAL_ADMIN, day=day)
        results["z_close_day_ms"] = round((time.perf_counter() - start) * 1000, 1)
        assert z.z_no == 2
        results["dashboard_spread"] = timed(lambda: svc.reports.dashboard(LOCAL_ADMIN, day), args.repeat)
        results["dashboard_spread_sales"] = svc.reports.dashboard(LOCAL_ADMIN, day).today.takings.count + sum(
            t.count for _, t in svc.reports.dashboard(LOCAL_ADMIN, day).days)

    # --- dense: every sale of the history inside the dashboard's 8 days
    if not args.skip_dense:
        dense = build(root, "dense")
        t0 = time.perf_counter()
        add_history(dense / "pos.sqlite3", args.history, days=7)
        results["load_dense_s"] = round(time.perf_counter() - t0, 1)
        with Runtime.open(dense) as svc:
            day = today.isoformat()
            board = svc.reports.dashboard(LOCAL_ADMIN, day)
            results["dashboard_dense_sales"] = board.today.takings.count + sum(t.count for _, t in board.days)
            results["dashboard_dense"] = timed(lambda: svc.reports.dashboard(LOCAL_ADMIN, day), max(3, args.repeat // 3))
    results["targets"] = {"z_report_5000_sale_day_ms": 200, "dashboard_1M_sales_ms": 1000}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
