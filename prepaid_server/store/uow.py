"""The server's unit of work: one use case = one transaction, and every SQL statement lives in a
repository (prepaid_server/store/repositories/), so services hold no SQLAlchemy.

    with ctx.uow() as uow:                       # services/context.ServerContext.uow()
        terminal = uow.terminals.auth_record(terminal_id)
        fresh = uow.nonces.add(terminal_id, nonce, expires_at_ms)
        ...
        uow.commit()                             # explicit; anything not committed rolls back

Several use cases can share one unit of work when each has an `*_in(ctx, uow, ...)` form that does
not commit (e.g. authentication and the ingest of the same request, in one transaction).

SQLite has one writer: a `Database` queues its process's units of work on a lock (fair, no
timeout) instead of letting threads spin on busy_timeout; `BEGIN IMMEDIATE` (store/engine.py)
queues other processes. PostgreSQL units of work run concurrently and lock rows as they go.

Errors leave in the store's own terms: a unique violation becomes `KeyConflict` (run the use case
again: it then sees the other transaction's row), an unreachable or locked database becomes
`topup_core.errors.StoreUnavailable`. The driver's message is never passed on (it can quote SQL
parameters, i.e. secrets and customer numbers).
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from types import TracebackType

try:  # PostgreSQL's driver: a server deployment has it; the desktop bundle's embedded SQLite server does not
    import psycopg
except ImportError:  # pragma: no cover - exercised by the frozen bundle's self-test
    psycopg = None
from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc

from topup_core.errors import StoreUnavailable, ValidationError

from .engine import get_engine, is_sqlite
from .errors import KeyConflict
from .migrate import current_revision, upgrade
from .repositories.agents import AgentRepository
from .repositories.catalogs import CatalogRepository
from .repositories.charging import ChargingRepository
from .repositories.enrollment import EnrollmentCodeRepository
from .repositories.hardening import TerminalAdminRepository
from .repositories.ledger import LedgerRepository
from .repositories.loyalty import LoyaltyRepository  # issue 14
from .repositories.nonces import NonceRepository
from .repositories.reversals import ReversalRepository
from .repositories.risk import RiskRepository
from .repositories.sale_state import SaleStateRepository
from .repositories.sales import SaleRepository
from .repositories.subscribers import SubscriberRepository
from .repositories.terminals import TerminalRepository
from .repositories import console as console_repos  # issue 16


def _pg(*names: str) -> tuple[type[Exception], ...]:
    """psycopg's exception classes of these names; none without the driver."""
    return tuple(getattr(psycopg, n) for n in names) if psycopg is not None else ()


_INTEGRITY = (sa_exc.IntegrityError, *_pg("IntegrityError"), sqlite3.IntegrityError)
_DATA = (sa_exc.DataError, *_pg("DataError"))  # a value the database refuses (issue 11: never a 500)
_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, *_pg("OperationalError", "InterfaceError"),
                sqlite3.OperationalError)


class Database:
    """One database as the server sees it: the engine (one pool per URL per process) and, for
    SQLite, the lock that queues this process's writers."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or get_engine(url)
        self.dialect = self.engine.dialect.name
        self._writer = threading.RLock() if is_sqlite(self.engine) else None

    @classmethod
    def open(cls, url: str) -> "Database":
        """The database at `url`, its schema migrated to head."""
        database = cls(url)
        upgrade(database.engine)
        return database

    def uow(self) -> "UnitOfWork":
        return UnitOfWork(self)

    def schema_revision(self) -> str | None:
        """The migration the database is at (raises StoreUnavailable when it cannot be reached)."""
        try:
            return current_revision(self.engine)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable("store_unavailable", f"The database cannot be reached ({type(exc).__name__}).") \
                from None


class UnitOfWork:
    """One transaction and the repositories that work inside it. Not reusable, not thread-safe."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.dialect = database.dialect
        self._conn: Connection | None = None
        self._locked = False
        self._done = False
        self.pipelining = False  # inside pipeline(): repositories must not wait for answers (no COPY)

    # ------------------------------------------------------------ transaction

    def __enter__(self) -> "UnitOfWork":
        if self._conn is not None or self._done:
            raise RuntimeError("a unit of work is entered once")
        writer = self.database._writer
        if writer is not None:
            writer.acquire()
            self._locked = True
        try:
            self._conn = self.database.engine.connect()
            self._tx = self._conn.begin()
        except BaseException as exc:
            self._close()
            if isinstance(exc, _UNAVAILABLE):
                raise StoreUnavailable("store_unavailable", "The server's database is unavailable; retry later.") \
                    from None
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self._done:
                self._rollback_quietly()
        finally:
            self._close()
        if exc is not None:
            _translate(exc)

    def commit(self) -> None:
        """Make the work durable (acknowledged = committed = on disk)."""
        if self._conn is None or self._done:
            raise RuntimeError("commit outside an open unit of work")
        try:
            self._tx.commit()
        except BaseException as exc:
            self._rollback_quietly()
            _translate(exc)
            raise
        finally:
            self._done = True

    def rollback(self) -> None:
        if self._conn is not None and not self._done:
            self._rollback_quietly()

    def _rollback_quietly(self) -> None:
        self._done = True
        try:
            self._tx.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; closing it below is all that is left
            pass

    def _close(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
        finally:
            self._conn = None
            if self._locked:
                self._locked = False
                self.database._writer.release()

    @contextmanager
    def pipeline(self, enabled: bool = True) -> Iterator[None]:
        """PostgreSQL: the statements inside are sent without waiting for each answer (psycopg
        pipeline mode), so a run of writes costs one round trip; their errors (a unique key taken)
        surface when the block ends. Only for statements whose results nobody reads. Elsewhere a
        no-op. Issue 13."""
        if not enabled or self.dialect != "postgresql" or self.pipelining:
            yield
            return
        self.pipelining = True
        try:
            with self.connection.connection.driver_connection.pipeline():
                yield
        finally:
            self.pipelining = False

    @property
    def connection(self) -> Connection:
        """For repositories only."""
        if self._conn is None or self._done:
            raise RuntimeError("the unit of work is not open")
        return self._conn

    # ------------------------------------------------------------ repositories

    @cached_property
    def agents(self) -> AgentRepository:
        return AgentRepository(self)

    @cached_property
    def terminals(self) -> TerminalRepository:
        return TerminalRepository(self)

    @cached_property
    def enrollment_codes(self) -> EnrollmentCodeRepository:
        return EnrollmentCodeRepository(self)

    @cached_property
    def nonces(self) -> NonceRepository:
        return NonceRepository(self)

    @cached_property
    def catalogs(self) -> CatalogRepository:
        return CatalogRepository(self)

    @cached_property
    def sales(self) -> SaleRepository:
        return SaleRepository(self)

    @cached_property
    def reversals(self) -> ReversalRepository:
        return ReversalRepository(self)

    @cached_property
    def subscribers(self) -> SubscriberRepository:
        return SubscriberRepository(self)

    @cached_property
    def risk(self) -> RiskRepository:
        return RiskRepository(self)

    @cached_property
    def ledger(self) -> LedgerRepository:
        return LedgerRepository(self)

    @cached_property
    def hardening(self) -> TerminalAdminRepository:
        """Issue 11: terminal admin, sealed secrets, enrollment request ids, cancellations."""
        return TerminalAdminRepository(self)

    @cached_property
    def charging(self) -> ChargingRepository:  # issue 15
        return ChargingRepository(self)

    # issue 16: the console's repositories
    @cached_property
    def audit(self) -> "console_repos.AuditRepository":
        return console_repos.AuditRepository(self)

    @cached_property
    def operators(self) -> "console_repos.OperatorRepository":
        return console_repos.OperatorRepository(self)

    @cached_property
    def console_sessions(self) -> "console_repos.SessionRepository":
        return console_repos.SessionRepository(self)

    @cached_property
    def hierarchy(self) -> "console_repos.HierarchyRepository":
        return console_repos.HierarchyRepository(self)

    @cached_property
    def settlement(self) -> "console_repos.SettlementRepository":
        return console_repos.SettlementRepository(self)

    @cached_property
    def risk_desk(self) -> "console_repos.RiskDeskRepository":
        return console_repos.RiskDeskRepository(self)

    @cached_property
    def care(self) -> "console_repos.CareRepository":
        return console_repos.CareRepository(self)

    @cached_property
    def loyalty(self) -> LoyaltyRepository:  # issue 14
        return LoyaltyRepository(self)

    @cached_property
    def sale_state(self) -> SaleStateRepository:  # issue 13
        return SaleStateRepository(self)

    @cached_property
    def terminal_desk(self) -> "console_repos.TerminalDeskRepository":
        return console_repos.TerminalDeskRepository(self)

    @cached_property
    def catalog_drafts(self) -> "console_repos.CatalogDraftRepository":  # issue 16, migration 0010
        return console_repos.CatalogDraftRepository(self)

    @cached_property
    def terminal_contacts(self) -> "console_repos.TerminalContactRepository":  # issue 16, migration 0010
        return console_repos.TerminalContactRepository(self)

    @cached_property
    def day_closes(self) -> "console_repos.DayCloseRepository":  # issue 16, migration 0010
        return console_repos.DayCloseRepository(self)


def _translate(exc: BaseException) -> None:
    """Re-raise a driver error as the store's own; anything else passes unchanged."""
    if isinstance(exc, _INTEGRITY):
        raise KeyConflict("a unique key was taken by a concurrent transaction") from None
    if isinstance(exc, _UNAVAILABLE):
        raise StoreUnavailable("store_unavailable", "The server's database is unavailable; retry later.") from None
    if isinstance(exc, _DATA):
        raise ValidationError("input_invalid", "The database refused a value of the request; nothing was stored.") \
            from None
