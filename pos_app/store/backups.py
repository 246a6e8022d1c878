"""Consistent copies of the live database (SQLite's online backup API), rotated to keep the
newest N: the application's `Backups` port."""
from __future__ import annotations

import time
from pathlib import Path

from .database import Database
from .migrate import copy_aside

BACKUP_GLOB = "pos-*.sqlite3"


def rotate(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups. Returns what was removed."""
    copies = sorted(backup_dir.glob(BACKUP_GLOB), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = copies[max(keep, 1):]
    for path in removed:
        path.unlink()
    return removed


def newest_backup(backup_dir: Path) -> Path | None:
    copies = sorted(backup_dir.glob(BACKUP_GLOB), key=lambda p: p.stat().st_mtime, reverse=True)
    return copies[0] if copies else None


class DatabaseBackups:
    def __init__(self, db: Database) -> None:
        self.db = db

    def copy(self, dest: Path | None = None, keep: int | None = None) -> Path:
        if dest is None:
            dest = self.db.backup_dir / f"pos-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3"
            n = 1
            while dest.exists():  # two backups in one second must not overwrite each other
                n += 1
                dest = self.db.backup_dir / f"pos-{time.strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3"
        copy_aside(self.db.db_path, Path(dest))
        if keep is not None:
            rotate(self.db.backup_dir, keep)
        return Path(dest)

    def newest(self) -> Path | None:
        return newest_backup(self.db.backup_dir)
