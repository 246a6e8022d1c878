"""Consistent database copies with SQLite's online backup API, rotated to keep the newest N."""
from __future__ import annotations

import time
from pathlib import Path

from pos_app.store.database import Database
from pos_app.store.migrate import copy_aside

BACKUP_GLOB = "pos-*.sqlite3"


def backup(db: Database, dest: Path | None = None, keep: int | None = None) -> Path:
    if dest is None:
        dest = db.backup_dir / f"pos-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3"
        n = 1
        while dest.exists():  # two backups in one second must not overwrite each other
            n += 1
            dest = db.backup_dir / f"pos-{time.strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3"
    copy_aside(db.db_path, dest)
    if keep is not None:
        rotate(db.backup_dir, keep)
    return dest


def rotate(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups. Returns what was removed."""
    copies = sorted(backup_dir.glob(BACKUP_GLOB), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = copies[max(keep, 1):]
    for path in removed:
        path.unlink()
    return removed
