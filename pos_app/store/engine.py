"""SQLite engines with the pragmas every connection needs.

Writes open with BEGIN IMMEDIATE so a transaction takes the write lock up front (no
deadlocking lock upgrades); reads use a deferred BEGIN so they never wait on the writer (WAL).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 16 * 1024  # per connection; keeps the upper levels of the big indexes in memory


def _install_pragmas(engine: Engine, begin: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        # WAL checkpoints stay SQLite's automatic ones: measured against a background checkpoint
        # thread, its fsyncs competed with the sale's commit and doubled p99 (docs/PERFORMANCE.md).
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql(begin)


def make_engine(db_path: Path, *, writer: bool) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_pre_ping=False,
        # issue 11: a failed statement's parameters (PIN hashes, sealed PINs, customer numbers)
        # never reach an exception text, a traceback or a log
        hide_parameters=True,
    )
    _install_pragmas(engine, "BEGIN IMMEDIATE" if writer else "BEGIN")
    return engine
