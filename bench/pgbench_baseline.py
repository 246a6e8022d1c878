"""The database's own limit for the shape of a sale: pgbench with one hot account row updated plus
one row inserted per transaction (brief §8). Every server figure is reported as a ratio to this,
measured in the same sitting, because these 2-core machines are noisy.

    .venv/bin/python bench/pgbench_baseline.py --clients 1 --clients 10 --seconds 10
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", "5432", "postgres"

SCHEMA = """
CREATE TABLE hot_account (id int PRIMARY KEY, balance bigint NOT NULL);
CREATE TABLE movement (id bigserial PRIMARY KEY, account_id int NOT NULL, amount bigint NOT NULL,
                       at timestamptz NOT NULL DEFAULT now());
INSERT INTO hot_account VALUES (1, 0);
"""
SCRIPT = """BEGIN;
UPDATE hot_account SET balance = balance - 100 WHERE id = 1;
INSERT INTO movement (account_id, amount) VALUES (1, -100);
END;
"""


def _psql(database: str, sql: str) -> None:
    subprocess.run(["psql", "-q", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", database, "-v",
                    "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, text=True)


@contextmanager
def scratch_database() -> Iterator[str]:
    name = f"pgbench_hot_{uuid.uuid4().hex[:10]}"
    _psql("postgres", f'CREATE DATABASE "{name}"')
    try:
        _psql(name, SCHEMA)
        yield name
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def hot_row_tps(clients: int, seconds: float) -> dict[str, float]:
    """tps and mean latency (ms) of pgbench's hot-row transaction with `clients` connections."""
    if shutil.which("pgbench") is None:
        raise SystemExit("pgbench is not installed (Debian: postgresql-contrib or postgresql-client)")
    with scratch_database() as database, tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "hot_row.sql"
        script.write_text(SCRIPT)
        out = subprocess.run(
            ["pgbench", "-n", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-c", str(clients), "-j",
             str(min(clients, 4)), "-T", str(max(1, round(seconds))), "-f", str(script), database],
            check=True, capture_output=True, text=True).stdout
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    if tps is None:
        raise SystemExit(f"could not read pgbench's output:\n{out}")
    return {"clients": clients, "tps": round(float(tps.group(1)), 1),
            "latency_ms": float(latency.group(1)) if latency else float("nan")}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, action="append", help="repeatable (default 1 and 10)")
    p.add_argument("--seconds", type=float, default=10)
    args = p.parse_args()
    for clients in args.clients or [1, 10]:
        print(json.dumps({"pgbench_hot_row": hot_row_tps(clients, args.seconds)}))


if __name__ == "__main__":
    main()
