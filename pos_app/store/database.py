"""Open a data directory's database: lock, migrate (copy aside first), hand out engines."""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from . import migrate
from .datadir import DataDir
from .engine import make_engine
from .sealing import KEY_FILE, PREFIX, PinSealer, seal_existing


log = logging.getLogger(__name__)


class Database:
    def __init__(self, db_path: Path, backup_dir: Path) -> None:
        self.db_path = db_path
        self.backup_dir = backup_dir
        self.writer: Engine = make_engine(db_path, writer=True)
        self.reader: Engine = make_engine(db_path, writer=False)
        self.migration_backup: Path | None = None
        self.sealer: PinSealer | None = None  # voucher PINs at rest (issue 11); set by open()

    @classmethod
    def open(cls, data_dir: DataDir, *, migrate_to: str = "head") -> "Database":
        data_dir.path.mkdir(parents=True, exist_ok=True)
        db = cls(data_dir.db_path, data_dir.backup_dir)
        db.migration_backup = migrate.upgrade(db.writer, db.db_path, db.backup_dir, migrate_to)
        if migrate_to == "head":
            had_key = (data_dir.path / KEY_FILE).exists()
            db.sealer = PinSealer.for_data_dir(data_dir.path)
            raw = db.writer.raw_connection()
            try:
                conn = raw.driver_connection
                if not had_key and conn.execute(
                        f"SELECT 1 FROM voucher_stock WHERE pin LIKE '{PREFIX}%' LIMIT 1").fetchone():
                    # a database restored without its key: its sealed PINs cannot be opened
                    log.error("%s holds sealed voucher PINs but %s was missing (a new key was made): restore "
                              "the original key file, or those vouchers cannot be sold or reprinted",
                              db.db_path, KEY_FILE)
                seal_existing(conn, db.sealer)
            finally:
                raw.close()
        return db

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()
