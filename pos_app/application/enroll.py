"""Enroll this terminal with the prepaid server using the one-time code from its administrator,
then fetch the catalog and the float. Safe to retry. The secret stays in the sync adapter (OS
keyring, or a file only this user can read); the database learns the terminal's id and code."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass

from topup_core.errors import Conflict, DomainError, ValidationError
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Permission

from . import settings as bs
from .catalog import CatalogService
from .clock import to_ms
from .ports import Clock, ServerLink, UnitOfWorkFactory
from .records import Enrollment
from .terminal import Terminal

log = logging.getLogger(__name__)
_URL = re.compile(r"^https?://[^\s/]+")
ENROLL_ATTEMPTS = 3
_RETRIED = frozenset({"network_error", "server_unavailable", "corrupt_reply"})


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

    def unsettled(self) -> int:
        """Work whose outcome is unknown under the current identity: queued sales (sent or not),
        reversals, cancellations and Z reports still waiting for the server's answer."""
        with self.uow(write=False) as uow:
            return uow.outbox.pending_count()

    def _guard_identity(self, drain_first: bool) -> None:
        """Issue 11: a terminal never changes identity while it holds work whose outcome is unknown
        — the server would see those ids come back from a stranger. The old credentials drain first."""
        if not self.link.enrolled:
            return  # a first enrollment: sales made stand-alone go up under the new id
        pending = self.unsettled()
        if pending and drain_first:
            try:
                self.link.drain(max_seconds=120.0)
            except DomainError as exc:
                log.warning("drain before re-enrollment failed: %s (%s)", exc.message, exc.code)
            pending = self.unsettled()
        if pending:
            code = self.terminal.info.terminal_code
            raise Conflict("reenroll_unsettled",
                           f"This terminal ({code}) still has {pending} sale(s) or fix(es) waiting for the server's "
                           "answer. Sync them with the current enrollment first (pos-admin sync, or "
                           "pos-admin enroll --drain-first), then enroll again.", pending=pending)

    def _request_id(self, server_url: str, code: str) -> str:
        """The same request id for a retry of the same code at the same server (kept in the database
        before the call, so a crash or a cut reply retries the same request); a new code, a new id."""
        digest = hashlib.sha256(code.encode()).hexdigest()
        with self.uow() as uow:
            try:
                held = json.loads(uow.settings.get(bs.ENROLLMENT_REQUEST_KEY) or "{}")
            except ValueError:
                held = {}
            if held.get("code_sha256") == digest and held.get("server_url") == server_url and held.get("id"):
                return str(held["id"])
            request_id = str(uuid.uuid4())
            uow.settings.set(bs.ENROLLMENT_REQUEST_KEY, json.dumps(
                {"id": request_id, "code_sha256": digest, "server_url": server_url}))
            uow.commit()
        return request_id

    def _call(self, server_url: str, code: str, label: str, request_id: str) -> Enrollment:
        """A lost reply is retried at once with the same request id (a server that knows the id
        returns the same terminal; an older one says `enrollment_code_used`)."""
        for attempt in range(1, ENROLL_ATTEMPTS + 1):
            try:
                return self.link.enroll(server_url, code, label, request_id=request_id)
            except DomainError as exc:
                if exc.code not in _RETRIED or attempt == ENROLL_ATTEMPTS:
                    raise
                log.warning("enrollment reply lost (%s); retrying with the same request id", exc.code)
        raise AssertionError("unreachable")

    def __call__(self, server_url: str, code: str, label: str = "Till", actor: Actor = LOCAL_ADMIN, *,
                 drain_first: bool = False) -> EnrollResult:
        actor.require(Permission.CONFIGURE, self.clock.now())
        server_url = (server_url or "").strip().rstrip("/")
        if not _URL.match(server_url):
            raise ValidationError("server_url_invalid", "The server address starts with https:// or http://.")
        if not (code or "").strip():
            raise ValidationError("enrollment_code_empty", "Type the enrollment code from the server's administrator.")
        self._guard_identity(drain_first)
        request_id = self._request_id(server_url, code.strip())
        enrollment = self._call(server_url, code.strip(), (label or "Till").strip() or "Till", request_id)
        now_ms = to_ms(self.clock.now())
        with self.uow() as uow:
            # The server names this terminal from now on; earlier sales go up under this id too.
            bs.write(uow, {bs.TERMINAL_ID: enrollment.terminal_id, bs.TERMINAL_CODE: enrollment.terminal_code,
                           bs.SERVER_URL: enrollment.server_url})
            uow.settings.set(bs.ENROLLMENT_REQUEST_KEY, "")  # answered: the next enrollment is a new request
            uow.audit.append(now_ms, "system:enroll", "terminal.enrolled", enrollment.terminal_id,
                             {"server_url": enrollment.server_url, "terminal_code": enrollment.terminal_code,
                              "by": actor.label, "request_id": request_id})
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

    def repoint(self, server_url: str, actor: Actor = LOCAL_ADMIN) -> EnrollResult:
        """Keep this terminal's enrollment and reach its server at a new address (the demo's embedded
        server gets a new port on every start). Never a new identity."""
        actor.require(Permission.CONFIGURE, self.clock.now())
        server_url = (server_url or "").strip().rstrip("/")
        enrollment = self.link.repoint(server_url)
        with self.uow() as uow:
            if bs.write(uow, {bs.SERVER_URL: enrollment.server_url}):
                uow.audit.append(to_ms(self.clock.now()), "system:enroll", "terminal.server_moved",
                                 enrollment.terminal_id, {"server_url": enrollment.server_url, "by": actor.label})
            uow.commit()
        self.terminal.refresh()
        return EnrollResult(enrollment.terminal_code, enrollment.server_url, None, None, None)
