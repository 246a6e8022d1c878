"""Backups: a consistent copy of the database now (`pos-admin backup`, Settings → Back up now),
and once a day while the app runs (local date of the shop), keeping the newest N (business setting
`backup_keep`). The copying itself is the store's (SQLite's online backup API); the daily check
runs on its own daemon thread, and a failed backup is logged and retried at the next check: it
never disturbs the counter."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pos_app.domain.roles import Actor, Permission

from . import settings as bs
from .ports import Backups, Clock

log = logging.getLogger(__name__)

CHECK_EVERY_S = 15 * 60.0
FIRST_CHECK_AFTER_S = 60.0  # let the till start and settle first


class Backup:
    def __init__(self, backups: Backups, clock: Clock, settings: bs.BusinessSettings) -> None:
        self.backups = backups
        self.clock = clock
        self.settings = settings

    def __call__(self, actor: Actor, dest: Path | None = None, keep: int | None = None) -> Path:
        """A copy now. `keep`: afterwards keep only the newest N automatic backups."""
        actor.require(Permission.MANAGE_USERS, self.clock.now())  # managers and administrators
        return self.backups.copy(dest, keep)

    def newest(self) -> Path | None:
        return self.backups.newest()

    # --- the daily decision: plain calls, testable without threads ---

    def _zone(self) -> ZoneInfo:
        name = self.settings.get(bs.TIMEZONE)
        try:
            return ZoneInfo(name)
        except Exception:  # noqa: BLE001 - a bad zone name must not stop backups
            log.warning("time zone %r unknown; daily backups follow UTC", name)
            return ZoneInfo("UTC")

    def due(self) -> bool:
        if not self.settings.get(bs.BACKUP_DAILY):
            return False
        newest = self.backups.newest()
        if newest is None:
            return True
        zone = self._zone()
        made = datetime.fromtimestamp(newest.stat().st_mtime, zone).date()
        return made < self.clock.now().astimezone(zone).date()

    def run_once(self, force: bool = False) -> Path | None:
        """Back up now if due (or forced) and rotate. Returns the new copy, or None if not due."""
        if not force and not self.due():
            return None
        keep = self.settings.get(bs.BACKUP_KEEP)
        path = self.backups.copy(None, keep)
        log.info("automatic backup written to %s (keeping %d)", path, keep)
        return path


class AutoBackup:
    """The daily backup's thread."""

    def __init__(self, backup: Backup, *, check_every_s: float = CHECK_EVERY_S,
                 first_check_after_s: float = FIRST_CHECK_AFTER_S) -> None:
        self.backup = backup
        self.check_every_s = check_every_s
        self.first_check_after_s = first_check_after_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    def due(self) -> bool:
        return self.backup.due()

    def run_once(self, force: bool = False) -> Path | None:
        return self.backup.run_once(force)

    def start(self) -> "AutoBackup":
        self._thread = threading.Thread(target=self._loop, name="auto-backup", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        wait = self.first_check_after_s
        while not self._stop.wait(wait):
            started = time.monotonic()
            try:
                self.run_once()
                self.last_error = None
            except Exception as exc:  # noqa: BLE001 - disk full, locked: log, try again later
                self.last_error = str(exc)
                log.exception("automatic backup failed; will try again")
            wait = max(1.0, self.check_every_s - (time.monotonic() - started))
