"""Server ingest throughput: N concurrent terminals (threads, each enrolled with its own secret and
signing every request) posting sale batches to a real `pos-server` process.

    .venv/bin/python bench/bench_server_ingest.py --backend sqlite
    .venv/bin/python bench/bench_server_ingest.py --backend postgresql --workers 2

Prints sales/s per backend and checks the ledger afterwards (`pos-server ledger-check`).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from topup_core.catalog import Catalog
from topup_core.signing import signed_headers

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def cli(url: str, *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "prepaid_server.cli", "--database-url", url, *args],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"pos-server {args[0]} failed: {out.stderr.strip()}")
    return out.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "prepaid_server.cli", "--database-url", url, "--port", str(port),
                             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(base + "/api/v1/health", timeout=1).ok:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("server did not start")


def build_batches(catalog: Catalog, terminal_id: str, total: int, batch: int) -> list[bytes]:
    now = time.time_ns() // 1_000_000
    product = catalog.product("SAF-AIRTIME")
    at = datetime.fromtimestamp(now / 1000, tz=timezone.utc)
    bodies, docs = [], []
    for seq in range(1, total + 1):
        face = 1_000 + 100 * (seq % 400)
        bonus, _ = catalog.bonus(product, face, at)
        docs.append({"id": str(uuid.uuid4()), "terminal_id": terminal_id, "seq": seq, "created_at_ms": now,
                     "msisdn": f"+2547{(hash((terminal_id, seq)) % 10**8):08d}", "operator": "SAF",
                     "product": product.code, "currency": catalog.currency, "face": face, "bonus": bonus,
                     "price": face + product.fee, "float_cost": face - product.commission(face),
                     "catalog_version": catalog.version, "payment_method": "cash", "voucher_serial": None})
        if len(docs) == batch:
            bodies.append(json.dumps({"sales": docs}).encode())
            docs = []
    if docs:
        bodies.append(json.dumps({"sales": docs}).encode())
    return bodies


def run(url: str, terminals: int, per_terminal: int, batch: int, workers: int) -> dict:
    from prepaid_server.services import admin
    from prepaid_server.services.context import open_context
    from prepaid_server.store.engine import dispose_engine
    ctx = open_context(url)
    admin.seed_demo(ctx)  # the demo catalog
    admin.set_risk_rule(ctx, "repeat_msisdn", "off")  # random numbers; keep alerts out of the measurement
    agent = admin.create_agent(ctx, "Bench Agent", 0, "KES")
    admin.deposit(ctx, agent, 10**13)
    codes = [admin.issue_enrollment_code(ctx, agent) for _ in range(terminals)]
    dispose_engine(url)
    proc, base = start(url, workers)
    try:
        clients = []
        for i, code in enumerate(codes):
            body = requests.post(base + "/api/v1/enroll", json={"code": code, "label": f"B{i}"}).json()
            clients.append((body["terminal_id"], base64.b64decode(body["secret"])))
        tid, secret = clients[0]
        path = "/api/v1/catalog"
        cat = requests.get(base + path, headers=signed_headers(tid, secret, "GET", path, b"",
                                                               time.time_ns() // 1_000_000)).json()
        catalog = Catalog.from_dict(cat)
        work = [(tid, sec, build_batches(catalog, tid, per_terminal, batch)) for tid, sec in clients]
        statuses: dict[str, int] = {}
        lock = threading.Lock()
        barrier = threading.Barrier(terminals + 1)

        failures: list[str] = []

        def terminal(tid: str, sec: bytes, bodies: list[bytes]) -> None:
            try:
                send_all(tid, sec, bodies)
            except Exception as exc:  # noqa: BLE001 - counted and reported, never silently lost
                failures.append(f"{type(exc).__name__}: {exc}"[:200])

        def send_all(tid: str, sec: bytes, bodies: list[bytes]) -> None:
            session = requests.Session()
            barrier.wait()
            for body in bodies:
                p = "/api/v1/sales/batch"
                headers = {"Content-Type": "application/json",
                           **signed_headers(tid, sec, "POST", p, body, time.time_ns() // 1_000_000)}
                r = session.post(base + p, data=body, headers=headers, timeout=120)
                r.raise_for_status()
                with lock:
                    for item in r.json()["results"]:
                        statuses[item["status"]] = statuses.get(item["status"], 0) + 1

        threads = [threading.Thread(target=terminal, args=w) for w in work]
        for t in threads:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(30)
    check = cli(url, "ledger-check")
    total = terminals * per_terminal
    done = sum(statuses.values())
    return {"sales": total, "answered": done, "seconds": round(elapsed, 2), "sales_per_s": round(done / elapsed),
            "statuses": statuses, "failed_requests": failures[:3], "ledger": check}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--terminals", type=int, default=20)
    p.add_argument("--sales-per-terminal", type=int, default=1000)
    p.add_argument("--batch", type=int, default=250)
    p.add_argument("--workers", type=int, default=2, help="server processes for PostgreSQL")
    args = p.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as d:
                url = f"sqlite:///{Path(d) / 'bench.sqlite3'}"
                result = run(url, args.terminals, args.sales_per_terminal, args.batch, 1)
        else:
            name = f"pos_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                result = run(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, args.terminals, args.sales_per_terminal,
                             args.batch, args.workers)
            finally:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        print(json.dumps({"backend": backend, "terminals": args.terminals, "batch": args.batch,
                          "cpus": os.cpu_count(), **result}))


if __name__ == "__main__":
    main()
