"""Reports over big data (brief §8): a Z report of a 5,000-sale day (target <= 200 ms) and the
manager's dashboard over 1,000,000 sales (target <= 1 s).

    .venv/bin/python bench/bench_reports.py [--history 1000000] [--day-sales 5000] [--repeat 10]

Two databases are built with bench/history.py:
* "spread": the history over 365 days, every earlier day closed by a Z, then a 5,000-sale day;
  the Z of that day is timed (X report, the same computation read-only, repeated; then the real
  close_day once), and the dashboard (today + the 7 days before) over the whole file.
* "dense": the whole history inside the dashboard's 8 days (the worst case). Every day before the
  last one is closed by a real Z (`close_day`, which stores the day figures, issue 12); the last
  day stays open. Timed in the same run: the dashboard as shipped (stored figures + a scan of the
  open day), the same dashboard scanning every day live (`stored=False`, what it did before), and
  a raw-SQLite baseline: the same GROUP BY through plain `sqlite3`, over the open day and over all
  8 days. Ratios are against the baseline of the same work.

    .venv/bin/python bench/bench_reports.py --skip-spread --history 1000000 --repeat 9
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
    parser.add_argument("--skip-spread", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-reports-", dir=args.dir))
    today = datetime.now(timezone.utc).date()
    results: dict[str, object] = {"history": args.history, "day_sales": args.day_sales}

    # --- spread: a year of history, closed; then one busy day
    if not args.skip_spread:
        spread_case(root, args, today, results)
    if not args.skip_dense:
        dense_case(root, args, results)
    results["targets"] = {"z_report_5000_sale_day_ms": 200, "dashboard_1M_sales_ms": 1000}
    print(json.dumps(results, indent=2))


def spread_case(root, args, today, results) -> None:  # noqa: ANN001
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



RAW_GROUPED = """
SELECT s.status, u.username, s.operator_code, s.product_code, s.payment_method,
       ((s.created_at_ms + ?) / 3600000) % 24 AS hour,
       COUNT(*), SUM(s.face), SUM(s.bonus), SUM(s.price), SUM(s.float_cost), SUM(s.commission),
       MAX(s.product_name), u.display_name, s.business_day
FROM sales s JOIN users u ON u.id = s.clerk_id
WHERE s.business_day > ? AND s.business_day <= ?
GROUP BY hour, s.product_code, s.payment_method, s.status, s.operator_code, s.clerk_id, s.business_day
"""


def dense_case(root, args, results) -> None:  # noqa: ANN001
    """Every sale of the history inside the dashboard's 8 days; the days before the last closed."""
    from pos_app.application.reports import day_minus

    dense = build(root, "dense")
    t0 = time.perf_counter()
    add_history(dense / "pos.sqlite3", args.history, days=7)
    results["load_dense_s"] = round(time.perf_counter() - t0, 1)
    conn = sqlite3.connect(dense / "pos.sqlite3")
    per_day = dict(conn.execute("SELECT business_day, COUNT(*) FROM sales GROUP BY business_day").fetchall())
    conn.close()
    open_day = max(per_day)
    results["dense_sales_per_day"] = per_day
    with Runtime.open(dense) as svc:
        t0 = time.perf_counter()
        for day in sorted(per_day)[:-1]:  # one Z a night, as a shop does
            svc.close_day(LOCAL_ADMIN, day=day)
        results["dense_closing_zs_s"] = round(time.perf_counter() - t0, 1)
        board = svc.reports.dashboard(LOCAL_ADMIN, open_day)
        full = svc.reports.dashboard(LOCAL_ADMIN, open_day, stored=False)
        assert [(d, t.as_dict()) for d, t in board.days] == [(d, t.as_dict()) for d, t in full.days]
        assert board.today.as_dict() == full.today.as_dict() and board.hourly_avg_price == full.hourly_avg_price
        results["dashboard_dense_sales"] = board.today.takings.count + sum(t.count for _, t in board.days)
        results["dashboard_dense_open_day_sales"] = board.today.takings.count
        offset = svc.reports.builder.offset_ms(open_day)
        raw = sqlite3.connect(dense / "pos.sqlite3")
        raw.execute("PRAGMA cache_size=-16000")
        repeat = max(3, args.repeat)
        stored_t, full_t, raw_open_t, raw_all_t = [], [], [], []
        for _ in range(repeat):  # take turns, so machine noise lands on all alike
            for bucket, fn in ((stored_t, lambda: svc.reports.dashboard(LOCAL_ADMIN, open_day)),
                               (full_t, lambda: svc.reports.dashboard(LOCAL_ADMIN, open_day, stored=False)),
                               (raw_open_t, lambda: raw.execute(RAW_GROUPED, (offset, day_minus(open_day, 1),
                                                                              open_day)).fetchall()),
                               (raw_all_t, lambda: raw.execute(RAW_GROUPED, (offset, day_minus(open_day, 8),
                                                                             open_day)).fetchall())):
                start = time.perf_counter()
                fn()
                bucket.append((time.perf_counter() - start) * 1000)
        raw.close()
        med = {k: round(statistics.median(v), 1) for k, v in (("stored", stored_t), ("full", full_t),
                                                               ("raw_open", raw_open_t), ("raw_all", raw_all_t))}
        results["dashboard_dense"] = {"p50_ms": med["stored"], "max_ms": round(max(stored_t), 1), "runs": repeat}
        results["dashboard_dense_full_scan"] = {"p50_ms": med["full"], "max_ms": round(max(full_t), 1)}
        results["raw_sqlite_open_day_p50_ms"] = med["raw_open"]
        results["raw_sqlite_8_days_p50_ms"] = med["raw_all"]
        results["ratio_dashboard_to_raw_open_day"] = round(med["stored"] / med["raw_open"], 2)
        results["ratio_full_scan_to_raw_8_days"] = round(med["full"] / med["raw_all"], 2)
        results["speedup_stored_vs_full_scan"] = round(med["full"] / med["stored"], 1)

if __name__ == "__main__":
    main()
