"""Record a sale on an *enrolled* terminal (the offline-allowance guard runs in every sale's
transaction) with a backlog of queued sales, online and then with the server gone.
Target (brief §8): p99 <= 5 ms.

    .venv/bin/python bench/bench_record_sale_enrolled.py [--backlog 5000] [--samples 1000]
"""
from __future__ import annotations

import argparse
import json
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
from pos_app.sync.client import NetworkError  # noqa: E402

REQUEST = SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 10000)


def measure(svc: Runtime, clerk, samples: int) -> dict[str, float]:  # noqa: ANN001
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        svc.sell.record(clerk, REQUEST)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(times[len(times) // 2], 2), "p99_ms": round(times[int(len(times) * 0.99) - 1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=1000)
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
        engine.refresh_float()  # a fresh contact: a slow backlog load must not make "online" look stale (90 s)
        online = measure(svc, clerk, args.samples)
        server.process.kill()
        server.process.wait()
        try:
            engine.refresh_float()
        except NetworkError:
            pass  # now the engine knows it is offline
        offline = measure(svc, clerk, args.samples)
        print(json.dumps({"backlog": args.backlog, "online": online, "offline": offline,
                          "target": "p99 <= 5 ms"}, indent=2))
        engine.close()
        svc.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
