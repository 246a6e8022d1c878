"""Business settings: declared once here, each with its type and default, stored as text in the
database's settings table (after Picard's typed option registry; UI preferences live in
pos_app/ui/settings.py over QSettings instead).

    from pos_app.services import settings as bs
    store = BusinessSettings(services.db, services.clock)
    store.get(bs.SHOP_NAME)                      # -> "TopUp shop" until someone sets it
    store.update(actor, {bs.SHOP_NAME: "Mama Mboga", bs.BACKUP_KEEP: 7})   # one audited transaction

Keys already used elsewhere (terminal.py, printing/settings.py, sync/engine.py) are declared here
with the same key text, so a new setting is added in one place and old databases keep working.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from topup_core.errors import ValidationError
from pos_app.domain.roles import Actor, Permission
from pos_app.store.database import Database
from pos_app.store.uow import UnitOfWork

from .clock import to_ms

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    type: type
    description: str = ""
    minimum: int | None = None  # for int settings
    maximum: int | None = None

    def parse(self, raw: str | None) -> T:
        """The stored text as a typed value; the default when missing or unreadable."""
        if raw is None:
            return self.default
        if self.type is bool:
            return raw.strip().lower() in ("1", "true", "yes", "on")  # type: ignore[return-value]
        if self.type is int:
            try:
                return int(raw)  # type: ignore[return-value]
            except ValueError:
                return self.default
        return self.type(raw)

    def dump(self, value: Any) -> str:
        """A value as stored text. Refuses values of the wrong type or out of range."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValidationError("setting_invalid", f"{self.key} is yes or no.")
            return "1" if value else "0"
        if self.type is int:
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValidationError("setting_invalid", f"{self.key} is a whole number.") from None
            if (self.minimum is not None and number < self.minimum) or \
                    (self.maximum is not None and number > self.maximum):
                raise ValidationError("setting_invalid",
                                      f"{self.key} must be between {self.minimum} and {self.maximum}.")
            return str(number)
        return str(value if value is not None else "")


REGISTRY: dict[str, Setting[Any]] = {}


def _declare(key: str, default: T, type_: type, description: str, **limits: int) -> Setting[T]:
    if key in REGISTRY:
        raise RuntimeError(f"business setting {key!r} declared twice")
    setting = Setting(key, default, type_, description, **limits)
    REGISTRY[key] = setting
    return setting


# --- the shop and this terminal (shown on receipts and the login screen) ---
TERMINAL_CODE = _declare("terminal_code", "T0", str, "Terminal code (set by the server at enrollment)")
SHOP_NAME = _declare("shop_name", "TopUp shop", str, "Shop name on receipts")
SHOP_ADDRESS = _declare("shop_address", "", str, "Shop address on receipts")
COUNTRY = _declare("country", "KE", str, "Country (ISO 3166 code): phone numbers and formats")
CURRENCY = _declare("currency", "KES", str, "Currency (ISO 4217 code)")
TIMEZONE = _declare("timezone", "Africa/Nairobi", str, "Time zone of the shop (business day)")
# --- the prepaid server ---
SERVER_URL = _declare("server_url", "", str, "Prepaid server address (set at enrollment)")
OFFLINE_ALLOWANCE = _declare("offline_allowance", 0, int, "Float to reserve for selling offline (minor units)",
                             minimum=0)
# --- receipts and the printer (printing/settings.py reads and writes these keys) ---
PRINTER_URI = _declare("printer_uri", "", str, "Receipt printer address; empty: PDF files in the data folder")
PRINTER_KICK_DRAWER = _declare("printer_kick_drawer", True, bool, "Open the cash drawer for cash sales")
PRINTER_DRAWER_PIN = _declare("printer_drawer_pin", 2, int, "Cash drawer pin (2 or 5)", minimum=2, maximum=5)
RECEIPT_FOOTER = _declare("receipt_footer", "Thank you for your business!", str,  # = printing.receipt.DEFAULT_FOOTER
                          "Footer text on receipts")
# --- automatic backups ---
BACKUP_DAILY = _declare("backup_daily", True, bool, "Back the database up once a day while the app runs")
BACKUP_KEEP = _declare("backup_keep", 14, int, "How many backups to keep", minimum=1, maximum=365)

TERMINAL_SETTINGS = (TERMINAL_CODE, SHOP_NAME, SHOP_ADDRESS, COUNTRY, CURRENCY, TIMEZONE)


def defaults(settings: tuple[Setting[Any], ...] = TERMINAL_SETTINGS) -> dict[str, str]:
    return {s.key: s.dump(s.default) for s in settings}


class BusinessSettings:
    """Typed reads and audited writes of the settings table."""

    def __init__(self, db: Database, clock) -> None:  # noqa: ANN001
        self.db = db
        self.clock = clock

    def get(self, setting: Setting[T]) -> T:
        with UnitOfWork(self.db, write=False) as uow:
            return setting.parse(uow.settings.get(setting.key))

    def values(self) -> dict[Setting[Any], Any]:
        with UnitOfWork(self.db, write=False) as uow:
            stored = uow.settings.all()
        return {s: s.parse(stored.get(s.key)) for s in REGISTRY.values()}

    def update(self, actor: Actor, changes: dict[Setting[Any], Any]) -> dict[str, str]:
        """Store several settings in one transaction, audited. Returns what changed (key -> text)."""
        actor.require(Permission.CONFIGURE, self.clock.now())
        texts = {s.key: s.dump(v) for s, v in changes.items()}  # validate everything before writing
        with UnitOfWork(self.db) as uow:
            changed = {k: v for k, v in texts.items() if uow.settings.get(k) != v}
            for key, value in changed.items():
                uow.settings.set(key, value)
            if changed:
                uow.audit.append(to_ms(self.clock.now()), actor.label, "settings.changed", None,
                                 {"keys": sorted(changed)})
            uow.commit()
        return changed
