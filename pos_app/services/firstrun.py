"""First-run setup as plain calls (the wizard in pos_app/ui/setup is a thin front end over these):
enroll with the prepaid server, create the first manager, choose the printer, name the shop."""
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
from pos_app.store.uow import UnitOfWork

from . import settings as bs
from .setup import initialise, is_initialised

log = logging.getLogger(__name__)

# Languages the UI ships (English is the source language; see resources/translations/).
LANGUAGES = (("en", "English"), ("fr", "Français"))


def needs_setup(services) -> bool:  # noqa: ANN001
    """True until the terminal is initialised and has someone who can manage it."""
    if not is_initialised(services.db):
        return True
    with UnitOfWork(services.db, write=False) as uow:
        return not any(u.active and u.role in (Role.MANAGER.value, Role.ADMIN.value) for u in uow.users.list())


def has_manager(services) -> bool:  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        return any(u.active and u.role in (Role.MANAGER.value, Role.ADMIN.value) for u in uow.users.list())


def country_defaults(country: str) -> tuple[str, str]:
    """(currency, time zone) most likely for a country, e.g. ("XOF", "Africa/Dakar") for SN."""
    country = (country or "").upper()
    currencies = get_territory_currencies(country) if country else []
    zones = get_global("territory_zones").get(country, [])
    return (currencies[0] if currencies else ""), (zones[0] if zones else "UTC")


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


@dataclass(frozen=True)
class EnrollResult:
    terminal_code: str
    server_url: str
    catalog_version: int | None
    country: str | None
    currency: str | None
    warning: str | None = None


def enroll_terminal(services, server_url: str, code: str, label: str) -> EnrollResult:  # noqa: ANN001
    """Enroll with the server's one-time code, then fetch the catalog and float. Blocking: run it
    through the UI's TaskRunner. The engine used here is thrown away: the running app's one sync
    worker (pos_app.runtime) is created after setup, so its hooks on the sale service are removed."""
    from pos_app.sync.engine import SyncEngine

    server_url = (server_url or "").strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", server_url):
        raise ValidationError("server_url_invalid", "The server address starts with https:// or http://.")
    if not (code or "").strip():
        raise ValidationError("enrollment_code_empty", "Type the enrollment code from the server's administrator.")
    sources = [s for s in (services.sales, getattr(services, "fixes", None), getattr(services, "reports", None))
               if s is not None]
    saved = {id(s): {name: list(getattr(s, name)) for name in ("guards", "on_recorded", "on_queued")
                     if hasattr(s, name)} for s in sources}
    engine = SyncEngine(services)
    try:
        creds = engine.enroll(server_url, code, label)
        version = country = currency = warning = None
        try:
            version = engine.pull_catalog()
            catalog = services.catalogs.current()
            currency = catalog.currency
            country = getattr(catalog, "country", None)
            engine.refresh_float()
        except Exception as exc:  # noqa: BLE001 - enrolled is what matters; the worker catches up later
            warning = str(getattr(exc, "message", exc))
            log.warning("enrolled, but the first catalog/float fetch failed: %s", warning)
        return EnrollResult(creds.terminal_code, creds.server_url, version, country, currency, warning)
    finally:
        if engine.client is not None:
            engine.client.close()
        for source in sources:
            for name, before in saved[id(source)].items():
                getattr(source, name)[:] = before


@dataclass
class SetupPlan:
    """Everything the wizard collects (except enrollment, done on its own page)."""

    shop_name: str
    shop_address: str = ""
    country: str = "KE"
    currency: str = "KES"
    timezone: str = ""
    printer_uri: str = ""  # "": PDF files in the data directory
    manager_name: str = ""  # "": no new manager (re-run by an admin)
    manager_username: str = ""
    manager_pin: str = field(default="", repr=False)
    extra: dict[str, Any] = field(default_factory=dict)  # more business settings (Setting -> value)


def apply_setup(services, plan: SetupPlan, actor: Actor = LOCAL_ADMIN) -> str:  # noqa: ANN001
    """Initialise the terminal (if needed), store the business settings, create the first manager
    and set the printer. Returns the terminal id. Blocking: run it through the TaskRunner."""
    from pos_app.printing.uri import parse_printer_uri

    if not plan.shop_name.strip():
        raise ValidationError("shop_name_empty", "Type the shop's name: it is printed on every receipt.")
    if plan.printer_uri:
        parse_printer_uri(plan.printer_uri)  # refuse an address we cannot use before writing anything
    timezone = plan.timezone or country_defaults(plan.country)[1]
    changes: dict[bs.Setting[Any], Any] = {
        bs.SHOP_NAME: plan.shop_name.strip(), bs.SHOP_ADDRESS: plan.shop_address.strip(),
        bs.COUNTRY: plan.country.upper(), bs.CURRENCY: plan.currency.upper(), bs.TIMEZONE: timezone,
        bs.PRINTER_URI: plan.printer_uri.strip(), **plan.extra,
    }
    if plan.manager_name or plan.manager_pin:
        from .auth import validate_pin
        validate_pin(plan.manager_pin)  # before anything is written
    terminal_id = initialise(services.db, services.clock, {s.key: s.dump(v) for s, v in changes.items()}, actor)
    bs.BusinessSettings(services.db, services.clock).update(actor, changes)
    if plan.manager_name or plan.manager_pin:
        username = plan.manager_username or suggest_username(plan.manager_name)
        services.auth.add_user(actor, username, plan.manager_name, Role.MANAGER, plan.manager_pin)
    services.sales.refresh_terminal()
    return terminal_id
