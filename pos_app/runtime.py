"""The composition root: one per open data directory. It makes the adapters (the SQLite unit of
work, the sync engine, the print spool), hands them to the use cases as their ports, and owns the
background threads (the one sync worker, the spool's printer thread, the daily backup).

    with Runtime.open(data_dir) as app:            # locks the data directory, migrates
        clerk = app.auth.login("alice", "1234")
        outcome = app.sell(clerk, SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 20000))

`pos_app.ui` and `pos_app.cli` get one of these and call the same use-case objects; nothing else
in the program builds adapters.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from topup_core.formatting import locale_for
from pos_app.application import settings as bs
from pos_app.application.auth import Auth
from pos_app.application.backup import AutoBackup, Backup
from pos_app.application.cancel_queued import CancelQueued
from pos_app.application.catalog import CatalogService
from pos_app.application.clock import SystemClock
from pos_app.application.close_day import CloseDay
from pos_app.application.consent import ReminderConsents
from pos_app.application.customer import CustomerLookup
from pos_app.application.refund_receipt import ReceiptExtras
from pos_app.application.enroll import Enroll
from pos_app.application.firstrun import FirstRun
from pos_app.application.points_pay import Guards, PointsPayment
from pos_app.application.ports import Clock
from pos_app.application.reports import Reports
from pos_app.application.reprint import Reprint
from pos_app.application.resolve_print_job import ResolvePrintJob
from pos_app.application.reverse import Reverse
from pos_app.application.sales import SaleQueries
from pos_app.application.sell import Sell
from pos_app.application.shop_alerts import ShopAlertsService
from pos_app.application.settle_dispute import SettleDispute
from pos_app.application.setup import Setup
from pos_app.application.shifts import Shifts
from pos_app.application.status import TerminalStatus
from pos_app.application.sync import Sync
from pos_app.application.terminal import Terminal
from pos_app.application.verify import Verify
from pos_app.printing.settings import print_settings
from pos_app.printing.spool import PrintSpool
from pos_app.printing.testpage import PrinterTools
from pos_app.store.backups import DatabaseBackups
from pos_app.store.database import Database
from pos_app.store.datadir import DataDir
from pos_app.store.uow import UnitOfWorkFactory
from pos_app.sync.alerts import AlertsLink
from pos_app.sync.customers import CustomerLink
from pos_app.sync.engine import SyncEngine
from pos_app.sync.worker import SyncWorker
from topup_core.statement import statement_url

log = logging.getLogger(__name__)

PRINTER_POLL_S = 3.0  # the spool re-checks a printer that is down this often (a working one 10x slower)


class Runtime:
    def __init__(self, data_dir: DataDir, db: Database, clock: Clock | None = None,
                 spool_options: dict[str, Any] | None = None) -> None:
        self.data_dir = data_dir
        self.db = db
        self.clock = clock or SystemClock()
        self.uow = UnitOfWorkFactory(db)
        uow, clock = self.uow, self.clock

        # --- reference data every use case reads (cached in memory) ---
        self.settings = bs.BusinessSettings(uow, clock)
        self.terminal = Terminal(self.settings, uow)
        self.catalogs = CatalogService(uow, clock)
        self.auth = Auth(uow, clock)

        # --- adapters ---
        self.engine = SyncEngine(uow, clock, self.catalogs, self.settings, data_dir.path)
        self.spool = PrintSpool(uow, lambda: print_settings(self.settings, data_dir.path),
                                lambda: self.terminal.info, clock=clock, operator_name=self._operator_name,
                               statement_link=self._statement_link,
                               receipt_extras=ReceiptExtras(uow, lambda: self.terminal.info.timezone,  # issue 14
                                                            lambda: self.terminal.info.country),
                               **{"status_poll_s": PRINTER_POLL_S, **(spool_options or {})})
        self.backups = DatabaseBackups(db)
        self.printer_tools = PrinterTools(lambda: self.terminal.info)

        # --- the use cases ---
        self.sales = SaleQueries(uow, clock, self.terminal)
        self.customer = CustomerLookup(uow, clock, CustomerLink(self.engine),  # issue 14
                                       lambda: self.settings.get(bs.CURRENCY),
                                       lambda: locale_for(self.settings.get(bs.COUNTRY), "en"))
        self.points_pay = PointsPayment(uow, clock, self._catalog_version,  # issue 14: points at the till
                                        lambda: self.engine.credentials is None or not self.engine._online_now())
        self.sell = Sell(uow, clock, self.catalogs, self.terminal, self.settings, printer=self.spool,
                         submitter=self.engine, notifier=self.engine, guard=Guards(self.engine, self.points_pay),
                         loyalty=self.customer)
        self.consent = ReminderConsents(uow, clock, lambda: self.settings.get(bs.COUNTRY))  # till-points
        self.shop_alerts = ShopAlertsService(uow, clock, AlertsLink(self.engine))  # till-points: Needs attention
        self.reprint = Reprint(uow, clock, self.sales, self.spool)
        self.cancel_queued = CancelQueued(uow, clock, self.terminal, self.engine)
        self.reverse = Reverse(uow, clock, self.terminal, self.catalogs, self.engine)
        self.shifts = Shifts(uow, clock, self.terminal, self.settings)
        self.close_day = CloseDay(uow, clock, self.terminal, self.engine, self.spool)
        self.reports = Reports(uow, clock, self.terminal)
        self.print_jobs = ResolvePrintJob(uow, clock, self.spool, self.reprint)
        self.enroll = Enroll(uow, clock, self.terminal, self.catalogs, self.engine)
        self.sync = Sync(self.engine)
        self.backup = Backup(self.backups, clock, self.settings)
        self.settle_dispute = SettleDispute(uow, clock, self.terminal)  # issue 11
        self.verify = Verify(uow, clock, data_dir.mode_problems, lambda: data_dir.fixed_at_start)
        self.setup = Setup(uow, clock, self.settings, self.auth, self.catalogs)
        self.first_run = FirstRun(uow, self.setup, self.settings, self.auth, self.terminal, self.spool,
                                  self.printer_tools)
        self.status = TerminalStatus(uow, self.terminal, self.engine, self.spool, str(data_dir.path),
                                     lambda: db.db_path.stat().st_size if db.db_path.exists() else 0)

        self.worker: SyncWorker | None = None
        self.autobackup: AutoBackup | None = None
        self.in_doubt_jobs: list = []
        self._spool_started = False

    def _statement_link(self, sale_id: str) -> str | None:
        """issue 15: the customer's statement link for the receipt's QR (an HMAC of the sale id with
        this terminal's secret, so it works offline); None without a public URL or enrollment."""
        public = bs.statement_public_url(self.settings)  # the terminal's setting, else the server's
        creds = self.engine.credentials
        if not public or creds is None:
            return None
        return statement_url(public, creds.secret, creds.terminal_code, sale_id)

    def _catalog_version(self) -> int | None:
        try:
            return self.catalogs.current().version
        except Exception:  # noqa: BLE001 - no catalog yet: no programme
            return None

    def _operator_name(self, code: str) -> str | None:
        try:
            return self.catalogs.current().operator(code).name
        except Exception:  # noqa: BLE001 - no catalog yet, or an operator since removed: the code will do
            log.debug("no operator name for %s", code, exc_info=True)
            return None

    @classmethod
    def open(cls, path: Path | str, clock: Clock | None = None, **options: Any) -> "Runtime":
        """Lock the data directory and open (migrating) its database. Nothing runs in the
        background until `start()`."""
        data_dir = DataDir(path).lock()
        try:
            db = Database.open(data_dir)
        except BaseException:
            data_dir.unlock()
            raise
        try:
            return cls(data_dir, db, clock, **options)
        except BaseException:
            db.close()
            data_dir.unlock()
            raise

    # --- the background work of a running till ---

    def start(self, *, worker: bool = True, spool: bool = True, autobackup: bool = False) -> "Runtime":
        """Start the print spool (recovering jobs a crash left in doubt), the one sync worker (when
        enrolled) and the daily backup."""
        if spool and not self._spool_started:
            self.in_doubt_jobs = self.spool.start()
            self._spool_started = True
        if worker and self.worker is None and self.engine.enrolled:
            self.worker = SyncWorker(self.engine).start()
        if autobackup and self.autobackup is None:
            self.autobackup = AutoBackup(self.backup).start()
        return self

    def start_worker(self) -> SyncWorker:
        if self.worker is None:
            self.worker = SyncWorker(self.engine).start()
        return self.worker

    def stop(self) -> None:
        """Stop the background threads (the database stays open)."""
        if self.autobackup is not None:
            self.autobackup.stop()
            self.autobackup = None
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self._spool_started:
            self.spool.stop()
            self._spool_started = False

    def close(self) -> None:
        self.stop()
        self.engine.close()
        self.db.close()
        self.data_dir.unlock()

    def __enter__(self) -> "Runtime":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- exports for the manager's screen (an adapter the UI reaches through here) ---

    @staticmethod
    def export_report(report: Any, path: str, locale: str) -> str:
        """Write a report as PDF or CSV, by the file's extension. Blocking: run it off the GUI thread."""
        if str(path).lower().endswith(".csv"):
            from pos_app.reports.csv_export import write_csv
            write_csv(report, path)
        else:
            from pos_app.reports.pdf_export import write_pdf
            write_pdf(report, path, locale)
        return str(path)
