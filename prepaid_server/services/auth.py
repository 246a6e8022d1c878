"""Verify a terminal's signed request (docs/PROTOCOL.md, Signing). Nonces live in the database so
every server process sees them."""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from topup_core.signing import verify

from topup_core.errors import AuthenticationError, PermissionDenied
from ..store.models import Agent, Nonce, Terminal
from .context import ServerContext

_NONCE = re.compile(r"^[0-9a-fA-F]{32,128}$")
_PURGE_EVERY = 500


@dataclass(frozen=True)
class AuthedTerminal:
    terminal_id: str
    terminal_code: str
    agent_id: str
    currency: str


_counter = {"n": 0}


def _load_terminal(ctx: ServerContext, terminal_id: str) -> tuple[bytes, AuthedTerminal, bool] | None:
    with ctx.transaction() as session:
        row = session.execute(
            select(Terminal.secret, Terminal.code, Terminal.agent_id, Terminal.disabled, Agent.currency)
            .join(Agent, Agent.id == Terminal.agent_id).where(Terminal.id == terminal_id)
        ).first()
    if row is None:
        return None
    secret, code, agent_id, disabled, currency = row
    return base64.b64decode(secret), AuthedTerminal(terminal_id, code, agent_id, currency), disabled


def authenticate(ctx: ServerContext, method: str, path_with_query: str, headers, body: bytes) -> AuthedTerminal:  # noqa: ANN001
    terminal_id = headers.get("x-terminal-id")
    timestamp = headers.get("x-timestamp")
    nonce = headers.get("x-nonce")
    signature = headers.get("x-signature")
    if not (terminal_id and timestamp and nonce and signature):
        raise AuthenticationError("signature_missing", "Sign the request: X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature.")
    if len(terminal_id) > 36:
        raise AuthenticationError("terminal_unknown", "This terminal is not enrolled.")
    loaded = _load_terminal(ctx, terminal_id)  # reload each time: a disable takes effect at once
    if loaded is None:
        raise AuthenticationError("terminal_unknown", "This terminal is not enrolled.")
    secret, who, disabled = loaded
    if disabled:
        raise PermissionDenied("terminal_disabled", "This terminal has been disabled.")
    if not _NONCE.match(nonce):
        raise AuthenticationError("signature_invalid", "X-Nonce must be 16 to 64 random bytes in hex.")
    if not verify(secret, signature, method, path_with_query, timestamp, nonce, body):
        raise AuthenticationError("signature_invalid", "The request signature does not match.")
    now = ctx.clock()
    try:
        ts = int(timestamp)
    except ValueError:
        raise AuthenticationError("signature_invalid", "X-Timestamp must be epoch milliseconds.") from None
    if abs(now - ts) > ctx.settings.skew_ms:
        raise AuthenticationError("clock_skew", "The terminal's clock is too far from the server's.", server_time_ms=now)
    _remember_nonce(ctx, terminal_id, nonce.lower(), now)
    return who


def _remember_nonce(ctx: ServerContext, terminal_id: str, nonce: str, now: int) -> None:
    # Kept twice the skew window: a timestamp can be skew early or late.
    expires = now + 2 * ctx.settings.skew_ms
    try:
        with ctx.transaction() as session:
            session.execute(insert(Nonce), [{"terminal_id": terminal_id, "nonce": nonce, "expires_at_ms": expires}])
            _counter["n"] += 1
            if _counter["n"] % _PURGE_EVERY == 0:
                session.execute(delete(Nonce).where(Nonce.expires_at_ms < now))
    except IntegrityError:
        raise AuthenticationError("nonce_replayed", "This request was already received (nonce replayed).") from None
