"""First-run setup as plain calls (the wizard in pos_app/ui/setup is a thin front end over these):
the country's defaults, create the first manager, choose the printer, name the shop. Enrolling
with the prepaid server is its own use case (enroll.py)."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies

from topup_core.errors import ValidationError
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Role

from . import settings as bs
from .auth import Auth, validate_pin
from .ports import PrinterSetup, ReceiptPrinter, UnitOfWorkFactory
from .setup import Setup
from .terminal import Terminal

log = logging.getLogger(__name__)

def country_defaults(country: str) -> tuple[str, str]:
    """(currency, time zone) most likely for a country, e.g. ("XOF", "Africa/Dakar") for SN."""
    country = (country or "").upper()
    currencies = get_territory_currencies(country) if country else []
    zones = get_global("territory_zones").get(country, [])
    return (currencies[0] if currencies else ""), (zones[0] if zones else "UTC")


def country_zones(country: str) -> list[str]:
    """The time zones of a country, most likely first (UTC when babel knows none)."""
    return list(get_global("territory_zones").get((country or "").upper(), [])) or ["UTC"]


def country_names(language: str = "en") -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the given language."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale.parse("en").territories
    return sorted(((code, name) for code, name in territories.items() if re.fullmatch(r"[A-Z]{2}", code)
                   and code not in ("ZZ", "EU", "EZ", "UN", "XA", "XB", "QO")), key=lambda pair: pair[1])


def suggest_username(display_name: str) -> str:
    first = re.sub(r"[^a-z0-9]", "", (display_name or "").strip().split(" ")[0].lower()) if display_name else ""
    if not first or not first[0].isalpha():
        first = "manager"
    return first[:32] if len(first) >= 2 else first + "1"


@dataclass
class SetupPlan:
    """Everything the wizard collects (except enrollment, done on its own page)."""

    shop_name: str
    shop_address: str = ""
    country: str = bs.COUNTRY.default
    currency: str = bs.CURRENCY.default
    timezone: str = ""
    printer_uri: str = ""  # "": PDF files in the data directory
    manager_name: str = ""  # "": no new manager (re-run by an admin)
    manager_username: str = ""
    manager_pin: str = field(default="", repr=False)
    extra: dict[str, Any] = field(default_factory=dict)  # more business settings (Setting -> value)


class FirstRun:
    """What the setup wizard (and its re-run from Settings) does, as plain calls."""

    def __init__(self, uow: UnitOfWorkFactory, setup: Setup, settings: bs.BusinessSettings, auth: Auth,
                 terminal: Terminal, printer: ReceiptPrinter, printers: PrinterSetup) -> None:
        self.uow = uow
        self.setup = setup
        self.settings = settings
        self.auth = auth
        self.terminal = terminal
        self.printer = printer
        self.printers = printers

    def current(self) -> dict[str, Any]:
        """What is stored already (a re-run, or a half-finished first run), by setting key, plus
        `_enrolled` ((terminal code, server) or None) and `_has_manager`."""
        self.settings.refresh()
        values: dict[str, Any] = {s.key: v for s, v in self.settings.values().items()}
        server = values.get(bs.SERVER_URL.key)
        values["_enrolled"] = (values[bs.TERMINAL_CODE.key], server) if server else None
        values["_has_manager"] = self.has_manager()
        return values

    def usb_printers(self) -> list[Any]:
        """USB receipt printers attached here (blocking; [] where the OS does not let us look)."""
        return self.printers.list_usb()

    def test_page(self, uri: str) -> tuple[bool, str]:
        """Print a test page on `uri` now: (printed?, what happened). Blocking."""
        return self.printers.test_page(self.printer.check_uri(uri.strip()))

    def save_settings(self, actor: Actor, changes: dict[bs.Setting[Any], Any]) -> dict[str, str]:
        """The Settings screen: store business settings (audited; a printer address is checked
        first), then let the running terminal see them."""
        if changes.get(bs.PRINTER_URI):
            self.printer.check_uri(changes[bs.PRINTER_URI])
        changed = self.settings.update(actor, changes)
        self.terminal.refresh()
        return changed

    def has_manager(self) -> bool:
        with self.uow(write=False) as uow:
            return any(u.active and u.role in (Role.MANAGER.value, Role.ADMIN.value) for u in uow.users.list())

    def needs_setup(self) -> bool:
        """True until the terminal is initialised and has someone who can manage it."""
        return not self.setup.is_initialised() or not self.has_manager()

    def default_printer_uri(self) -> str:
        """Until a printer is set up, receipts become PDF files in the data directory."""
        return self.printer.default_uri()

    def apply(self, plan: SetupPlan, actor: Actor = LOCAL_ADMIN) -> str:
        """Initialise the terminal (if needed), store the business settings, create the first
        manager and set the printer. Returns the terminal id. Blocking: run it through the TaskRunner."""
        if not plan.shop_name.strip():
            raise ValidationError("shop_name_empty", "Type the shop's name: it is printed on every receipt.")
        if plan.printer_uri:
            self.printer.check_uri(plan.printer_uri)  # refuse an address we cannot use before writing anything
        timezone = plan.timezone or country_defaults(plan.country)[1]
        changes: dict[bs.Setting[Any], Any] = {
            bs.SHOP_NAME: plan.shop_name.strip(), bs.SHOP_ADDRESS: plan.shop_address.strip(),
            bs.COUNTRY: plan.country.upper(), bs.CURRENCY: plan.currency.upper(), bs.TIMEZONE: timezone,
            bs.PRINTER_URI: plan.printer_uri.strip(), **plan.extra,
        }
        if plan.manager_name or plan.manager_pin:
            validate_pin(plan.manager_pin)  # before anything is written
        terminal_id = self.setup.initialise(changes, actor)
        self.settings.update(actor, changes)
        if plan.manager_name or plan.manager_pin:
            username = plan.manager_username or suggest_username(plan.manager_name)
            self.auth.add_user(actor, username, plan.manager_name, Role.MANAGER, plan.manager_pin)
        self.terminal.refresh()
        return terminal_id
