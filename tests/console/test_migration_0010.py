"""Migration 0010 (issue 16: catalog drafts, must_change_password, terminal contacts, day closes)
goes down and up again on SQLite and PostgreSQL, keeping the operators it alters."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from support.server import postgres_database

from prepaid_server.store.engine import dispose_engine, get_engine
from prepaid_server.store.migrate import alembic_config, upgrade

TABLES = {"catalog_drafts", "terminal_contacts", "day_closes"}


def _columns(engine) -> set[str]:  # noqa: ANN001
    return {c["name"] for c in inspect(engine).get_columns("operators")}


def _roundtrip(url: str) -> None:
    engine = get_engine(url)
    upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names()) and "must_change_password" in _columns(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO operators (id, name, role, password_hash, disabled, language, failed_attempts, "
                          "locked_until_ms, created_at_ms, must_change_password) VALUES ('o1', 'ann', 'admin', 'h', "
                          ":f, '', 0, 0, 1, :t)"), {"f": False, "t": True})
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    assert not TABLES & set(inspect(engine).get_table_names()) and "must_change_password" not in _columns(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name, must_change_password FROM operators")).all() == [("ann", False)]
    dispose_engine(url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0010_downgrades_and_upgrades(tmp_path, backend):
    if backend == "sqlite":
        _roundtrip(f"sqlite:///{tmp_path / 's.sqlite3'}")
    else:
        with postgres_database() as url:
            _roundtrip(url)
