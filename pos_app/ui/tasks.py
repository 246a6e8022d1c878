"""The one background task runner every screen uses (after Anki's taskman / Picard's thread util).

A screen hands the runner a plain service call; the call runs on a small private thread pool and
its result, or the exception it raised, comes back on the GUI thread through a queued signal.
The GUI thread never waits on the database, the network or a printer.

    runner.run(app.sell, actor, request, on_recorded=runner.relay(self._recorded_early, owner=self),
               on_done=self._sold, on_error=self._failed, owner=self)

* ``on_done(result)`` / ``on_error(exc)`` are always called on the GUI thread.
* ``owner`` (a QObject): if it has been deleted by the time the result arrives, nothing is called.
* Without ``on_error`` the error goes to the runner's ``error`` signal (the main window shows it).
* A :class:`~topup_core.errors.DomainError` is an expected outcome (a coded error the screen words
  with ``pos_app.ui.errors.friendly``); anything else is logged with its traceback before it is
  delivered.
* ``relay(fn, owner=...)`` makes a callable that any thread may call: ``fn(value)`` then runs on the
  GUI thread (a use case's progress, e.g. "the sale is recorded", before its call returns).
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from topup_core.errors import DomainError

log = logging.getLogger("pos_app.ui.tasks")

DEFAULT_THREADS = 2  # enough for a sale plus a status refresh; SQLite has one writer anyway


@dataclass
class _Pending:
    name: str
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None


class _Job(QRunnable):
    def __init__(self, runner: "TaskRunner", task_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._task_id = task_id
        self._fn = fn
        self._args = args
        self._kwargs = kwargs

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._runner._finished.emit(self._task_id, False, exc)
        else:
            self._runner._finished.emit(self._task_id, True, result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread and delivers their outcome on it. Create it on the GUI thread."""

    error = Signal(object)  # an error nobody handled (exception instance)
    busy_changed = Signal(bool)
    _finished = Signal(int, bool, object)  # internal: worker -> GUI thread (queued)
    _relayed = Signal(object, object, object)  # internal: (fn, owner, value), any thread -> GUI thread

    def __init__(self, parent: QObject | None = None, max_threads: int = DEFAULT_THREADS) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relayed.connect(self._deliver_relayed, Qt.ConnectionType.QueuedConnection)

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, owner: QObject | None = None,
            name: str | None = None, **kwargs: Any) -> int:
        """Start ``fn(*args, **kwargs)`` in the background; returns a task id."""
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        task_id = next(self._ids)
        was_idle = not self._pending
        self._pending[task_id] = _Pending(name or getattr(fn, "__qualname__", repr(fn)), on_done, on_error, owner)
        self._pool.start(_Job(self, task_id, fn, args, kwargs))
        if was_idle:
            self.busy_changed.emit(True)
        return task_id

    def relay(self, fn: Callable[[Any], None], owner: QObject | None = None) -> Callable[[Any], None]:
        """A callable for a worker thread: each call runs ``fn(value)`` later on the GUI thread
        (dropped if ``owner`` has been deleted by then)."""
        def relayed(value: Any) -> None:
            self._relayed.emit(fn, owner, value)
        return relayed

    @Slot(object, object, object)
    def _deliver_relayed(self, fn: Callable[[Any], None], owner: QObject | None, value: object) -> None:
        if owner is not None and not shiboken6.isValid(owner):
            return
        fn(value)

    def is_idle(self) -> bool:
        return not self._pending

    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def closed(self) -> bool:
        """True once shutdown() began: new work is refused (the services are closing)."""
        return self._closed

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Refuse new work and wait for running work to finish (call before closing the services)."""
        self._closed = True
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:  # GUI thread
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if pending is None:
            return
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return  # the screen that asked is gone
        if ok:
            if pending.on_done is not None:
                pending.on_done(payload)
            return
        exc = payload
        assert isinstance(exc, BaseException)
        if not isinstance(exc, DomainError):
            log.error("task %s failed unexpectedly", pending.name, exc_info=(type(exc), exc, exc.__traceback__))
        if pending.on_error is not None:
            pending.on_error(exc)
        else:
            self.error.emit(exc)
