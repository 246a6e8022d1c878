"""This terminal's identity and business settings (stored in the database, not QSettings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pos_app.store.database import Database
from pos_app.store.uow import UnitOfWork

from .settings import TERMINAL_SETTINGS, defaults


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
        return at.astimezone(ZoneInfo(self.timezone)).date().isoformat()


DEFAULTS = defaults(TERMINAL_SETTINGS)  # declared once, in pos_app/services/settings.py


def load_terminal(db: Database) -> TerminalInfo:
    with UnitOfWork(db, write=False) as uow:
        s = uow.settings.all()
    return TerminalInfo(
        terminal_id=s.get("terminal_id", ""),
        terminal_code=s.get("terminal_code", DEFAULTS["terminal_code"]),
        shop_name=s.get("shop_name", DEFAULTS["shop_name"]),
        shop_address=s.get("shop_address", DEFAULTS["shop_address"]),
        country=s.get("country", DEFAULTS["country"]),
        currency=s.get("currency", DEFAULTS["currency"]),
        timezone=s.get("timezone", DEFAULTS["timezone"]),
        server_url=s.get("server_url"),
    )
