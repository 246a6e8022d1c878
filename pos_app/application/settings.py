"""Typed settings, declared once each with its type and default (after Picard's option registry).

One mechanism, two stores:
* business settings (`BUSINESS`, below) live in the database's settings table, are read through
  `BusinessSettings` (cached in memory: the sale's hot path reads them) and written audited;
* UI preferences (`pos_app.ui.settings.UI`) live in QSettings and are declared the same way.

    from pos_app.application import settings as bs
    app.settings.get(bs.SHOP_NAME)                              # "TopUp shop" until someone sets it
    app.settings.update(actor, {bs.SHOP_NAME: "Mama Mboga", bs.BACKUP_KEEP: 7})   # one audited transaction
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Generic, Iterator, TypeVar

from topup_core.errors import ValidationError
from pos_app.domain.roles import Actor, Permission

from .clock import to_ms
from .ports import Clock, UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    type: type
    description: str = ""
    minimum: int | None = None  # for int settings
    maximum: int | None = None

    def parse(self, raw: object) -> T:
        """A stored value (text, or what QSettings hands back) as a typed value; the default when
        missing or unreadable."""
        if raw is None:
            return self.default
        if self.type is bool:
            if isinstance(raw, bool):
                return raw  # type: ignore[return-value]
            return str(raw).strip().lower() in ("1", "true", "yes", "on")  # type: ignore[return-value]
        if self.type is int:
            try:
                return int(raw)  # type: ignore[return-value, call-overload]
            except (TypeError, ValueError):
                return self.default
        return self.type(raw)

    def dump(self, value: Any) -> str:
        """A value as stored text. Refuses values of the wrong type or out of range."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValidationError("setting_invalid", f"{self.key} is yes or no.", key=self.key)
            return "1" if value else "0"
        if self.type is int:
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValidationError("setting_invalid", f"{self.key} is a whole number.", key=self.key) from None
            if (self.minimum is not None and number < self.minimum) or \
                    (self.maximum is not None and number > self.maximum):
                raise ValidationError("setting_invalid", f"{self.key} must be between {self.minimum} and "
                                      f"{self.maximum}.", key=self.key)
            return str(number)
        return str(value if value is not None else "")


class Registry:
    """The settings of one store, each declared once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._settings: dict[str, Setting[Any]] = {}

    def declare(self, key: str, default: T, type_: type, description: str = "", **limits: int) -> Setting[T]:
        if key in self._settings:
            raise RuntimeError(f"{self.name} setting {key!r} declared twice")
        setting: Setting[T] = Setting(key, default, type_, description, **limits)
        self._settings[key] = setting
        return setting

    def __iter__(self) -> Iterator[Setting[Any]]:
        return iter(self._settings.values())

    def __getitem__(self, key: str) -> Setting[Any]:
        return self._settings[key]

    def __contains__(self, key: object) -> bool:
        return key in self._settings


BUSINESS = Registry("business")
_d = BUSINESS.declare

# --- the shop and this terminal (shown on receipts and the login screen) ---
TERMINAL_ID = _d("terminal_id", "", str, "Terminal id (made when the database is initialised)")
TERMINAL_CODE = _d("terminal_code", "T0", str, "Terminal code (set by the server at enrollment)")
SHOP_NAME = _d("shop_name", "TopUp shop", str, "Shop name on receipts")
SHOP_ADDRESS = _d("shop_address", "", str, "Shop address on receipts")
COUNTRY = _d("country", "KE", str, "Country (ISO 3166 code): phone numbers and formats")
CURRENCY = _d("currency", "KES", str, "Currency (ISO 4217 code)")
TIMEZONE = _d("timezone", "Africa/Nairobi", str, "Time zone of the shop (business day)")
# --- the prepaid server ---
SERVER_URL = _d("server_url", "", str, "Prepaid server address (set at enrollment)")
SERVER_URLS_FALLBACK = _d("server_urls_fallback", "", str,  # issue 13
                          "Other server addresses, tried in order when the first cannot be reached")
OFFLINE_ALLOWANCE = _d("offline_allowance", 0, int, "Float to reserve for selling offline (minor units)", minimum=0)
# --- receipts and the printer ---
PRINTER_URI = _d("printer_uri", "", str, "Receipt printer address; empty: PDF files in the data folder")
PRINTER_KICK_DRAWER = _d("printer_kick_drawer", True, bool, "Open the cash drawer for cash sales")
PRINTER_DRAWER_PIN = _d("printer_drawer_pin", 2, int, "Cash drawer pin (2 or 5)", minimum=2, maximum=5)
RECEIPT_FOOTER = _d("receipt_footer", "Thank you for your business!", str, "Footer text on receipts")
RECEIPT_LOGO_PATH = _d("receipt_logo_path", "", str, "Logo image printed at the top of receipts")
# --- shifts ---
SHIFT_VARIANCE_THRESHOLD = _d("shift_variance_threshold", 20_000, int,
                              "Above this cash-count variance (minor units) a manager approves the close", minimum=0)
# --- automatic backups ---
BACKUP_DAILY = _d("backup_daily", True, bool, "Back the database up once a day while the app runs")
BACKUP_KEEP = _d("backup_keep", 14, int, "How many backups to keep", minimum=1, maximum=365)
# --- issue 15: the customer's statement link ---
STATEMENT_PUBLIC_URL = _d("statement_public_url", "", str,
                          "Public address of the prepaid server (https://...): the receipt's QR opens the "
                          "customer's statement; empty: the QR holds the reference")

TERMINAL_SETTINGS = (TERMINAL_CODE, SHOP_NAME, SHOP_ADDRESS, COUNTRY, CURRENCY, TIMEZONE)


def defaults(settings: tuple[Setting[Any], ...] = TERMINAL_SETTINGS) -> dict[str, str]:
    return {s.key: s.dump(s.default) for s in settings}


def write(uow: UnitOfWork, changes: dict[Setting[Any], Any]) -> dict[str, str]:
    """Inside the caller's transaction: store what differs. Returns what changed (key -> text)."""
    texts = {s.key: s.dump(v) for s, v in changes.items()}  # validate everything before writing
    changed = {k: v for k, v in texts.items() if uow.settings.get(k) != v}
    for key, value in changed.items():
        uow.settings.set(key, value)
    return changed


class BusinessSettings:
    """Typed reads of the settings table (cached; `refresh()` after writing around it) and
    audited writes."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.uow = uow
        self.clock = clock
        self._lock = threading.Lock()
        self._stored: dict[str, str] | None = None

    def _all(self) -> dict[str, str]:
        stored = self._stored
        if stored is None:
            with self.uow(write=False) as uow:
                stored = uow.settings.all()
            with self._lock:
                self._stored = stored
        return stored

    def refresh(self) -> None:
        """Forget the cached values (another transaction wrote settings)."""
        with self._lock:
            self._stored = None

    def raw(self, key: str) -> str | None:
        return self._all().get(key)

    def get(self, setting: Setting[T]) -> T:
        return setting.parse(self._all().get(setting.key))

    def values(self) -> dict[Setting[Any], Any]:
        stored = self._all()
        return {s: s.parse(stored.get(s.key)) for s in BUSINESS}

    def update(self, actor: Actor, changes: dict[Setting[Any], Any]) -> dict[str, str]:
        """Store several settings in one transaction, audited. Returns what changed (key -> text)."""
        actor.require(Permission.CONFIGURE, self.clock.now())
        try:
            with self.uow() as uow:
                changed = write(uow, changes)
                if changed:
                    uow.audit.append(to_ms(self.clock.now()), actor.label, "settings.changed", None,
                                     {"keys": sorted(changed)})
                uow.commit()
        finally:
            self.refresh()
        return changed

# --- issue 11 ---
SERVER_CA_BUNDLE = _d("server_ca_bundle", "", str,
                      "CA bundle (PEM file) to verify the prepaid server's certificate; empty: the system's")
# Not a person's setting: the enrollment request in flight (id, code digest, server), kept until an
# answer so a retry after a cut reply is the same request (the server then returns the same terminal).
ENROLLMENT_REQUEST_KEY = "enrollment_request"
# issue 15: not a person's setting either: the public address the server announced in its float
# reply (`pos-server --public-url`), kept so a receipt printed offline after a restart still links
# the statement. STATEMENT_PUBLIC_URL, when set on the terminal, wins over it.
SERVER_PUBLIC_URL_KEY = "server_public_url"


def statement_public_url(settings: "BusinessSettings") -> str:
    """The address the receipt's statement link uses: the terminal's own setting, else the one the
    server announced, else "" (the QR then holds the reference)."""
    return settings.get(STATEMENT_PUBLIC_URL) or (settings.raw(SERVER_PUBLIC_URL_KEY) or "")
