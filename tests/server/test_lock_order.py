"""Account lock order (issue 13, perf-sale): every transaction locks a subscriber's main account
before its bonus account, as reversals and charging do, so a sale and a reversal of the same
number can never deadlock on PostgreSQL."""
from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine, text

from prepaid_server.store.repositories.ledger import lock_order
from support.server import TerminalClient


def test_lock_order_is_float_allowance_main_bonus_then_the_rest():
    ids = ["system:funding:KES:A", "points:+254700", "bonus:+254700", "main:+254700", "allowance:T1",
           "float:A", "bonus:+254699", "main:+254701"]
    assert sorted(ids, key=lock_order) == [
        "float:A", "allowance:T1", "main:+254700", "main:+254701", "bonus:+254699", "bonus:+254700",
        "points:+254700", "system:funding:KES:A"]


def test_a_sale_waiting_on_the_main_account_holds_no_lock_on_the_bonus_account(pg_server_url):
    """A reversal holds main:X and then wants bonus:X. A sale of X must wait on main:X first,
    without having locked bonus:X (id order used to lock bonus before main: a deadlock)."""
    server = pg_server_url
    terminal = TerminalClient.enroll(server.url, server.issue_code(), "Lock order")
    first = terminal.sale(face=10_000)
    assert first["bonus"] > 0  # the demo airtime carries a bonus, so both accounts are touched
    r = terminal.post("/api/v1/sales", first)
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    number = first["msisdn"]
    engine = create_engine(server.database_url)
    answers: list = []
    try:
        holder = engine.connect()
        holder.execute(text("SELECT balance FROM accounts WHERE id LIKE 'main:%' FOR UPDATE"))
        second = terminal.sale(face=10_000, msisdn=number)
        seller = threading.Thread(target=lambda: answers.append(terminal.post("/api/v1/sales", second)))
        seller.start()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as probe:
            deadline = time.monotonic() + 10
            waiting = False
            while time.monotonic() < deadline and not waiting:  # the sale is now blocked on main:X
                waiting = probe.execute(text(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar() > 0
                time.sleep(0.05)
            assert waiting, "the second sale never waited on the main account"
        with engine.begin() as other:
            locked = other.execute(text(
                "SELECT id FROM accounts WHERE id LIKE 'bonus:%' FOR UPDATE SKIP LOCKED")).scalars().all()
        assert len(locked) == 1, "the waiting sale already holds the bonus account: main/bonus order broken"
        holder.rollback()
        holder.close()
        seller.join(30)
    finally:
        engine.dispose()
    assert answers and answers[0].status_code == 200 and answers[0].json()["status"] == "accepted", answers
    server.cli("ledger-check")
