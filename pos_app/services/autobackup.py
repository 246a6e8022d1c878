"""The daily automatic backup: while the app runs, once per day (local date of the shop) a
consistent copy of the database is made with SQLite's online backup API (services/backup.py),
keeping the newest N (business setting `backup_keep`). Runs on its own daemon thread; a failed
backup is logged and retried at the next check, it never disturbs the counter."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import settings as bs
from .backup import BACKUP_GLOB, backup

log = logging.getLogger(__name__)

CHECK_EVERY_S = 15 * 60.0
FIRST_CHECK_AFTER_S = 60.0  # let the till start and settle first


def newest_backup(backup_dir: Path) -> Path | None:
    copies = sorted(backup_dir.glob(BACKUP_GLOB), key=lambda p: p.stat().st_mtime, reverse=True)
    return copies[0] if copies else None


class AutoBackup:
    def __init__(self, services, *, check_every_s: float = CHECK_EVERY_S,  # noqa: ANN001
                 first_check_after_s: float = FIRST_CHECK_AFTER_S) -> None:
        self.services = services
        self.settings = bs.BusinessSettings(services.db, services.clock)
        self.check_every_s = check_every_s
        self.first_check_after_s = first_check_after_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    # --- the decision and the work: plain calls, testable without threads ---

    def _zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.settings.get(bs.TIMEZONE))
        except Exception:  # noqa: BLE001 - a bad zone name must not stop backups
            return ZoneInfo("UTC")

    def due(self) -> bool:
        if not self.settings.get(bs.BACKUP_DAILY):
            return False
        newest = newest_backup(self.services.db.backup_dir)
        if newest is None:
            return True
        zone = self._zone()
        made = datetime.fromtimestamp(newest.stat().st_mtime, zone).date()
        return made < self.services.clock.now().astimezone(zone).date()

    def run_once(self, force: bool = False) -> Path | None:
        """Back up now if due (or forced) and rotate. Returns the new copy, or None if not due."""
        if not force and not self.due():
            return None
        keep = self.settings.get(bs.BACKUP_KEEP)
        path = backup(self.services.db, keep=keep)
        log.info("automatic backup written to %s (keeping %d)", path, keep)
        return path

    # --- the background thread ---

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
