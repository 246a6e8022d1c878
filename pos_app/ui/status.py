"""The status bar and the plain snapshot it shows.

The sync engine (and later the printer service) feed the bar through a *status source*: any
object with a ``snapshot() -> StatusSnapshot`` method that is safe to call from a worker thread.
The window calls it through the task runner every few seconds, never on the GUI thread.
Until the sync engine lands, :class:`LocalStatusSource` reads what the database already knows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from sqlalchemy import func, select

from topup_core.money import Money
from pos_app.domain.sale import SaleStatus
from pos_app.store.models import Sale
from pos_app.store.uow import UnitOfWork

from . import format as fmt
from .util import set_state


@dataclass(frozen=True)
class StatusSnapshot:
    online: bool | None = None  # None: no server configured / not known yet
    last_sync_at: datetime | None = None  # aware
    queued: int = 0  # sales recorded here, not yet acknowledged by the server
    float_available: Money | None = None
    allowance_remaining: Money | None = None  # offline allowance left for this terminal
    printer: str | None = None  # "ready", "paper out", "offline"... None: no printer set up
    sync_error: str | None = None  # last sync problem, one line, for the tooltip
    oldest_queued_at: datetime | None = None


@runtime_checkable
class StatusSource(Protocol):
    def snapshot(self) -> StatusSnapshot:  # called on a worker thread
        ...


class LocalStatusSource:
    """Read-only snapshot from the local database (queued sales). Everything else unknown."""

    def __init__(self, services) -> None:  # noqa: ANN001
        self.services = services

    def snapshot(self) -> StatusSnapshot:
        with UnitOfWork(self.services.db, write=False) as uow:
            queued, oldest = uow.session.execute(
                select(func.count(), func.min(Sale.created_at_ms)).where(Sale.status == SaleStatus.QUEUED.value)
            ).one()
        from pos_app.store.repositories import ms_to_datetime

        return StatusSnapshot(online=None, queued=int(queued or 0),
                              oldest_queued_at=ms_to_datetime(oldest) if oldest else None)


class SyncEngineStatusSource:
    """Adapter for the sync engine: anything with ``status()`` returning an object with the fields
    online, last_sync_at, queued, float_available, allowance_remaining, last_error (pos_app.sync's
    SyncStatus has them). ``printer`` is an optional callable returning the printer's state line."""

    def __init__(self, engine, printer=None, local: LocalStatusSource | None = None) -> None:  # noqa: ANN001
        self.engine = engine
        self.printer = printer
        self.local = local

    def snapshot(self) -> StatusSnapshot:
        st = self.engine.status()
        oldest = self.local.snapshot().oldest_queued_at if self.local is not None else None
        printer = None
        if self.printer is not None:
            try:
                printer = self.printer()
            except Exception as exc:  # noqa: BLE001 - a printer problem is a state, not a crash
                printer = str(exc) or "error"
        return StatusSnapshot(
            online=getattr(st, "online", None), last_sync_at=getattr(st, "last_sync_at", None),
            queued=int(getattr(st, "queued", 0) or 0), float_available=getattr(st, "float_available", None),
            allowance_remaining=getattr(st, "allowance_remaining", None), printer=printer,
            sync_error=getattr(st, "last_error", None), oldest_queued_at=oldest)


def _t(text: str) -> str:
    return QCoreApplication.translate("StatusBar", text)


class StatusBarWidget(QWidget):
    """Online/offline and last sync, queued count, float, allowance, printer, clerk, shift."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.locale_name = fmt.DEFAULT_LOCALE
        self.timezone = "UTC"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(14)

        def label(name: str, accessible: str) -> QLabel:
            lab = QLabel(self)
            lab.setObjectName(name)
            lab.setAccessibleName(accessible)
            lab.setProperty("class", "statusItem")
            layout.addWidget(lab)
            return lab

        self.online = label("status.online", _t("Connection"))
        self.queued = label("status.queued", _t("Queued sales"))
        self.float = label("status.float", _t("Float available"))
        self.allowance = label("status.allowance", _t("Offline allowance left"))
        self.printer = label("status.printer", _t("Printer"))
        layout.addStretch(1)
        self.clerk = label("status.clerk", _t("Clerk"))
        self.shift = label("status.shift", _t("Shift"))
        self.clock = label("status.clock", _t("Time"))
        self.snapshot = StatusSnapshot()
        self.show_snapshot(self.snapshot)
        self.set_clerk(None)
        self.set_shift(None)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start(15_000)
        self._update_clock()

    def _update_clock(self) -> None:
        self.clock.setText(fmt.local_time(datetime.now().astimezone(), self.timezone))

    def set_timezone(self, timezone: str) -> None:
        self.timezone = timezone
        self._update_clock()

    def show_snapshot(self, snap: StatusSnapshot) -> None:
        self.snapshot = snap
        if snap.online is None:
            self.online.setText(_t("● Sync not set up"))
            set_state(self.online, "unknown")
        elif snap.online:
            text = _t("● Online")
            if snap.last_sync_at:
                text += " · " + _t("synced %1").replace("%1", fmt.local_time(snap.last_sync_at, self.timezone))
            self.online.setText(text)
            set_state(self.online, "ok")
        else:
            text = _t("● Offline")
            if snap.last_sync_at:
                text += " · " + _t("last sync %1").replace("%1", fmt.local_time(snap.last_sync_at, self.timezone))
            self.online.setText(text)
            set_state(self.online, "warn")
        self.online.setToolTip(snap.sync_error or "")
        self.queued.setText(_t("Queued: %1").replace("%1", str(snap.queued)))
        set_state(self.queued, "warn" if snap.queued else "ok")
        self.float.setText(_t("Float: %1").replace("%1", fmt.money(snap.float_available, self.locale_name)))
        self.float.setVisible(snap.float_available is not None)
        self.allowance.setText(_t("Offline limit: %1").replace("%1", fmt.money(snap.allowance_remaining,
                                                                               self.locale_name)))
        self.allowance.setVisible(snap.allowance_remaining is not None)
        self.printer.setText(_t("Printer: %1").replace("%1", snap.printer or _t("none")))
        set_state(self.printer, "ok" if snap.printer in ("ready", "ok") else "unknown" if not snap.printer else "warn")

    def set_clerk(self, name: str | None) -> None:
        self.clerk.setText(_t("Clerk: %1").replace("%1", name) if name else _t("Locked"))

    def set_shift(self, text: str | None) -> None:
        self.shift.setText(_t("Shift: %1").replace("%1", text) if text else _t("No shift open"))
