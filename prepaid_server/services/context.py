"""The server's runtime context: engine, settings, clock and the parsed-catalog cache."""
from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from topup_core.catalog import Catalog
from topup_core.signing import SKEW_MS

from ..store.engine import get_engine
from ..store.migrate import current_revision, head_revision, upgrade


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


@dataclass
class ServerContext:
    url: str
    engine: Engine
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], int] = wall_clock_ms
    catalogs: dict[int, Catalog] = field(default_factory=dict)  # versions are immutable: cache forever
    _sqlite_writer: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if self.engine.dialect.name == "sqlite":
            # SQLite has one writer: queue this process's transactions here (fair, no timeout)
            # instead of letting 20 threads spin on busy_timeout and fail under load.
            with self._sqlite_writer, Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
            return
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def open_context(database_url: str, *, settings: Settings | None = None,
                 clock: Callable[[], int] | None = None) -> ServerContext:
    """Engine for `database_url`, schema migrated to head."""
    engine = get_engine(database_url)
    upgrade(engine)
    return ServerContext(url=database_url, engine=engine, settings=settings or Settings(),
                         clock=clock or wall_clock_ms)


@functools.lru_cache(maxsize=1)
def _head() -> str:
    return head_revision()  # the code's migrations do not change while it runs


def readiness(ctx: ServerContext) -> tuple[bool, str]:
    """(ready, why): the database answers and its schema is at the code's migration head."""
    try:
        current = current_revision(ctx.engine)
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database means not ready
        return False, f"database unreachable ({type(exc).__name__})"
    head = _head()
    if current != head:
        return False, f"schema at {current}, code expects {head}"
    return True, f"schema at {head}"
