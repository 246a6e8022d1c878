"""The composition root of a running terminal: services plus the adapters that work in the
background (the one sync worker and the print spool), wired so front ends stay thin."""
from __future__ import annotations

import logging

from pos_app.domain.roles import Actor, Role
from pos_app.domain.sale import SaleStatus
from pos_app.printing.spool import PrintSpool
from pos_app.services import PosServices
from pos_app.sync.engine import SyncEngine
from pos_app.sync.worker import SyncWorker

log = logging.getLogger(__name__)

# Adapters read sales as the system, never as a clerk.
SYSTEM_READER = Actor(user_id="system", username="runtime", display_name="System", role=Role.ADMIN)


class Runtime:
    def __init__(self, services: PosServices, *, start_worker: bool = True, start_spool: bool = True) -> None:
        self.services = services
        self.engine = SyncEngine(services)
        self.worker: SyncWorker | None = None
        self.spool = PrintSpool.for_services(services)
        services.printing = self.spool  # reprints and Z slips from the UI go through the one spool
        self.in_doubt_jobs = self.spool.start() if start_spool else []
        if start_worker and self.engine.credentials is not None:
            self.worker = SyncWorker(self.engine).start()

    def after_sale(self, sale_id: str) -> SaleStatus:
        """Right after a sale is recorded (off the GUI thread): try the online fast path, then
        queue its receipt showing what is known — SUCCESS with the reference, or PENDING."""
        status = SaleStatus.QUEUED
        try:
            if not self.engine.believed_offline():  # offline: the worker retries; print PENDING now
                status = self.engine.submit_now(sale_id)
        except Exception:  # noqa: BLE001 - the sale is recorded; sync will carry it later
            log.exception("fast path failed for %s; the sale stays queued", sale_id)
        record = self.services.sales.get_sale(SYSTEM_READER, sale_id)
        self.spool.enqueue_receipt(record)
        return status

    def printer_line(self) -> str:
        state = self.spool.printer_state()
        if state.ready is False:
            return state.message or "Printer down"
        uri = state.uri
        return "Printer: PDF" if uri.startswith("pdf://") else f"Printer: {uri.split('?')[0]}"

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.spool.stop()
        self.engine.close()
