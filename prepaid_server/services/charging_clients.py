"""Charging clients (issue 15): network elements or the usage simulator. Enrolled with a one-time
code like a terminal, they sign every request the same way (topup_core.signing, nonces in the
database) and may only charge. A terminal's credential is refused on the charging API, and a
charging client's on every terminal endpoint (it is not a terminal: `terminal_unknown`)."""
from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from topup_core.errors import AuthenticationError, Conflict, NotFound, PermissionDenied, ValidationError
from topup_core.signing import verify

from ..store.uow import UnitOfWork
from .admin import hash_code, new_secret
from .context import ServerContext
from .secrets_at_rest import sealer_for

_NONCE = re.compile(r"^[0-9a-fA-F]{32,128}$")
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


def authenticate_in(ctx: ServerContext, uow: UnitOfWork, method: str, path_with_query: str, headers,  # noqa: ANN001
                    body: bytes) -> AuthedClient:
    """Verify a charging client's signed request inside the caller's unit of work (same headers and
    message as a terminal's, docs/PROTOCOL.md; the client id goes in X-Terminal-Id)."""
    client_id = headers.get("x-terminal-id")
    timestamp = headers.get("x-timestamp")
    nonce = headers.get("x-nonce")
    signature = headers.get("x-signature")
    if not (client_id and timestamp and nonce and signature):
        raise AuthenticationError("signature_missing", "Sign the request: X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature.")
    record = uow.charging.client_auth(client_id) if len(client_id) <= 36 else None
    if record is None:
        if len(client_id) <= 36 and uow.charging.is_terminal(client_id):
            raise PermissionDenied("charging_not_allowed", "A terminal cannot charge; enroll a charging client.")
        raise AuthenticationError("charging_client_unknown", "This charging client is not enrolled.")
    if not _NONCE.match(nonce):
        raise AuthenticationError("signature_invalid", "X-Nonce must be 16 to 64 random bytes in hex.")
    if not verify(sealer_for(ctx.url).open(client_id, record.secret), signature, method, path_with_query, timestamp,
                  nonce, body):
        raise AuthenticationError("signature_invalid", "The request signature does not match.")
    if record.disabled:  # only after the signature: a caller without the secret learns nothing (issue 11)
        raise PermissionDenied("charging_client_disabled", "This charging client has been disabled.")
    now = ctx.clock()
    try:
        ts = int(timestamp)
    except ValueError:
        raise AuthenticationError("signature_invalid", "X-Timestamp must be epoch milliseconds.") from None
    if abs(now - ts) > ctx.settings.skew_ms:
        raise AuthenticationError("clock_skew", "The client's clock is too far from the server's.", server_time_ms=now)
    if not uow.nonces.add(client_id, nonce.lower(), now + 2 * ctx.settings.skew_ms):
        raise AuthenticationError("nonce_replayed", "This request was already received (nonce replayed).")
    return AuthedClient(record.client_id, record.name)
