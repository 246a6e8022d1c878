"""Whatever the network or a kill -9 does, every sale reaches the server exactly once and the
agent's float reconciles to the cent."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime
from pos_app.application.clock import FixedClock
from pos_app.store.uow import UnitOfWork
from pos_app.sync.client import NetworkError
from pos_app.sync.engine import SyncEngine
from support.faultproxy import FaultPlan, FaultProxy

DEPOSIT = 900_000_000
ALLOWANCE = 300_000_000  # more than the float cost of every sale these tests make
FACES = [10000, 5500, 20000, 2300]


def make_terminal(path: Path, server, clock) -> tuple[Runtime, SyncEngine]:
    svc = Runtime.open(path, clock=clock)
    svc.setup.seed_demo()
    svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: ALLOWANCE})  # a field terminal: it may sell offline within what is reserved
    engine = svc.engine
    svc.enroll(server.url, server.enrollment_code, "Till")
    engine.pull_catalog()
    engine.refresh_float()
    return svc, engine


def record(svc: Runtime, n: int) -> list[str]:
    clerk = svc.auth.login("alice", "1234")
    ids = []
    for i in range(n):
        face = FACES[i % len(FACES)]
        ids.append(svc.sell.record(clerk, SaleRequest(f"07{11000000 + i:08d}", "SAF-AIRTIME", face, "cash", face)).id)
    return ids


def server_view(server, terminal_id: str) -> tuple[list[str], int]:
    from sqlalchemy import create_engine, text
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM sales WHERE terminal_id=:t AND status='accepted'"),
                                          {"t": terminal_id})]
    engine.dispose()
    return ids, len(ids)


def local_float_cost(svc: Runtime) -> int:
    with UnitOfWork(svc.db, write=False) as uow:
        return uow.session.execute(__import__("sqlalchemy").text(
            "SELECT SUM(float_cost) FROM sales WHERE status='CONFIRMED'")).scalar()


def float_held(engine) -> int:
    """Agent value held for this terminal: unreserved float plus its unused offline allowance."""
    view = engine.client.float_status()
    return view["balance"] + view["allowance"]["remaining"]


def assert_exactly_once_and_reconciled(svc, engine, server, ids, balance_before):
    on_server, _ = server_view(server, engine.credentials.terminal_id)
    assert len(on_server) == len(set(on_server)) == len(ids), "a sale is missing or doubled at the server"
    assert set(on_server) == set(ids)
    with UnitOfWork(svc.db, write=False) as uow:
        assert uow.sales.count_by_status() == {SaleStatus.CONFIRMED.value: len(ids)}
        assert uow.outbox.pending_count() == 0
        assert uow.sales.queued_totals() == uow.sales.queued_totals_summed() == (0, 0)  # issue 13
    engine.client.base_url = server.url
    balance_after = float_held(engine)
    assert balance_before - balance_after == local_float_cost(svc), "float does not reconcile to the cent"
    check = server.cli("ledger-check", check=False)
    assert check.returncode == 0, check.stderr


def test_fault_proxy_thousands_of_sales_exactly_once(tmp_path, server_url):
    server_url.cli("deposit", server_url.agent_id, str(DEPOSIT))
    clock = FixedClock(datetime.now(timezone.utc))
    svc, engine = make_terminal(tmp_path / "pos", server_url, clock)
    balance_before = float_held(engine)
    proxy = FaultProxy(int(server_url.url.rsplit(":", 1)[1]),
                       FaultPlan(drop=0.12, delay=0.15, cut_after_answer=0.15, delay_s=(0.05, 0.4), seed=5))
    engine.client.base_url = proxy.url
    try:
        ids = record(svc, 5000)
        # the online fast path through the faulty link, for the first few hundred
        outcomes = [engine.submit_now(sale_id, timeout=1.0) for sale_id in ids[:300]]
        assert SaleStatus.CONFIRMED in outcomes and SaleStatus.QUEUED in outcomes
        failures = 0
        deadline = time.monotonic() + 600
        rounds = 0
        while time.monotonic() < deadline:
            rounds += 1
            try:  # the single-batch step and the pipelined drain (issue 13) take turns
                step = engine.drain_once(batch_size=100) if rounds % 2 else engine.drain(batch_size=100)
                if step.sent == 0 and engine.next_due_in_s() is None:
                    break
            except NetworkError:
                failures += 1
            clock.advance(seconds=120)  # skip the backoff wait instead of sleeping through it
        assert failures > 0
        assert proxy.counts["drop"] and proxy.counts["cut"] and proxy.counts["delay"]
    finally:
        proxy.close()
    assert_exactly_once_and_reconciled(svc, engine, server_url, ids, balance_before)
    svc.close()


def test_kill9_client_mid_batch_then_restart(tmp_path, server_url):
    server_url.cli("deposit", server_url.agent_id, str(DEPOSIT))
    clock = FixedClock(datetime.now(timezone.utc))
    svc, engine = make_terminal(tmp_path / "pos", server_url, clock)
    balance_before = float_held(engine)
    ids = record(svc, 3000)
    svc.close()
    # Every request crosses a slow link, so batches are in flight when the kill lands (a fast
    # loopback drain would finish before most kills).
    proxy = FaultProxy(int(server_url.url.rsplit(":", 1)[1]), FaultPlan(delay=1.0, delay_s=(0.15, 0.4), seed=3))
    creds_path = tmp_path / "pos" / "terminal.json"
    creds = json.loads(creds_path.read_text())
    creds["server_url"] = proxy.url
    creds_path.write_text(json.dumps(creds))
    rng = random.Random(11)
    worker = Path(__file__).with_name("drain_loop.py")
    killed_with_work_left = 0
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, str(worker), str(tmp_path / "pos"), "200"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.1, 0.8))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        check = Runtime.open(tmp_path / "pos")
        with UnitOfWork(check.db, write=False) as uow:
            killed_with_work_left += uow.outbox.pending_count() > 0
        check.close()
    assert killed_with_work_left >= 3  # the kills really landed mid-drain
    svc = Runtime.open(tmp_path / "pos", clock=clock)
    engine = svc.engine
    engine.drain(max_seconds=300)
    proxy.close()
    assert_exactly_once_and_reconciled(svc, engine, server_url, ids, balance_before)
    svc.close()
