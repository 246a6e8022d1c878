"""Enroll this terminal with the prepaid server using the one-time code from its administrator,
then fetch the catalog and the float. Safe to retry. The secret stays in the sync adapter (OS
keyring, or a file only this user can read); the database learns the terminal's id and code."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from topup_core.errors import DomainError, ValidationError
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Permission

from . import settings as bs
from .catalog import CatalogService
from .clock import to_ms
from .ports import Clock, ServerLink, UnitOfWorkFactory
from .terminal import Terminal

log = logging.getLogger(__name__)
_URL = re.compile(r"^https?://[^\s/]+")


@dataclass(frozen=True)
class EnrollResult:
    terminal_code: str
    server_url: str
    catalog_version: int | None
    country: str | None
    currency: str | None
    warning: str | None = None  # enrolled, but the first catalog/float fetch failed (the worker catches up)


class Enroll:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal, catalogs: CatalogService,
                 link: ServerLink) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.catalogs = catalogs
        self.link = link

    def __call__(self, server_url: str, code: str, label: str = "Till", actor: Actor = LOCAL_ADMIN) -> EnrollResult:
        actor.require(Permission.CONFIGURE, self.clock.now())
        server_url = (server_url or "").strip().rstrip("/")
        if not _URL.match(server_url):
            raise ValidationError("server_url_invalid", "The server address starts with https:// or http://.")
        if not (code or "").strip():
            raise ValidationError("enrollment_code_empty", "Type the enrollment code from the server's administrator.")
        enrollment = self.link.enroll(server_url, code.strip(), (label or "Till").strip() or "Till")
        now_ms = to_ms(self.clock.now())
        with self.uow() as uow:
            # The server names this terminal from now on; earlier sales go up under this id too.
            bs.write(uow, {bs.TERMINAL_ID: enrollment.terminal_id, bs.TERMINAL_CODE: enrollment.terminal_code,
                           bs.SERVER_URL: enrollment.server_url})
            uow.audit.append(now_ms, "system:enroll", "terminal.enrolled", enrollment.terminal_id,
                             {"server_url": enrollment.server_url, "terminal_code": enrollment.terminal_code,
                              "by": actor.label})
            uow.commit()
        self.terminal.refresh()
        version = country = currency = warning = None
        try:
            version = self.link.pull_catalog()
            catalog = self.catalogs.current()
            currency, country = catalog.currency, catalog.country
            self.link.refresh_float()
        except DomainError as exc:  # enrolled is what matters; the worker catches up later
            warning = exc.message
            log.warning("enrolled, but the first catalog/float fetch failed: %s (%s)", exc.message, exc.code)
        except Exception as exc:  # noqa: BLE001 - the same, for a failure nobody foresaw
            warning = f"{type(exc).__name__}: {exc}"
            log.exception("enrolled, but the first catalog/float fetch failed")
        return EnrollResult(enrollment.terminal_code, enrollment.server_url, version, country, currency, warning)
