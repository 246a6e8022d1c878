"""The server's unit of work: one use case = one transaction, explicit commit, rollback otherwise,
driver errors in the store's own terms, SQLite writers queued per process (SQLite and PostgreSQL)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from prepaid_server.services.context import open_context
from prepaid_server.store.engine import dispose_engine
from prepaid_server.store.errors import KeyConflict
from prepaid_server.store.repositories.agents import AgentRecord
from support.server import postgres_database

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def ctx(request, tmp_path):  # noqa: ANN001, ANN201
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'uow.sqlite3'}"
        yield open_context(url)
        dispose_engine(url)
    else:
        with postgres_database() as url:
            yield open_context(url)


def _agent(agent_id: str) -> AgentRecord:
    return AgentRecord(agent_id, "Shop " + agent_id, "SHP", "KES", 0, 1)


def test_work_counts_only_when_committed(ctx):
    with ctx.uow() as uow:
        uow.agents.add(_agent("a-rolled-back"))  # never committed
    with ctx.uow() as uow:
        uow.agents.add(_agent("a-kept"))
        uow.commit()
    with ctx.uow() as uow:
        assert uow.agents.get("a-rolled-back") is None
        assert uow.agents.get("a-kept").name == "Shop a-kept"


def test_an_error_rolls_everything_back(ctx):
    with pytest.raises(ZeroDivisionError):
        with ctx.uow() as uow:
            uow.agents.add(_agent("a-1"))
            uow.ledger.ensure_accounts([("float:a-1", "KES")])
            1 / 0  # noqa: B018
    with ctx.uow() as uow:
        assert uow.agents.get("a-1") is None and uow.ledger.lock_balance("float:a-1") is None


def test_a_taken_unique_key_is_a_key_conflict_and_run_retries_once(ctx):
    with ctx.uow() as uow:
        uow.agents.add(_agent("a-dup"))
        uow.commit()
    with pytest.raises(KeyConflict):
        with ctx.uow() as uow:
            uow.agents.add(_agent("a-dup"))
    attempts = []

    def work(uow):  # noqa: ANN001, ANN202
        attempts.append(1)
        if len(attempts) == 1:
            uow.agents.add(_agent("a-dup"))  # collides: as if another request got there first
        return uow.agents.get("a-dup").id

    assert ctx.run(work) == "a-dup" and len(attempts) == 2


def test_commit_twice_or_outside_is_refused(ctx):
    uow = ctx.uow()
    with pytest.raises(RuntimeError):
        uow.commit()
    with uow:
        uow.commit()
        with pytest.raises(RuntimeError):
            uow.commit()
        with pytest.raises(RuntimeError):
            uow.agents.get("x")


def test_sqlite_units_of_work_are_queued_per_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    ctx = open_context(url)
    order: list[str] = []
    first_in = threading.Event()

    def slow() -> None:
        with ctx.uow() as uow:
            first_in.set()
            order.append("first begins")
            time.sleep(0.3)
            uow.agents.add(_agent("slow"))
            order.append("first ends")
            uow.commit()

    thread = threading.Thread(target=slow)
    thread.start()
    first_in.wait(5)
    with ctx.uow() as uow:
        order.append("second begins")
        assert uow.agents.get("slow") is not None  # it waited for the first to commit
    thread.join(5)
    assert order == ["first begins", "first ends", "second begins"]
    dispose_engine(url)


def test_the_layer_contracts_name_the_unit_of_work_rules():
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "the server's services use the unit of work and repositories, never SQLAlchemy" in config
    assert "the server's API reaches the database only through services" in config
