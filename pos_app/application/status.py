"""The terminal's state at a glance: the status bar's snapshot (run on a worker thread every few
seconds: a few cheap queries, never on the GUI thread) and `pos-admin status`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from topup_core.money import Money

from .clock import ms_to_datetime
from .ports import ReceiptPrinter, ServerLink, UnitOfWorkFactory
from .terminal import Terminal


@dataclass(frozen=True)
class StatusSnapshot:
    online: bool | None = None  # None: no server configured / not known yet
    last_sync_at: datetime | None = None  # aware
    queued: int = 0  # sales recorded here, not yet acknowledged by the server
    float_available: Money | None = None
    allowance_remaining: Money | None = None  # offline allowance left for this terminal
    printer: str | None = None  # the printer's state line; None: not known
    printer_ready: bool | None = None  # None: cannot tell (a link that does not report status)
    sync_error: str | None = None  # last sync problem, one line, for the tooltip
    oldest_queued_at: datetime | None = None

    @property
    def can_sell(self) -> Money | None:
        """The one number the clerk can act on (issue 12): how much more this till can sell now.
        The server takes every sale's float cost from this terminal's offline allowance first, then
        from the agent's available float (docs/PROTOCOL.md); offline only the allowance is there."""
        if self.online is None or (self.float_available is None and self.allowance_remaining is None):
            return None
        if not self.online:
            return self.allowance_remaining
        parts = [m for m in (self.allowance_remaining, self.float_available) if m is not None]
        total = parts[0]
        for m in parts[1:]:
            total = total + m
        return total


class TerminalStatus:
    def __init__(self, uow: UnitOfWorkFactory, terminal: Terminal, link: ServerLink | None = None,
                 printer: ReceiptPrinter | None = None, data_dir: str = "", db_size=None) -> None:  # noqa: ANN001
        self.uow = uow
        self.terminal = terminal
        self.link = link
        self.printer = printer
        self.data_dir = data_dir
        self.db_size = db_size or (lambda: 0)

    def snapshot(self) -> StatusSnapshot:
        """What the status bar shows. Safe to call from any thread."""
        with self.uow(write=False) as uow:
            queued, oldest_ms = uow.sales.queued_summary()
        oldest = ms_to_datetime(oldest_ms) if oldest_ms is not None else None
        printer = self.printer.printer_line() if self.printer is not None else None
        ready = self.printer.printer_ready() if self.printer is not None else None
        if self.link is None or not self.link.enrolled:
            return StatusSnapshot(online=None, queued=queued, printer=printer, printer_ready=ready,
                                  oldest_queued_at=oldest)
        st = self.link.status()
        return StatusSnapshot(online=st.online, last_sync_at=st.last_sync_at, queued=queued,
                              float_available=st.float_available, allowance_remaining=st.allowance_remaining,
                              printer=printer, printer_ready=ready, sync_error=st.last_error, oldest_queued_at=oldest)

    def summary(self) -> dict[str, Any]:
        """`pos-admin status`."""
        terminal = self.terminal.info
        with self.uow(write=False) as uow:
            catalog = uow.catalogs.latest()
            by_status = uow.sales.count_by_status()
            pending = uow.outbox.pending_count()
            users = len(uow.users.list())
        return {
            "data_dir": self.data_dir,
            "terminal_id": terminal.terminal_id or "(not initialised)",
            "terminal_code": terminal.terminal_code,
            "shop": terminal.shop_name,
            "server_url": terminal.server_url or "(not enrolled)",
            "catalog_version": catalog.version if catalog else "(none)",
            "users": users,
            "sales": sum(by_status.values()),
            "sales_by_status": ", ".join(f"{k}={v}" for k, v in sorted(by_status.items())) or "-",
            "outbox_pending": pending,
            "database_bytes": self.db_size(),
        }
