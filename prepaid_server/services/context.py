"""The server's runtime context: the database (units of work), settings, clock and the
parsed-catalog cache. Services reach the database only through `ctx.uow()`:

    def my_use_case(ctx: ServerContext, ...) -> Result:
        with ctx.uow() as uow:
            ...uow.terminals / uow.sales / uow.ledger ...
            uow.commit()

or, when a concurrent transaction may take a unique key first, `ctx.run(work)`, which commits and
runs `work(uow)` once more in a fresh unit of work after a KeyConflict.
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from topup_core.catalog import Catalog
from topup_core.errors import StoreUnavailable
from topup_core.signing import SKEW_MS

from ..store.errors import KeyConflict
from ..store.migrate import head_revision
from ..store.uow import Database, UnitOfWork

T = TypeVar("T")


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class Settings:
    skew_ms: int = SKEW_MS
    catalog_grace_ms: int = 24 * 3600 * 1000  # an old catalog stays valid this long after a new one
    enrollment_code_ttl_ms: int = 24 * 3600 * 1000
    bonus_validity_ms: int = 30 * 24 * 3600 * 1000
    max_batch: int = 500
    low_float_mark: int = 0  # minor units: an answer whose available float is at or below counts in /metrics
    # issue 15: real-time charging
    charging_validity_ms: int = 300_000  # a session not updated within this is released by the sweeper
    charging_sweep_every_ms: int = 5_000  # how often each server process runs the sweeper
    low_balance_mark: int = 5_000  # minor units: crossing below it raises a low_balance alert
    spike_factor: int = 5  # last hour's charge above this many times the subscriber's hourly norm
    spike_minimum: int = 2_000  # minor units: a smaller last hour is never a spike
    spike_history_hours: int = 24  # hours of past usage needed before spikes are judged
    statement_ttl_ms: int = 90 * 24 * 3600 * 1000  # a receipt's statement link works this long
    terminal_cache_ms: int = 1_000  # issue 13: terminal credentials cached per process this long
    public_url: str | None = None  # issue 15: https://SERVER as customers reach it (`pos-server --public-url`)


@dataclass
class ServerContext:
    database: Database
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], int] = wall_clock_ms
    catalogs: dict[int, Catalog] = field(default_factory=dict)  # versions are immutable: cache forever
    terminal_cache: dict = field(default_factory=dict)  # issue 13: services/auth.py credential cache
    catalog_versions: tuple | None = None  # issue 13: (valid until, versions), services/catalogs.py

    @property
    def url(self) -> str:
        return self.database.url

    @property
    def dialect(self) -> str:
        return self.database.dialect

    def uow(self) -> UnitOfWork:
        """A new unit of work (enter it with `with`; commit explicitly)."""
        return self.database.uow()

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """`work(uow)` in one committed unit of work. If a concurrent transaction took a unique key
        first (KeyConflict), run it once more from the start: it then sees that row."""
        for attempt in range(2):
            try:
                with self.uow() as uow:
                    result = work(uow)
                    uow.commit()
                    return result
            except KeyConflict:
                if attempt:
                    raise StoreUnavailable("store_busy", "Concurrent requests collided twice; retry.") from None
        raise AssertionError("unreachable")


def open_context(database_url: str, *, settings: Settings | None = None,
                 clock: Callable[[], int] | None = None) -> ServerContext:
    """The database at `database_url` (schema migrated to head) and a context on it."""
    return ServerContext(Database.open(database_url), settings=settings or Settings(), clock=clock or wall_clock_ms)


@functools.lru_cache(maxsize=1)
def _head() -> str:
    return head_revision()  # the code's migrations do not change while it runs


def readiness(ctx: ServerContext) -> tuple[bool, str]:
    """(ready, why): the database answers and its schema is at the code's migration head."""
    try:
        current = ctx.database.schema_revision()
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database means not ready
        return False, f"database unreachable ({type(exc).__name__})"
    head = _head()
    if current != head:
        return False, f"schema at {current}, code expects {head}"
    return True, f"schema at {head}"
