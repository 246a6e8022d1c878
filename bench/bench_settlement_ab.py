"""Settlement's reads, before and after issue 16's console pass, on the same seeded PostgreSQL
database in one run: the five reads (sales totals, payment methods, hourly face, float movements,
transfer totals) against the two that replace them (`day_sales`, `ledger_day`). Alternating
rounds, so the load on the machine is shared evenly.

    .venv/bin/python bench/bench_settlement_ab.py --database pos_bench_console_cw1m --agents 50
(the database seeded by `bench/bench_console.py --keep NAME`)
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database", required=True)
    ap.add_argument("--agents", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from prepaid_server.domain import ledger
    from prepaid_server.services.context import open_context
    from prepaid_server.services.settlement import day_bounds

    ctx = open_context(f"postgresql+psycopg://postgres@127.0.0.1:5432/{args.database}")
    start, end = day_bounds(datetime.now(timezone.utc).date())
    with ctx.uow() as uow:
        agents = [a.id for a in uow.hierarchy.agents("Shop", 0, args.agents)]
    old_t, new_t = [], []
    for _ in range(args.rounds):
        for agent in agents:
            account = ledger.float_account(agent)
            with ctx.uow() as uow:
                t0 = time.perf_counter()
                s = uow.settlement
                old = (s.sales(agent, start, end), s.payment_methods(agent, start, end), s.hourly_face(agent, start, end),
                       s.float_movements(account, start, end), s.transfer_totals(account, start, end))
                t1 = time.perf_counter()
                totals, methods, hours = s.day_sales(agent, start, end)
                moves, t_in, t_out = s.ledger_day(account, start, end)
                t2 = time.perf_counter()
            assert (totals, methods, hours, moves, (t_in, t_out)) == old, agent  # the same figures
            old_t.append((t1 - t0) * 1000)
            new_t.append((t2 - t1) * 1000)

    def p95(v: list[float]) -> float:
        return sorted(v)[int(0.95 * (len(v) - 1))]
    print(f"{len(old_t)} agent-days, same run, same database:")
    print(f"  five reads (before)  p50 {statistics.median(old_t):6.1f} ms  p95 {p95(old_t):6.1f} ms")
    print(f"  two reads (after)    p50 {statistics.median(new_t):6.1f} ms  p95 {p95(new_t):6.1f} ms")
    print(f"  ratio after/before   p50 {statistics.median(new_t) / statistics.median(old_t):.2f}  "
          f"p95 {p95(new_t) / p95(old_t):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
