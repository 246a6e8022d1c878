"""Verify a terminal's signed request (docs/PROTOCOL.md, Signing). Nonces live in the database so
every server process sees them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from topup_core.errors import AuthenticationError, PermissionDenied
from topup_core.signing import verify

from ..store.uow import UnitOfWork
from .context import ServerContext
from .secrets_at_rest import sealer_for

_NONCE = re.compile(r"^[0-9a-fA-F]{32,128}$")
_PURGE_EVERY = 500


@dataclass(frozen=True)
class AuthedTerminal:
    terminal_id: str
    terminal_code: str
    agent_id: str
    currency: str


_counter = {"n": 0}


def authenticate(ctx: ServerContext, method: str, path_with_query: str, headers, body: bytes) -> AuthedTerminal:  # noqa: ANN001
    """Check the request's signature and remember its nonce, in one committed unit of work."""
    with ctx.uow() as uow:
        who = authenticate_in(ctx, uow, method, path_with_query, headers, body)
        uow.commit()
    return who


def authenticate_in(ctx: ServerContext, uow: UnitOfWork, method: str, path_with_query: str, headers,  # noqa: ANN001
                    body: bytes) -> AuthedTerminal:
    """The same inside the caller's unit of work (which must commit for the nonce to count): a
    request can be authenticated and served in one transaction."""
    terminal_id = headers.get("x-terminal-id")
    timestamp = headers.get("x-timestamp")
    nonce = headers.get("x-nonce")
    signature = headers.get("x-signature")
    if not (terminal_id and timestamp and nonce and signature):
        raise AuthenticationError("signature_missing", "Sign the request: X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature.")
    if len(terminal_id) > 36:
        raise AuthenticationError("terminal_unknown", "This terminal is not enrolled.")
    record = uow.terminals.auth_record(terminal_id)  # read each time: a disable takes effect at once
    if record is None:
        raise AuthenticationError("terminal_unknown", "This terminal is not enrolled.")
    if not _NONCE.match(nonce):
        raise AuthenticationError("signature_invalid", "X-Nonce must be 16 to 64 random bytes in hex.")
    secret = sealer_for(ctx.url).open(terminal_id, record.secret)  # sealed at rest (issue 11)
    if not verify(secret, signature, method, path_with_query, timestamp, nonce, body):
        raise AuthenticationError("signature_invalid", "The request signature does not match.")
    now = ctx.clock()
    try:
        ts = int(timestamp)
    except ValueError:
        raise AuthenticationError("signature_invalid", "X-Timestamp must be epoch milliseconds.") from None
    if abs(now - ts) > ctx.settings.skew_ms:
        raise AuthenticationError("clock_skew", "The terminal's clock is too far from the server's.", server_time_ms=now)
    if record.disabled:  # only after the signature: a caller without the secret learns nothing (issue 11)
        raise PermissionDenied("terminal_disabled", "This terminal has been disabled.")
    # Kept twice the skew window: a timestamp can be skew early or late.
    if not uow.nonces.add(terminal_id, nonce.lower(), now + 2 * ctx.settings.skew_ms):
        raise AuthenticationError("nonce_replayed", "This request was already received (nonce replayed).")
    _counter["n"] += 1
    if _counter["n"] % _PURGE_EVERY == 0:
        uow.nonces.purge(now)
    return AuthedTerminal(terminal_id, record.code, record.agent_id, record.currency)
