"""This terminal's identity and business settings, and the business day a sale made now belongs to.
Read once and kept in memory: the sale's hot path needs them and must not query for them."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pos_app.domain.reports import open_business_day

from . import settings as bs
from .ports import UnitOfWorkFactory


@dataclass(frozen=True)
class TerminalInfo:
    terminal_id: str
    terminal_code: str
    shop_name: str
    shop_address: str
    country: str
    currency: str
    timezone: str
    server_url: str | None

    def business_day(self, at: datetime) -> str:
        """The shop's local date at `at`."""
        return at.astimezone(ZoneInfo(self.timezone)).date().isoformat()

    def receipt_no(self, seq: int) -> str:
        return f"{self.terminal_code}-{seq:06d}"


class Terminal:
    def __init__(self, settings: bs.BusinessSettings, uow: UnitOfWorkFactory) -> None:
        self.settings = settings
        self.uow = uow
        self._lock = threading.Lock()
        self._info: TerminalInfo | None = None
        self._closed_loaded = False
        self._last_closed_day: str | None = None  # the last day a Z closed (cached; refreshed on Z)

    @property
    def info(self) -> TerminalInfo:
        info = self._info
        if info is None:
            s = self.settings
            info = TerminalInfo(
                terminal_id=s.get(bs.TERMINAL_ID), terminal_code=s.get(bs.TERMINAL_CODE),
                shop_name=s.get(bs.SHOP_NAME), shop_address=s.get(bs.SHOP_ADDRESS), country=s.get(bs.COUNTRY),
                currency=s.get(bs.CURRENCY), timezone=s.get(bs.TIMEZONE), server_url=s.raw(bs.SERVER_URL.key))
            with self._lock:
                self._info = info
        return info

    def refresh(self) -> None:
        """The settings changed (setup, enrollment, the settings screen): read them again."""
        self.settings.refresh()
        with self._lock:
            self._info = None

    # --- the open business day: today's local date, or the day after the last Z ---

    def last_closed_day(self) -> str | None:
        if not self._closed_loaded:
            with self.uow(write=False) as uow:
                last = uow.z_reports.last_closed_day()
            with self._lock:
                self._last_closed_day, self._closed_loaded = last, True
        return self._last_closed_day

    def refresh_open_day(self) -> None:
        """After a Z report: the next sale belongs to the next business day."""
        with self._lock:
            self._closed_loaded = False

    def open_day(self, now: datetime) -> str:
        """The business day a sale made at `now` belongs to (cached: no query on the hot path)."""
        return open_business_day(self.info.business_day(now), self.last_closed_day())
