"""Migration 0004 (issue 16) goes down and up again on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from support.server import postgres_database

from prepaid_server.store.engine import dispose_engine, get_engine
from prepaid_server.store.migrate import alembic_config, upgrade

TABLES = {"server_audit", "server_audit_head", "operators", "console_sessions", "agent_parents", "float_transfers",
          "risk_alert_states", "console_settings", "float_watch", "float_requests"}


def _roundtrip(url: str) -> None:
    engine = get_engine(url)
    upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert not TABLES & set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert TABLES <= set(inspect(engine).get_table_names())
    dispose_engine(url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0004_downgrades_and_upgrades(tmp_path, backend):
    if backend == "sqlite":
        _roundtrip(f"sqlite:///{tmp_path / 's.sqlite3'}")
    else:
        with postgres_database() as url:
            _roundtrip(url)
