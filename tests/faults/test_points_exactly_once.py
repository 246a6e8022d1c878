"""Issue 14 (Tests): loyalty points exactly once under the fault proxy, on a real server process on
SQLite and on PostgreSQL. A terminal sells top-ups to a few customers (paying with points once they
hold enough), reverses some (the real reverse use case, manager approval), cancels some queued ones;
every request crosses a link that drops requests, delays them and cuts the answer after the server
committed, and the terminal's drain worker is killed -9 mid-drain. Then, per customer, the PTS balance at the server is exactly the points rule on the face
of the accepted, non-reversed cash sales less the points spent by the non-reversed points-paid
sales; no sale earns (or redeems, or is taken back) twice; `ledger-check` is clean; and the agent's
float reconciles to the cent."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pos_app.application import settings as bs
from pos_app.application.clock import FixedClock
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.runtime import Runtime
from pos_app.store.uow import UnitOfWork
from pos_app.sync.client import NetworkError
from support.faultproxy import FaultPlan, FaultProxy
from support.server import server_on

DEPOSIT = 900_000_000
FACE_PER_POINT = 1000  # the demo catalog's rule: 1 point per Ksh10.00 of face
MINOR_PER_POINT = 100  # redemption: 1 point pays Ksh1.00
CUSTOMERS = [f"+2547123455{i:02d}" for i in range(4)]
CASH_FACES = [10_000, 5_500, 20_000, 2_300, 15_000]
POINTS_FACE = 3_000  # Ksh30.00: 30 points at the till's price (checked below against the quote)


def rows(server, sql: str, **params):  # noqa: ANN001, ANN201
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        out = conn.execute(text(sql), params).all()
    engine.dispose()
    return out


def drain_through(engine, clock) -> int:  # noqa: ANN001
    """Drain the outbox through the faulty link until nothing is left; returns the failures seen."""
    failures, rounds, deadline = 0, 0, time.monotonic() + 120
    while time.monotonic() < deadline:
        rounds += 1
        try:  # the single-batch step and the pipelined drain take turns, as in test_sync_exactly_once
            step = engine.drain_once(batch_size=3) if rounds % 2 else engine.drain(batch_size=3)
            if step.sent == 0 and engine.next_due_in_s() is None:
                clock._now = datetime.now(timezone.utc)  # what is recorded next is not dated in the server's future
                return failures
        except NetworkError:
            failures += 1
        clock.advance(seconds=120)  # skip the backoff wait instead of sleeping through it
    raise AssertionError("the outbox did not drain in 120 s")


def status_of(svc, clerk, sale_id: str) -> SaleStatus:  # noqa: ANN001
    return svc.sales.get_sale(clerk, sale_id).status


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_points_through_sale_reversal_and_cancellation_exactly_once(tmp_path, backend):
    started = time.monotonic()
    with server_on(backend, tmp_path) as server:
        server.cli("deposit", server.agent_id, str(DEPOSIT))
        clock = FixedClock(datetime.now(timezone.utc))
        svc = Runtime.open(tmp_path / "pos", clock=clock)
        svc.setup.seed_demo()
        svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 300_000_000})
        engine = svc.engine
        svc.enroll(server.url, server.enrollment_code, "Till")
        engine.pull_catalog()
        engine.refresh_float()
        view = engine.client.float_status()
        float_before = view["balance"] + view["allowance"]["remaining"]
        clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
        points_cost = -(-svc.sell.price("SAF-AIRTIME", POINTS_FACE).amount // MINOR_PER_POINT)

        proxy = FaultProxy(int(server.url.rsplit(":", 1)[1]),
                           FaultPlan(drop=0.15, delay=0.15, cut_after_answer=0.25, delay_s=(0.02, 0.2), seed=14))
        engine.client.base_url = proxy.url
        cash: dict[str, str] = {}    # sale id -> customer, every cash sale recorded
        paid: dict[str, str] = {}    # sale id -> customer, every points-paid sale recorded
        cancelled: list[str] = []
        reversed_ids: list[str] = []
        failures = 0
        n = 0
        try:
            for rnd in range(4):
                # 1. cash top-ups, queued, then a few withdrawn before they are sent
                batch = []
                for _ in range(6):
                    for c in CUSTOMERS:
                        face = CASH_FACES[n % len(CASH_FACES)]
                        n += 1
                        sale = svc.sell.record(clerk, SaleRequest(c, "SAF-AIRTIME", face, "cash", face))
                        cash[sale.id] = c
                        batch.append(sale.id)
                for sale_id in batch[rnd::9]:
                    svc.cancel_queued(clerk, sale_id, approver=manager, reason="customer left")
                    cancelled.append(sale_id)
                failures += drain_through(engine, clock)
                # 2. each customer who holds enough pays one or two top-ups with points
                for i, c in enumerate(CUSTOMERS):
                    for _ in range(1 + (i + rnd) % 2):
                        price = svc.sell.price("SAF-AIRTIME", POINTS_FACE)
                        for _attempt in range(40):  # the panel's view, fetched through the faulty link
                            try:
                                svc.customer.lookup(c)
                            except NetworkError:
                                pass
                            if svc.points_pay.quote(c, price).allowed:
                                break
                        else:
                            continue
                        sale = svc.sell.record(clerk, SaleRequest(c, "SAF-AIRTIME", POINTS_FACE, "points"))
                        paid[sale.id] = c
                failures += drain_through(engine, clock)
                # 3. the manager reverses some confirmed cash sales and one points-paid sale
                confirmed_cash = [s for s in batch if status_of(svc, clerk, s) is SaleStatus.CONFIRMED]
                for sale_id in confirmed_cash[rnd % 4::5]:
                    svc.reverse(clerk, sale_id, approver=manager, reason="wrong number")
                    reversed_ids.append(sale_id)
                confirmed_paid = [s for s in paid if status_of(svc, clerk, s) is SaleStatus.CONFIRMED
                                  and s not in reversed_ids]
                if confirmed_paid:
                    svc.reverse(clerk, confirmed_paid[0], approver=manager, reason="wrong number")
                    reversed_ids.append(confirmed_paid[0])
                failures += drain_through(engine, clock)
            # 4. kill -9 of the terminal's drain worker mid-drain (tests/faults/drain_loop.py), three
            # times, with cash sales and reversals in the outbox; then this process drains the rest
            batch = []
            for c in CUSTOMERS * 3:
                face = CASH_FACES[n % len(CASH_FACES)]
                n += 1
                sale = svc.sell.record(clerk, SaleRequest(c, "SAF-AIRTIME", face, "cash", face))
                cash[sale.id] = c
                batch.append(sale.id)
            earlier = [s for s in cash if status_of(svc, clerk, s) is SaleStatus.CONFIRMED][:3]
            for sale_id in earlier:
                svc.reverse(clerk, sale_id, approver=manager, reason="wrong number")
                reversed_ids.append(sale_id)
            engine.client.close()
            svc.close()
            creds_path = tmp_path / "pos" / "terminal.json"
            creds = json.loads(creds_path.read_text())
            creds["server_url"] = proxy.url
            creds_path.write_text(json.dumps(creds))
            killed_with_work_left = 0
            rng = random.Random(14)
            for _ in range(3):
                proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("drain_loop.py")),
                                         str(tmp_path / "pos"), "2"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                assert proc.stdout.readline().strip() == "ready"
                time.sleep(rng.uniform(0.05, 0.3))
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                look = Runtime.open(tmp_path / "pos")
                with UnitOfWork(look.db, write=False) as uow:
                    killed_with_work_left += uow.outbox.pending_count() > 0
                look.close()
            assert killed_with_work_left >= 1  # a kill really landed mid-drain
            svc = Runtime.open(tmp_path / "pos", clock=clock)
            engine = svc.engine
            clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
            failures += drain_through(engine, clock)
            assert failures >= 5
            assert proxy.counts["drop"] and proxy.counts["cut"] and proxy.counts["delay"]
        finally:
            proxy.close()
        engine.client.base_url = server.url

        # -- the terminal's own outcome: every sale settled, nothing left to send
        final = {s: status_of(svc, clerk, s) for s in (*cash, *paid)}
        assert {final[s] for s in cancelled} == {SaleStatus.CANCELLED}
        assert {final[s] for s in reversed_ids} == {SaleStatus.REVERSED}
        assert set(final.values()) <= {SaleStatus.CONFIRMED, SaleStatus.CANCELLED, SaleStatus.REVERSED}, Counter((st, svc.sales.get_sale(clerk, s).reject_code) for s, st in final.items())

        assert sum(1 for s in paid if final[s] is SaleStatus.CONFIRMED) >= 4  # points really paid
        assert sum(1 for s in paid if final[s] is SaleStatus.REVERSED) >= 1  # and were given back
        assert sum(1 for s in cash if final[s] is SaleStatus.REVERSED) >= 4

        with UnitOfWork(svc.db, write=False) as uow:
            assert uow.outbox.pending_count() == 0
            cost = uow.session.execute(text("SELECT SUM(float_cost) FROM sales WHERE status='CONFIRMED'")).scalar()

        # -- the server: one accepted sale per terminal sale, the cancelled ones void
        accepted = {r[0] for r in rows(server, "SELECT id FROM sales WHERE terminal_id=:t AND status='accepted'",
                                       t=engine.credentials.terminal_id)}
        assert accepted == {s for s, st in final.items() if st is not SaleStatus.CANCELLED}

        # -- points, exactly once: per sale, per kind
        postings = rows(server, "SELECT p.id, e.account_id, e.amount FROM entries e JOIN postings p ON p.id = e.posting_id "
                                "WHERE e.account_id LIKE 'points:%'")
        per_sale = Counter()
        for pid, _account, _amount in postings:
            per_sale[pid] += 1
        assert all(v == 1 for v in per_sale.values()), [k for k, v in per_sale.items() if v > 1]
        earned_ids = {pid.split(":", 1)[1] for pid, _a, _x in postings if pid.startswith("points:")}
        redeemed_ids = {pid.split(":", 1)[1] for pid, _a, _x in postings if pid.startswith("points-redeem:")}
        assert earned_ids == {s for s in cash if final[s] is not SaleStatus.CANCELLED}, "a cash sale earned twice or never"
        assert redeemed_ids == {s for s in paid if final[s] is not SaleStatus.CANCELLED}
        takebacks = [pid for pid, _a, _x in postings if pid.startswith(("points-reversal:", "points-restore:"))]
        assert len(takebacks) == len(reversed_ids), "a reversal moved points twice or never"

        for c in CUSTOMERS:
            expected = sum(svc.sales.get_sale(clerk, s).face.amount // FACE_PER_POINT
                           for s, who in cash.items() if who == c and final[s] is SaleStatus.CONFIRMED)
            expected -= sum(points_cost for s, who in paid.items() if who == c and final[s] is SaleStatus.CONFIRMED)
            balance = rows(server, "SELECT COALESCE(SUM(amount), 0) FROM entries WHERE account_id = :a",
                           a=f"points:{c}")[0][0]
            assert int(balance) == expected, (c, int(balance), expected)

        # -- the ledgers prove, and the float reconciles to the cent
        check = server.cli("ledger-check", check=False)
        assert check.returncode == 0, check.stderr
        view = engine.client.float_status()
        assert float_before - (view["balance"] + view["allowance"]["remaining"]) == cost, "float does not reconcile"
        engine.client.close()
        svc.close()
    assert time.monotonic() - started < 60
