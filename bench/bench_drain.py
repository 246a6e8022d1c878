"""Drain queued sales to a real pos-server on loopback: batches vs one request per sale.
Targets (issue 13): 10,000 sales <= 5 s, and >= 50x faster than one request per sale.

    .venv/bin/python bench/bench_drain.py [--sales 10000] [--single 1000]

Both modes run against the same server in the same run; 'single' sends --single sales with the
online fast path (one signed POST each) and the ratio compares per-sale rates. CPU seconds of
this process (the terminal) and of the server process are reported beside the wall time, so a
loaded machine's figures still say where the time went.
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

from support.server import start_server  # noqa: E402

from pos_app.domain.sale import SaleRequest  # noqa: E402
from pos_app.application import settings as bs  # noqa: E402
from pos_app.domain.roles import LOCAL_ADMIN  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402
from pos_app.sync.engine import SyncEngine  # noqa: E402


def terminal(root: Path, server, name: str) -> tuple[Runtime, SyncEngine]:
    svc = Runtime.open(root / name)
    svc.setup.seed_demo()
    svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 400000000})
    engine = svc.engine
    svc.enroll(server.url, server.issue_code(), name)
    engine.pull_catalog()
    engine.refresh_float()
    return svc, engine


def record(svc: Runtime, n: int, offset: int) -> list[str]:
    clerk = svc.auth.login("alice", "1234")
    return [svc.sell.record(clerk, SaleRequest(f"07{20000000 + offset + i:08d}", "SAF-AIRTIME", 10000,
                                                     "cash", 10000)).id for i in range(n)]


def server_cpu_s(pid: int) -> float:
    """user + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=1_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-drain-"))
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    try:
        server.cli("deposit", server.agent_id, "2000000000")
        svc_b, batch_engine = terminal(root, server, "batch")
        record(svc_b, args.sales, 0)
        cpu0, server0, start = time.process_time(), server_cpu_s(server.process.pid), time.perf_counter()
        result = batch_engine.drain(max_seconds=600)
        batch_s = time.perf_counter() - start
        terminal_cpu, server_cpu = time.process_time() - cpu0, server_cpu_s(server.process.pid) - server0
        assert result.accepted == args.sales, result

        svc_s, single_engine = terminal(root, server, "single")
        ids = record(svc_s, args.single, args.sales)
        cpu0, server0, start = time.process_time(), server_cpu_s(server.process.pid), time.perf_counter()
        for sale_id in ids:
            single_engine.submit_now(sale_id, timeout=10)
        single_s = time.perf_counter() - start
        single_cpu, single_server = time.process_time() - cpu0, server_cpu_s(server.process.pid) - server0
        batch_rate, single_rate = args.sales / batch_s, args.single / single_s
        print(json.dumps({
            "batched": {"sales": args.sales, "seconds": round(batch_s, 2), "sales_per_s": round(batch_rate),
                        "terminal_cpu_us_per_sale": round(terminal_cpu / args.sales * 1e6),
                        "server_cpu_us_per_sale": round(server_cpu / args.sales * 1e6)},
            "one_request_per_sale": {"sales": args.single, "seconds": round(single_s, 2),
                                     "sales_per_s": round(single_rate),
                                     "terminal_cpu_us_per_sale": round(single_cpu / args.single * 1e6),
                                     "server_cpu_us_per_sale": round(single_server / args.single * 1e6)},
            "speedup": round(batch_rate / single_rate, 1),
            "target": f"{args.sales} sales <= 5 s and speedup >= 50",
            "load_average": [round(x, 1) for x in os.getloadavg()],
        }, indent=2))
        for svc, engine in ((svc_b, batch_engine), (svc_s, single_engine)):
            engine.close()
            svc.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
