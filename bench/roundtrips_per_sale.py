"""Round trips to PostgreSQL per single sale (issue 13): a count the machine's load cannot blur.

Runs the server in this process (uvicorn in a thread) on a throwaway PostgreSQL database, counts
psycopg's waits for the server (one per round trip: statement, COPY, pipeline sync, BEGIN, COMMIT,
pre-ping) while one terminal sends sales one after the other, and prints waits and commits per sale.

    .venv/bin/python bench/roundtrips_per_sale.py [--sales 200]
    PYTHONPATH=/tmp/base .venv/bin/python bench/roundtrips_per_sale.py   # another checkout's code
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import psycopg  # noqa: E402

_waits = [0]
_original_wait = psycopg.Connection.wait


def _counting_wait(self, gen, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    _waits[0] += 1
    return _original_wait(self, gen, *args, **kwargs)


psycopg.Connection.wait = _counting_wait  # before any connection exists

from bench_server_realtime import bench_agent, database  # noqa: E402
from loadgen import _Terminal, enroll_all  # noqa: E402
from support.server import RunningServer, free_port  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sales", type=int, default=200)
    args = p.parse_args()
    import uvicorn

    from prepaid_server.api.app import create_app
    from prepaid_server.embedded import seed_demo
    with database("postgresql") as url:
        seed_demo(url)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        running = RunningServer(base, url, "", "", None)  # type: ignore[arg-type]
        agent = bench_agent(running)
        code = running.issue_code(agent)
        terminal = _Terminal(base, enroll_all(base, [code])[0])
        for _ in range(5):
            terminal.one("single", 1)
        commits0 = _commits(url)
        _waits[0] = 0
        t0 = time.perf_counter()
        for _ in range(args.sales):
            status, answers = terminal.one("single", 1)
            assert status == 200 and answers == ["accepted"], (status, answers)
        elapsed = time.perf_counter() - t0
        waits = _waits[0]
        commits = _commits(url) - commits0 - 1  # minus this query's own
        server.should_exit = True
        print(json.dumps({"sales": args.sales, "round_trips_per_sale": round(waits / args.sales, 2),
                          "commits_per_sale": round(commits / args.sales, 2),
                          "ms_per_sale_in_process": round(1000 * elapsed / args.sales, 2)}))


def _commits(url: str) -> int:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                                ).scalar()
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
