"""The one sync worker of a process: a daemon thread that keeps the outbox draining, the float
and catalog fresh, and backs off while the server is away. The UI only ever reads its status."""
from __future__ import annotations

import logging
import threading
import time

from topup_core.errors import DomainError

from .engine import CATALOG_REFRESH_S, FLOAT_REFRESH_S, SyncEngine, backoff_s

log = logging.getLogger(__name__)
_active_lock = threading.Lock()
_active: "SyncWorker | None" = None
IDLE_WAIT_S = 15.0
DRAIN_SLICE_S = 60.0  # one drain at most this long, then the float and catalog are looked at again


class SyncWorker:
    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._failures = 0

    def start(self) -> "SyncWorker":
        global _active
        with _active_lock:
            if _active is not None:
                raise DomainError("sync_worker_running", "A sync worker is already running in this process.")
            _active = self
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        global _active
        self._stop.set()
        self.engine.wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        with _active_lock:
            if _active is self:
                _active = None

    def _run(self) -> None:
        next_float = next_catalog = 0.0
        while not self._stop.is_set():
            wait = IDLE_WAIT_S
            try:
                now = time.monotonic()
                if now >= next_catalog:
                    self.engine.pull_catalog()
                    next_catalog = now + CATALOG_REFRESH_S
                if now >= next_float:
                    self.engine.refresh_float()
                    next_float = now + FLOAT_REFRESH_S
                # keep going while there is work: sales pipelined, batch after batch (issue 13)
                self.engine.drain(max_seconds=DRAIN_SLICE_S, should_stop=self._stop.is_set)
                self._failures = 0
                due = self.engine.next_due_in_s()
                if due is not None:
                    wait = min(max(due, 0.05), IDLE_WAIT_S)
            except DomainError as exc:  # network down, server refusing: back off, never crash
                self._failures += 1
                wait = backoff_s(self._failures)
                log.info("sync paused %.1fs: %s", wait, exc.message)
            except Exception:  # noqa: BLE001 - a bug must not kill the only sync thread
                self._failures += 1
                wait = backoff_s(self._failures)
                log.exception("sync worker error; retrying in %.1fs", wait)
            self.engine.wake.wait(wait)
            self.engine.wake.clear()
