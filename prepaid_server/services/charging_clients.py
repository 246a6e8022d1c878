"""Charging clients (issue 15): network elements or the usage simulator. Enrolled with a one-time
code like a terminal, they sign every request the same way (topup_core.signing, nonces in the
database) and may only charge. A terminal's credential is refused on the charging API, and a
charging client's on every terminal endpoint (it is not a terminal: `terminal_unknown`)."""
from __future__ import annotations

import secrets
import threading
import time
import uuid
from dataclasses import dataclass

from topup_core.errors import AuthenticationError, Conflict, NotFound, PermissionDenied, ValidationError
from ..store.uow import UnitOfWork
from ..store.repositories.charging import ClientAuth
from .admin import hash_code, new_secret
from .auth import CredentialKind, check_signature
from .context import ServerContext
from .secrets_at_rest import sealer_for

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class AuthedClient:
    client_id: str
    name: str


@dataclass(frozen=True)
class ClientEnrollment:
    client_id: str
    name: str
    secret: str
    server_time_ms: int


def add_client_code(ctx: ServerContext, name: str, ttl_ms: int | None = None) -> str:
    """A one-time code that enrolls one charging client called `name` (`pos-server charging-client add`)."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError("charging_client_name_invalid", "A charging client needs a name of 1 to 120 characters.")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    now = ctx.clock()
    ttl = ctx.settings.enrollment_code_ttl_ms if ttl_ms is None else ttl_ms
    with ctx.uow() as uow:
        uow.charging.add_code(hash_code(code), name, now, now + ttl)
        uow.commit()
    return "-".join(code[i:i + 4] for i in range(0, 12, 4))


def enroll(ctx: ServerContext, code: str) -> ClientEnrollment:
    now = ctx.clock()

    def work(uow: UnitOfWork) -> ClientEnrollment:
        row = uow.charging.code(hash_code(code))
        if row is None:
            raise NotFound("enrollment_code_invalid", "That enrollment code does not exist.")
        if row.used_at_ms is not None:
            raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
        if row.expires_at_ms <= now:
            raise ValidationError("enrollment_code_expired", "That enrollment code has expired; ask for a new one.")
        client_id = str(uuid.uuid4())
        if not uow.charging.claim_code(row.code_hash, client_id, now):
            raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
        secret = new_secret()
        # sealed at rest under the server key, like terminal secrets (issue 11)
        uow.charging.add_client(client_id, row.name, sealer_for(ctx.url).seal(client_id, secret), now)
        return ClientEnrollment(client_id, row.name, secret, now)

    return ctx.run(work)


def list_clients(ctx: ServerContext) -> list[tuple[str, str, int, bool]]:
    with ctx.uow() as uow:
        return uow.charging.list_clients()


def set_disabled(ctx: ServerContext, client_id: str, disabled: bool) -> None:
    with ctx.uow() as uow:
        if not uow.charging.set_client_disabled(client_id, disabled):
            raise NotFound("charging_client_unknown", f"There is no charging client {client_id}.")
        uow.commit()
    forget_client(ctx, client_id)


CHARGING_CLIENT = CredentialKind("charging_client_unknown", "This charging client is not enrolled.",
                                 "charging_client_disabled", "This charging client has been disabled.", "client")
_cache_lock = threading.Lock()


def _credentials(ctx: ServerContext, uow: UnitOfWork, client_id: str) -> ClientAuth | None:
    """The client's auth record, read at most once per `terminal_cache_ms` per process (like a
    terminal's, services/auth.py: a disable is seen by this process at once, by others within that
    time). An unknown id is not cached, and is refused as a terminal when it is one."""
    key = ("charging", client_id)
    now = time.monotonic()
    hit = ctx.terminal_cache.get(key)
    if hit is not None and now < hit[0]:
        return hit[1]
    record = uow.charging.client_auth(client_id)
    if record is None:
        if uow.charging.is_terminal(client_id):
            raise PermissionDenied("charging_not_allowed", "A terminal cannot charge; enroll a charging client.")
        return None
    with _cache_lock:
        if len(ctx.terminal_cache) > 100_000:
            ctx.terminal_cache.clear()
        ctx.terminal_cache[key] = (now + ctx.settings.terminal_cache_ms / 1000, record)
    return record


def forget_client(ctx: ServerContext, client_id: str) -> None:
    with _cache_lock:
        ctx.terminal_cache.pop(("charging", client_id), None)


def authenticate_in(ctx: ServerContext, uow: UnitOfWork, method: str, path_with_query: str, headers,  # noqa: ANN001
                    body: bytes) -> AuthedClient:
    """Verify a charging client's signed request inside the caller's unit of work (same headers,
    message and checks as a terminal's: services/auth.check_signature; the client id goes in
    X-Terminal-Id). The nonce is recorded in `uow`, so it counts with the charge it comes with."""
    client_id, record, nonce, now = check_signature(ctx, CHARGING_CLIENT, lambda c: _credentials(ctx, uow, c),
                                                    method, path_with_query, headers, body)
    if not uow.nonces.add(client_id, nonce, now + 2 * ctx.settings.skew_ms):
        raise AuthenticationError("nonce_replayed", "This request was already received (nonce replayed).")
    return AuthedClient(record.client_id, record.name)
