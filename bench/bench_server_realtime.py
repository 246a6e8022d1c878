"""The prepaid server in real time, against its own database's limit, in one sitting (brief §8):

    keep-alive overhead      GET /api/v1/health, one keep-alive client                p50 <= 3 ms
    single sale, 1 client    POST /api/v1/sales, one sequential client                p50 <= 5 ms
    single sale, sustained   closed loop from several generator processes             >= 600/s, >= 0.35x pgbench
    single sale at 200/s     open loop, latency from the scheduled send time          p99 <= 20 ms
    batch ingest             20 terminals posting 250-sale batches                    >= 6,000/s (PG), >= 3.5x pgbench

pgbench (one hot account row + one insert per transaction) runs first, in the same script, and every
figure is printed beside its ratio to it. Load generators are separate processes (bench/loadgen.py),
each with its own enrolled terminal, and report the rate they achieved. The ledger is checked after.

    .venv/bin/python bench/bench_server_realtime.py                      # PostgreSQL, --workers 1 and 2
    .venv/bin/python bench/bench_server_realtime.py --backend sqlite
    .venv/bin/python bench/bench_server_realtime.py --workers 2 --only health,single1
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from loadgen import run_generators  # noqa: E402
from pgbench_baseline import hot_row_tps  # noqa: E402
from support.server import RunningServer, run_cli, start_server  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PHASES = ("health", "single1", "sustained", "at200", "batch")


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-rt-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'server.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    name = f"pos_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_agent(server: RunningServer) -> str:
    """An agent with ample float and no repeat-number rule (generators use many numbers)."""
    agent = server.cli("create-agent", "Bench Agent", "--prefix", "BEN").stdout.strip()
    server.cli("deposit", agent, str(10**14))
    server.cli("risk-rule", "repeat_msisdn", "off")
    server.cli("risk-rule", "amount_spike", "off")
    server.cli("risk-rule", "daily_cap", "off")
    return agent


def codes(server: RunningServer, agent: str, n: int) -> list[str]:
    return [server.issue_code(agent) for _ in range(n)]


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server process and its direct children (the workers): a
    per-sale cost that the machine's other load does not inflate the way it inflates latency."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def with_cpu(summary: dict, cpu_s: float, sales: int) -> dict:
    return {**summary, "server_cpu_ms_per_sale": round(1000 * cpu_s / sales, 3) if sales else None}


def ratio(value: float, base: float) -> float:
    return round(value / base, 3) if base else float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    p.add_argument("--workers", type=int, action="append", help="server processes (repeatable; default 1 and 2)")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--generators", type=int, default=6, help="closed-loop generator processes for 'sustained'")
    p.add_argument("--only", default=",".join(PHASES), help=f"comma-separated phases of {PHASES}")
    args = p.parse_args()
    phases = [x.strip() for x in args.only.split(",") if x.strip()]
    workers_list = args.workers or ([1] if args.backend == "sqlite" else [1, 2])
    out: dict = {"backend": args.backend, "cpus": os.cpu_count(), "seconds": args.seconds}

    baseline = None
    if args.backend == "postgresql":
        one = hot_row_tps(1, args.seconds)
        ten = hot_row_tps(10, args.seconds)
        baseline = ten["tps"]
        out["pgbench_hot_row"] = {"1_client": one, "10_clients": ten}
        print(json.dumps({"pgbench_hot_row": out["pgbench_hot_row"]}), flush=True)

    for workers in workers_list:
        with database(args.backend) as url:
            extra = ("--workers", str(workers)) if workers > 1 else ()
            server = start_server(url, extra_args=extra)
            try:
                agent = bench_agent(server)
                row: dict = {"workers": workers}
                if "health" in phases:
                    cpu0 = server_cpu_s(server.process.pid)
                    r = run_generators(server.url, codes(server, agent, 1), mode="health", seconds=args.seconds / 2)
                    row["health_keepalive"] = with_cpu(r.summary(), server_cpu_s(server.process.pid) - cpu0, r.sales)
                if "single1" in phases:
                    cpu0 = server_cpu_s(server.process.pid)
                    r = run_generators(server.url, codes(server, agent, 1), mode="single", seconds=args.seconds)
                    row["single_one_client"] = with_cpu(r.summary(), server_cpu_s(server.process.pid) - cpu0, r.sales)
                if "sustained" in phases:
                    cpu0 = server_cpu_s(server.process.pid)
                    r = run_generators(server.url, codes(server, agent, args.generators), mode="single",
                                       seconds=args.seconds)
                    row["single_sustained"] = {**with_cpu(r.summary(), server_cpu_s(server.process.pid) - cpu0, r.sales), "ratio_to_pgbench": ratio(r.sales_rate, baseline or 0)}
                if "at200" in phases:
                    cpu0 = server_cpu_s(server.process.pid)
                    r = run_generators(server.url, codes(server, agent, 10), mode="single", seconds=args.seconds,
                                       rate=200)
                    row["single_at_200_per_s"] = with_cpu(r.summary(), server_cpu_s(server.process.pid) - cpu0, r.sales)
                if "batch" in phases:
                    cpu0 = server_cpu_s(server.process.pid)
                    r = run_generators(server.url, codes(server, agent, 20), mode="batch", seconds=args.seconds,
                                       batch=250)
                    row["batch_20_terminals"] = {**with_cpu(r.summary(), server_cpu_s(server.process.pid) - cpu0, r.sales), "ratio_to_pgbench": ratio(r.sales_rate, baseline or 0)}
            finally:
                server.stop()
            check = run_cli(url, "ledger-check", check=False)
            row["ledger_check"] = (check.stdout or check.stderr).strip()
            out.setdefault("runs", []).append(row)
            print(json.dumps(row), flush=True)
            time.sleep(1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
