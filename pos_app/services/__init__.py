"""Use cases. Every one is a plain Python call that the UI and `pos-admin` both use."""
from __future__ import annotations

from pathlib import Path

from pos_app.store.database import Database
from pos_app.store.datadir import DataDir

from .auth import AuthService
from .catalog import CatalogService
from .clock import SystemClock
from .fixes import FixService
from .reports import ReportService
from .sales import SaleService
from .shifts import ShiftService


class PosServices:
    """Everything a front end needs, over one locked data directory."""

    def __init__(self, data_dir: DataDir, db: Database, clock=None) -> None:  # noqa: ANN001
        self.data_dir = data_dir
        self.db = db
        self.clock = clock or SystemClock()
        self.auth = AuthService(db, self.clock)
        self.catalogs = CatalogService(db, self.clock)
        self.printing = None  # the print spool, attached by pos_app.runtime when one runs
        self.sales = SaleService(db, self.clock, self.catalogs)
        self.fixes = FixService(db, self.clock, self.sales, self.catalogs)
        self.sales.fixes = self.fixes
        self.shifts = ShiftService(db, self.clock, self.sales)
        self.reports = ReportService(db, self.clock, self.sales)

    @classmethod
    def open(cls, path: Path | str, clock=None) -> "PosServices":  # noqa: ANN001
        data_dir = DataDir(path).lock()
        try:
            db = Database.open(data_dir)
        except BaseException:
            data_dir.unlock()
            raise
        return cls(data_dir, db, clock)

    def close(self) -> None:
        self.db.close()
        self.data_dir.unlock()

    def __enter__(self) -> "PosServices":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
