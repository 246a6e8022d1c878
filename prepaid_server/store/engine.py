"""Engines for SQLite (default) and PostgreSQL, with the settings each needs."""
from __future__ import annotations

import os
import select
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 30_000  # other processes (admin CLI) wait this long for the writer
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    path = Path(database).expanduser().resolve() if database and database != ":memory:" else None
    if path is not None and not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # issue 11: a new data dir is the owner's only
    # hide_parameters: a driver error never quotes SQL parameters (secrets, customer numbers) in logs.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                           hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        if path is not None:
            _owner_only(path)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a ledger: an acknowledged sale survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # Take the write lock up front: SQLite's single writer then queues instead of failing
        # with SQLITE_BUSY on a read-to-write lock upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _owner_only(path: Path) -> None:
    """The database and its -wal/-shm (SQLite gives them the database's mode) readable by the owner
    only (issue 11): they hold every terminal's sealed secret and every customer number."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.exists() and file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except OSError:
            pass  # not ours to change (read-only mount): leave it


def _postgres_engine(url: str) -> Engine:
    # No pool_pre_ping: it costs a round trip per checkout (issue 13). A connection the server
    # closed (restart, idle timeout, pg_terminate_backend) has its socket readable (EOF or a final
    # error message) while an idle healthy one has nothing to read: a zero-timeout poll of the
    # socket tells them apart without the network, and DisconnectionError makes the pool replace
    # the connection and try again.
    engine = create_engine(url, pool_size=24, max_overflow=16, pool_pre_ping=False, pool_recycle=3600,
                           hide_parameters=True)  # driver errors never quote parameters (issue 11)

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, _record, _proxy):  # noqa: ANN001
        if not socket_alive(dbapi_conn):
            raise sa_exc.DisconnectionError("the server closed this pooled connection")

    return engine


def socket_alive(dbapi_conn) -> bool:  # noqa: ANN001
    """False if a psycopg connection is closed or broken, or the server sent something unasked
    (on an idle connection that is a goodbye: FATAL or EOF)."""
    if getattr(dbapi_conn, "closed", False) or getattr(dbapi_conn, "broken", False):
        return False
    try:
        fd = dbapi_conn.pgconn.socket
        readable, _, _ = select.select([fd], [], [], 0)
    except Exception:  # noqa: BLE001 - no usable socket: treat as dead, the pool reconnects
        return False
    return not readable


def get_engine(url: str) -> Engine:
    """One engine (and pool) per URL per process."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if make_url(url).get_backend_name() == "sqlite":
                engine = _sqlite_engine(url)
            else:
                engine = _postgres_engine(url)
            _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
