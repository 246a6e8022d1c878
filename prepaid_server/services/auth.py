"""Verify a terminal's signed request (docs/PROTOCOL.md, Signing). Nonces live in the database so
every server process sees them.

Two ways in:
- `authenticate(ctx, ...)`: check and record the nonce in its own committed unit of work (reads).
- `verify_request(ctx, ...)` then `SignedRequest.claim_in(uow)`: check the signature against the
  per-process credential cache, and record the nonce inside the caller's transaction, so a sale is
  authenticated and ingested in ONE transaction (one commit, one fsync; issue 13).

The credential cache keeps a terminal's secret and identity for `Settings.terminal_cache_ms`
(1 s): a terminal disabled in any process is refused by every process within that time, and at
once by the process that disabled it (`forget_terminal`).
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from topup_core.errors import AuthenticationError, PermissionDenied
from topup_core.signing import verify

from ..store.repositories.terminals import TerminalAuth
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


@dataclass(frozen=True)
class SignedRequest:
    """A request whose signature checked out; its nonce still has to be recorded (claim_in)."""

    who: AuthedTerminal
    nonce: str
    expires_at_ms: int
    now_ms: int

    def claim_in(self, uow: UnitOfWork) -> None:
        """Record the nonce in `uow` (counts once `uow` commits); a replay raises nonce_replayed."""
        _claim(uow, self.who.terminal_id, self.nonce, self.expires_at_ms, self.now_ms)


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
    signed = _verify(ctx, lambda terminal_id: uow.terminals.auth_record(terminal_id),  # read: a disable is at once
                     method, path_with_query, headers, body)
    signed.claim_in(uow)
    return signed.who


def verify_request(ctx: ServerContext, method: str, path_with_query: str, headers, body: bytes  # noqa: ANN001
                   ) -> SignedRequest:
    """Check the signature with the process's credential cache; no write. The caller records the
    nonce with `claim_in(uow)` in the transaction that serves the request."""
    return _verify(ctx, lambda terminal_id: _credentials(ctx, terminal_id), method, path_with_query, headers, body)


def verify_request_cached(ctx: ServerContext, method: str, path_with_query: str, headers, body: bytes  # noqa: ANN001
                          ) -> SignedRequest | None:
    """`verify_request` when the terminal's credentials are in the cache (pure CPU, no I/O: the
    event loop can run it without a thread hop), else None."""
    terminal_id = headers.get("x-terminal-id")
    hit = ctx.terminal_cache.get(terminal_id) if terminal_id else None
    if hit is None or time.monotonic() >= hit[0]:
        return None
    return _verify(ctx, lambda _id: hit[1], method, path_with_query, headers, body)


@dataclass(frozen=True)
class CredentialKind:
    """What a kind of signed caller (a terminal, a charging client) is called in the errors."""

    unknown_code: str
    unknown_message: str
    disabled_code: str
    disabled_message: str
    who: str  # "terminal", "client": in the clock-skew message


TERMINAL = CredentialKind("terminal_unknown", "This terminal is not enrolled.", "terminal_disabled",
                          "This terminal has been disabled.", "terminal")


def check_signature(ctx: ServerContext, kind: CredentialKind, lookup, method: str, path_with_query: str,  # noqa: ANN001
                    headers, body: bytes):  # noqa: ANN001, ANN201
    """The one signature check of both credential kinds (docs/PROTOCOL.md, Signing): headers
    present, caller known (`lookup(id)` gives a record with `.secret` sealed at rest and
    `.disabled`, or None; it may raise its own refusal), nonce well formed, signature, clock skew,
    then disabled (only after the signature: a caller without the secret learns nothing, issue 11).
    Returns (credential id, record, nonce lowercased, now); the nonce is not recorded here."""
    caller_id = headers.get("x-terminal-id")
    timestamp = headers.get("x-timestamp")
    nonce = headers.get("x-nonce")
    signature = headers.get("x-signature")
    if not (caller_id and timestamp and nonce and signature):
        raise AuthenticationError("signature_missing", "Sign the request: X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature.")
    if len(caller_id) > 36:
        raise AuthenticationError(kind.unknown_code, kind.unknown_message)
    record = lookup(caller_id)
    if record is None:
        raise AuthenticationError(kind.unknown_code, kind.unknown_message)
    if not _NONCE.match(nonce):
        raise AuthenticationError("signature_invalid", "X-Nonce must be 16 to 64 random bytes in hex.")
    secret = sealer_for(ctx.url).open(caller_id, record.secret)  # sealed at rest (issue 11)
    if not verify(secret, signature, method, path_with_query, timestamp, nonce, body):
        raise AuthenticationError("signature_invalid", "The request signature does not match.")
    now = ctx.clock()
    try:
        ts = int(timestamp)
    except ValueError:
        raise AuthenticationError("signature_invalid", "X-Timestamp must be epoch milliseconds.") from None
    if abs(now - ts) > ctx.settings.skew_ms:
        raise AuthenticationError("clock_skew", f"The {kind.who}'s clock is too far from the server's.",
                                  server_time_ms=now)
    if record.disabled:
        raise PermissionDenied(kind.disabled_code, kind.disabled_message)
    return caller_id, record, nonce.lower(), now


def _verify(ctx: ServerContext, lookup, method: str, path_with_query: str, headers, body: bytes  # noqa: ANN001
            ) -> SignedRequest:
    terminal_id, record, nonce, now = check_signature(ctx, TERMINAL, lookup, method, path_with_query, headers, body)
    # Kept twice the skew window: a timestamp can be skew early or late.
    return SignedRequest(AuthedTerminal(terminal_id, record.code, record.agent_id, record.currency),
                         nonce, now + 2 * ctx.settings.skew_ms, now)


def _claim(uow: UnitOfWork, terminal_id: str, nonce: str, expires_at_ms: int, now_ms: int) -> None:
    if not uow.nonces.add(terminal_id, nonce, expires_at_ms):
        raise AuthenticationError("nonce_replayed", "This request was already received (nonce replayed).")
    _counter["n"] += 1
    if _counter["n"] % _PURGE_EVERY == 0:
        uow.nonces.purge(now_ms)
    _note_contact(uow, terminal_id, now_ms)


CONTACT_EVERY_MS = 60_000  # issue 16: a terminal's last contact is written at most once a minute per process
_last_contact: dict[str, int] = {}


def _note_contact(uow: UnitOfWork, terminal_id: str, now_ms: int) -> None:
    """The console's "last contact": one upsert in the request's own transaction, at most once a
    minute per terminal and process (so a busy till costs one write a minute, not one a request)."""
    if now_ms - _last_contact.get(terminal_id, 0) < CONTACT_EVERY_MS:
        return
    if len(_last_contact) > 100_000:
        _last_contact.clear()
    _last_contact[terminal_id] = now_ms
    uow.terminal_contacts.touch(terminal_id, now_ms)


# ------------------------------------------------------------ per-process credential cache

_cache_lock = threading.Lock()


def _credentials(ctx: ServerContext, terminal_id: str) -> TerminalAuth | None:
    """The terminal's auth record, read at most once per `terminal_cache_ms` per process."""
    cache = ctx.terminal_cache
    now = time.monotonic()
    hit = cache.get(terminal_id)
    if hit is not None and now < hit[0]:
        return hit[1]
    with ctx.uow() as uow:  # read-only: no commit, no fsync
        record = uow.terminals.auth_record(terminal_id)
    if record is not None:  # an unknown id is not cached: its enrollment must be seen at once
        with _cache_lock:
            if len(cache) > 100_000:
                cache.clear()
            cache[terminal_id] = (now + ctx.settings.terminal_cache_ms / 1000, record)
    return record


def forget_terminal(ctx: ServerContext, terminal_id: str | None = None) -> None:
    """Drop cached credentials (of one terminal, or all) in this process: call after a disable or a
    secret change so this process refuses the old credentials at once."""
    with _cache_lock:
        if terminal_id is None:
            ctx.terminal_cache.clear()
        else:
            ctx.terminal_cache.pop(terminal_id, None)
