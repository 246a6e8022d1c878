"""Hypothesis state machine over charging (service layer, SQLite, controllable clock): top-ups,
bundles, sessions opened / updated / terminated / replayed / abandoned, SMS events, time passing,
the sweeper. After every step: no balance is negative; only open sessions hold reservations and
never more than a bucket holds; a replayed request changes nothing; the ledger check passes
(sums to zero, charges = usage records); expired bonus holds nothing but what sessions still hold."""
from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import text

from prepaid_server.domain import ledger
from prepaid_server.services import charging, ledger_check
from prepaid_server.services.charging import EventRequest, OpenRequest, UpdateRequest
from topup_core.errors import Conflict

from charging_support import world

NUMBERS = ["+254712000001", "+254712000002"]
SERVICES = ["voice", "data", "sms"]


class ChargingMachine(RuleBasedStateMachine):
    db_dir = None
    new_database = None  # PostgreSQL: () -> (url, drop); else a fresh SQLite file in db_dir

    def __init__(self) -> None:
        super().__init__()
        self._drop = None
        if self.new_database is not None:
            url, self._drop = type(self).new_database()
        else:
            url = f"sqlite:///{self.db_dir / (uuid.uuid4().hex + '.sqlite3')}"
        self.w = world(url)
        self.open: dict[str, dict] = {}  # session id -> {"n", "granted", "last": (req, answer)}
        self.closed: list[str] = []
        self.topped: set[str] = set()
        self._ids = 0  # session and event ids count up: random ids would make the draws depend on their sort order

    def _next_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}{self._ids:08d}"

    def _sql(self, sql: str) -> list:
        with self.w.ctx.uow() as uow:
            return uow.connection.execute(text(sql)).all()

    def _money(self) -> dict[str, int]:
        with self.w.ctx.uow() as uow:
            return {n: uow.ledger.balance(ledger.main_account(n)) + uow.ledger.balance(ledger.bonus_account(n))
                    for n in NUMBERS}

    @rule(number=st.sampled_from(NUMBERS), face=st.sampled_from([1_000, 5_000, 10_000, 50_000]))
    def top_up(self, number: str, face: int) -> None:
        self.w.top_up(number, face)
        self.topped.add(number)

    @precondition(lambda self: self.topped)
    @rule(data=st.data(), service=st.sampled_from(SERVICES), units=st.integers(1, 5_000))
    def bundle(self, data, service: str, units: int) -> None:  # noqa: ANN001
        number = data.draw(st.sampled_from(sorted(self.topped)))
        charging.grant_bundle(self.w.ctx, number, service, units, data.draw(st.integers(1, 3)))

    @precondition(lambda self: self.topped)
    @rule(data=st.data(), service=st.sampled_from(["voice", "data"]), requested=st.integers(1, 20_000_000))
    def open_session(self, data, service: str, requested: int) -> None:  # noqa: ANN001
        number = data.draw(st.sampled_from(sorted(self.topped)))
        sid = self._next_id("s")
        answer = charging.open_session(self.w.ctx, self.w.client, OpenRequest(sid, 0, number, service, requested))
        assert answer["granted_units"] <= requested
        if answer["state"] == "open":
            self.open[sid] = {"n": 0, "granted": answer["granted_units"], "last": None}

    @precondition(lambda self: self.open)
    @rule(data=st.data(), final=st.booleans(), requested=st.integers(0, 20_000_000))
    def report(self, data, final: bool, requested: int) -> None:  # noqa: ANN001
        sid = data.draw(st.sampled_from(sorted(self.open)))
        s = self.open[sid]
        used = data.draw(st.integers(0, s["granted"] + 10))
        req = UpdateRequest(s["n"] + 1, used, requested)
        try:
            answer = charging.update_session(self.w.ctx, self.w.client, sid, req, final=final)
        except Conflict as exc:
            assert exc.code == "session_released"
            del self.open[sid]
            return
        s["n"] += 1
        s["granted"] = answer["granted_units"]
        s["last"] = (req, final, answer)
        if final:
            self.closed.append(sid)
            del self.open[sid]

    @precondition(lambda self: any(s["last"] for s in self.open.values()))
    @rule(data=st.data())
    def replay(self, data) -> None:  # noqa: ANN001
        sid = data.draw(st.sampled_from(sorted(k for k, v in self.open.items() if v["last"])))
        req, final, answer = self.open[sid]["last"]
        before = self._money()
        again = charging.update_session(self.w.ctx, self.w.client, sid, req, final=final)
        assert again == answer
        assert self._money() == before

    @precondition(lambda self: self.topped)
    @rule(data=st.data(), units=st.integers(1, 3))
    def sms(self, data, units: int) -> None:  # noqa: ANN001
        number = data.draw(st.sampled_from(sorted(self.topped)))
        charging.charge_event(self.w.ctx, self.w.client, EventRequest(self._next_id("e"), number, "sms",
                                                                      units))

    @rule(ms=st.sampled_from([1_000, 60_000, 400_000, 86_400_000, 40 * 86_400_000]))
    def time_passes(self, ms: int) -> None:
        self.w.clock.advance(ms)

    @rule()
    def sweep(self) -> None:
        charging.sweep(self.w.ctx)
        now = self.w.clock.now
        for sid in [k for k in self.open]:
            with self.w.ctx.uow() as uow:
                s = uow.charging.session(sid)
            if s.state != "open":
                assert s.valid_until_ms <= now
                del self.open[sid]
        # expired bonus holds nothing but what open sessions still hold on it
        rows = self._sql("SELECT s.msisdn, a.balance FROM subscribers s JOIN accounts a ON a.id = 'bonus:' || s.msisdn "
                         f"WHERE s.bonus_expires_at_ms <= {now}")
        for msisdn, balance in rows:
            held = self._sql(f"SELECT COALESCE(SUM(amount), 0) FROM charging_reservations WHERE account_id = "
                             f"'bonus:{msisdn}'")[0][0]
            assert balance == held

    @invariant()
    def nothing_negative_and_reservations_consistent(self) -> None:
        assert not self._sql("SELECT id FROM accounts WHERE kind IN ('main', 'bonus', 'bundle') AND balance < 0")
        holders = {r[0] for r in self._sql("SELECT DISTINCT session_id FROM charging_reservations")}
        assert holders <= set(self.open) | {r[0] for r in self._sql(
            "SELECT id FROM charging_sessions WHERE state = 'open'")}
        assert not holders & set(self.closed)

    @invariant()
    def ledger_holds(self) -> None:
        report = ledger_check.check(self.w.ctx)
        assert report.ok, report.problems
        expired = self._sql("SELECT COALESCE(SUM(e.amount), 0) FROM entries e JOIN postings p ON p.id = e.posting_id "
                            "WHERE p.kind = 'expiry' AND e.account_id LIKE 'system:expired:%'")[0][0]
        accounts = self._sql("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE id LIKE 'system:expired:%'")[0][0]
        assert expired == accounts

    def teardown(self) -> None:
        from prepaid_server.store.engine import dispose_engine
        dispose_engine(self.w.ctx.url)
        if self._drop is not None:
            self._drop()


@pytest.mark.timeout(600)
def test_charging_state_machine(tmp_path):
    ChargingMachine.db_dir, ChargingMachine.new_database = tmp_path, None
    runner = ChargingMachine.TestCase
    runner.settings = settings(max_examples=20, stateful_step_count=25, deadline=None,
                               suppress_health_check=list(HealthCheck))
    runner().runTest()


@pytest.mark.timeout(900)
def test_charging_state_machine_on_postgresql():
    """The same machine on PostgreSQL (the production store: row locks, the one-statement reads
    and pipelined writes of services/charging.py). Each example gets a fresh database copied
    from a template migrated once (CREATE DATABASE ... TEMPLATE: a file copy, no migrations)."""
    from sqlalchemy import create_engine

    from prepaid_server.services.context import open_context
    from prepaid_server.store.engine import dispose_engine
    from support.server import PG_ADMIN_URL

    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    template = f"pos_chg_tpl_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def sql(statement: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(statement))

    def new_database():  # noqa: ANN202
        name = f"pos_chg_sm_{uuid.uuid4().hex[:10]}"
        sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        made.append(name)
        return f"{base}/{name}", lambda: sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    sql(f'CREATE DATABASE "{template}"')
    try:
        open_context(f"{base}/{template}")  # migrated to head
        dispose_engine(f"{base}/{template}")
        ChargingMachine.new_database = staticmethod(new_database)
        runner = ChargingMachine.TestCase
        runner.settings = settings(max_examples=10, stateful_step_count=25, deadline=None,
                                   suppress_health_check=list(HealthCheck))
        runner().runTest()
    finally:
        ChargingMachine.new_database = None
        for name in made + [template]:
            sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
