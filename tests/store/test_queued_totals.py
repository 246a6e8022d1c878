"""Issue 13: the running total of queued sales (count, float cost) that the offline-allowance guard
reads in constant time. It is kept by triggers (migration 0012), so it must equal the sum over the
queued sales after every transition — record, ack, reject, cancel, dispute, settle, reverse, a
transaction that dies half-way, a restart — on a real SQLite file."""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from topup_core.errors import Conflict
from pos_app.application.clock import FixedClock, to_ms
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.runtime import Runtime
from pos_app.store import migrate
from pos_app.store.uow import UnitOfWork

NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)
SALES = [("SAF-AIRTIME", 10000), ("SAF-AIRTIME", 12300), ("AIR-AIRTIME", 5500), ("TKL-FIXED", 5000),
         ("SAF-FIXED", 2000), ("SAF-PIN", 5000), ("AIR-FIXED", 20000)]
NUMBERS = {"SAF": "0712345678", "AIR": "0733123456", "TKL": "0771234567"}


def totals(svc: Runtime) -> tuple[tuple[int, int], tuple[int, int]]:
    with UnitOfWork(svc.db, write=False) as uow:
        return uow.sales.queued_totals(), uow.sales.queued_totals_summed()


def sell(svc: Runtime, clerk, product: str, face: int):  # noqa: ANN001, ANN201
    return svc.sell.record(clerk, SaleRequest(NUMBERS[product[:3]], product, face, "cash", face))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One seeded data directory at head, copied for each example (no migration per example)."""
    root = tmp_path_factory.mktemp("queued-totals") / "data"
    with Runtime.open(root, clock=FixedClock(NOW)) as svc:
        svc.setup.seed_demo()
    return root


class QueuedTotals(RuleBasedStateMachine):
    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="queued-totals-"))
        shutil.copytree(self.template, self.root / "data")
        self.clock = FixedClock(NOW)
        self.svc = Runtime.open(self.root / "data", clock=self.clock)
        self.clerk = self.svc.auth.login("alice", "1234")
        self.manager = self.svc.auth.login("mary", "9876")
        self.status: dict[str, SaleStatus] = {}  # the model: every sale's status and float cost
        self.cost: dict[str, int] = {}
        self.sent: set[str] = set()

    def teardown(self) -> None:
        self.svc.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # -------------------------------------------------------------- helpers

    def _in(self, *states: SaleStatus) -> list[str]:
        return sorted(s for s, st_ in self.status.items() if st_ in states)

    def _answer(self, sale_ids: list[str], make) -> None:  # noqa: ANN001
        with UnitOfWork(self.svc.db, write=False) as uow:
            items = [(uow.outbox.sale_item(s).id, s) for s in sale_ids]
        self.svc.engine._apply([(item_id, make(sale_id)) for item_id, sale_id in items])

    # -------------------------------------------------------------- transitions

    @initialize(n=st.integers(0, 3))
    def backlog(self, n: int) -> None:
        for i in range(n):
            self.record(i)

    @rule(i=st.integers(0, len(SALES) - 1))
    def record(self, i: int) -> None:
        product, face = SALES[i]
        sale = sell(self.svc, self.clerk, product, face)
        assert sale.status is SaleStatus.QUEUED
        self.status[sale.id], self.cost[sale.id] = SaleStatus.QUEUED, sale.float_cost.amount

    @precondition(lambda self: self._in(SaleStatus.QUEUED))
    @rule(data=st.data(), outcome=st.sampled_from(["accepted", "duplicate", "rejected", "disputed"]))
    def answer(self, data, outcome: str) -> None:  # noqa: ANN001
        """A batch's answers, as the sync engine applies them (some already settled: no change)."""
        queued = self._in(SaleStatus.QUEUED)
        picked = data.draw(st.lists(st.sampled_from(queued), min_size=1, unique=True))
        again = data.draw(st.lists(st.sampled_from(list(self.status)), max_size=2, unique=True))
        batch = list(dict.fromkeys(picked + again))

        def make(sale_id: str) -> dict:
            if outcome == "disputed":
                return {"id": sale_id, "status": "duplicate_other_terminal", "code": "duplicate_other_terminal",
                        "message": "The server holds it from an earlier identity."}
            if outcome == "rejected":
                return {"id": sale_id, "status": "rejected", "code": "insufficient_float", "message": "no"}
            return {"id": sale_id, "status": outcome, "server_ref": "PS-" + sale_id[-8:]}
        self._answer(batch, make)
        event(f"answered {outcome}")
        new = {"accepted": SaleStatus.CONFIRMED, "duplicate": SaleStatus.CONFIRMED,
               "rejected": SaleStatus.REJECTED, "disputed": SaleStatus.DISPUTED}[outcome]
        for sale_id in batch:
            if self.status[sale_id] is SaleStatus.QUEUED:
                self.status[sale_id] = new

    @precondition(lambda self: self._in(SaleStatus.QUEUED))
    @rule(data=st.data())
    def picked_for_sending(self, data) -> None:  # noqa: ANN001
        """The engine marks rows sent when it picks them (a cancel then refuses)."""
        sale_id = data.draw(st.sampled_from(self._in(SaleStatus.QUEUED)))
        with UnitOfWork(self.svc.db) as uow:
            uow.outbox.mark_sent([uow.outbox.sale_item(sale_id).id], to_ms(self.clock.now()))
            uow.commit()
        self.sent.add(sale_id)

    @precondition(lambda self: self._in(SaleStatus.QUEUED))
    @rule(data=st.data())
    def cancel(self, data) -> None:  # noqa: ANN001
        sale_id = data.draw(st.sampled_from(self._in(SaleStatus.QUEUED)))
        try:
            self.svc.cancel_queued(self.clerk, sale_id, approver=self.manager, reason="customer left")
        except Conflict as exc:
            assert sale_id in self.sent and exc.code == "sale_already_sent"
            return
        assert sale_id not in self.sent
        self.status[sale_id] = SaleStatus.CANCELLED
        event("cancelled a queued sale")

    @precondition(lambda self: self._in(SaleStatus.DISPUTED))
    @rule(data=st.data(), outcome=st.sampled_from(["confirmed", "rejected"]))
    def settle(self, data, outcome: str) -> None:  # noqa: ANN001
        sale_id = data.draw(st.sampled_from(self._in(SaleStatus.DISPUTED)))
        self.svc.settle_dispute(self.clerk, sale_id, outcome, approver=self.manager, reason="server record")
        event("settled a dispute")
        self.status[sale_id] = SaleStatus.CONFIRMED if outcome == "confirmed" else SaleStatus.REJECTED

    @precondition(lambda self: self._in(SaleStatus.CONFIRMED))
    @rule(data=st.data())
    def reverse(self, data) -> None:  # noqa: ANN001
        sale_id = data.draw(st.sampled_from(self._in(SaleStatus.CONFIRMED)))
        self.svc.reverse(self.clerk, sale_id, approver=self.manager, reason="wrong number")
        self.status[sale_id] = SaleStatus.REVERSAL_PENDING
        event("reversal requested")

    @precondition(lambda self: self._in(SaleStatus.QUEUED))
    @rule(data=st.data(), target_status=st.sampled_from(["CONFIRMED", "REJECTED", "DISPUTED"]))
    def crash_mid_transaction(self, data, target_status: str) -> None:  # noqa: ANN001
        """A writer that changes sales and records one, then dies before COMMIT (its connection
        goes away with the transaction open): nothing of it, total included, remains."""
        sale_id = data.draw(st.sampled_from(self._in(SaleStatus.QUEUED)))
        conn = sqlite3.connect(self.svc.db.db_path, isolation_level=None, timeout=5)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE sales SET status = ? WHERE id = ?", (target_status, sale_id))
        (moved,) = conn.execute("SELECT float_cost FROM queued_totals").fetchone()
        assert moved == self.expected()[1] - self.cost[sale_id]  # the trigger ran inside the transaction
        conn.close()  # no COMMIT: as if the process was killed here
        event("died mid-transaction")

    @rule()
    def restart(self) -> None:
        self.svc.close()
        self.svc = Runtime.open(self.root / "data", clock=self.clock)
        self.clerk = self.svc.auth.login("alice", "1234")
        self.manager = self.svc.auth.login("mary", "9876")

    # -------------------------------------------------------------- the invariant

    def expected(self) -> tuple[int, int]:
        queued = self._in(SaleStatus.QUEUED)
        return len(queued), sum(self.cost[s] for s in queued)

    @invariant()
    def total_equals_sum(self) -> None:
        kept, summed = totals(self.svc)
        assert kept == summed == self.expected()


def test_running_total_equals_the_sum_after_every_step(template):
    QueuedTotals.template = template
    runner = QueuedTotals.TestCase
    runner.settings = settings(max_examples=20, stateful_step_count=20, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    runner().runTest()


def test_the_database_keeps_the_total_whatever_writes_the_sales(template, tmp_path):
    """Triggers, not the code: a SQLite shell changing statuses moves the total too, and the row
    itself cannot be removed."""
    shutil.copytree(template, tmp_path / "data")
    with Runtime.open(tmp_path / "data", clock=FixedClock(NOW)) as svc:
        clerk = svc.auth.login("alice", "1234")
        sales = [sell(svc, clerk, p, f) for p, f in SALES]
        assert totals(svc)[0] == (len(SALES), sum(s.float_cost.amount for s in sales))
    conn = sqlite3.connect(tmp_path / "data" / "pos.sqlite3", isolation_level=None)
    conn.execute("UPDATE sales SET status = 'CONFIRMED' WHERE id = ?", (sales[0].id,))
    conn.execute("UPDATE sales SET status = 'QUEUED' WHERE id = ?", (sales[0].id,))  # and back
    conn.execute("UPDATE sales SET status = 'REJECTED' WHERE id IN (?, ?)", (sales[1].id, sales[2].id))
    conn.execute("UPDATE sales SET status = status")  # every row, no change
    left = sales[:1] + sales[3:]
    assert conn.execute("SELECT sales, float_cost FROM queued_totals").fetchone() == (
        len(left), sum(s.float_cost.amount for s in left))
    with pytest.raises(sqlite3.DatabaseError, match="queued_totals_guard"):
        conn.execute("DELETE FROM queued_totals")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO queued_totals VALUES (2, 0, 0)")
    conn.close()


def test_upgrade_starts_the_total_from_the_queued_sales_already_stored(template, tmp_path):
    """A terminal upgraded with a backlog: 0012 initialises the total from the sales in the file."""
    from alembic import command

    shutil.copytree(template, tmp_path / "data")
    with Runtime.open(tmp_path / "data", clock=FixedClock(NOW)) as svc:
        clerk = svc.auth.login("alice", "1234")
        sales = [sell(svc, clerk, p, f) for p, f in SALES * 3]
        with UnitOfWork(svc.db) as uow:  # some already answered
            uow.sales.confirm_queued([(s.id, "PS-1") for s in sales[:5]], 0)
            uow.commit()
        cfg = migrate.alembic_config()
        with svc.db.writer.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
    conn = sqlite3.connect(tmp_path / "data" / "pos.sqlite3")
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'queued_totals'").fetchone()
    conn.close()
    with Runtime.open(tmp_path / "data", clock=FixedClock(NOW)) as svc:
        assert migrate.current_revision(svc.db.writer) == migrate.head_revision()
        kept, summed = totals(svc)
        assert kept == summed == (len(sales) - 5, sum(s.float_cost.amount for s in sales[5:]))
        assert svc.verify().checks["queued_totals"] == "ok"
