"""Terminal enrollment with a one-time code, safe to retry (issue 11): the client's
`enrollment_request_id` is stored with the code, and a retry with the same code and the same
request id gets the same terminal back. Concurrent enrollments never collide on a terminal code:
an agent's enrollments are serialised on the agent row, and a clash across agents sharing a prefix
runs the enrollment again."""
from __future__ import annotations

import base64
import uuid

from topup_core.errors import Conflict, NotFound, StoreUnavailable, ValidationError
from topup_core.wire import Enrollment

from ..domain import ledger
from ..store.errors import KeyConflict
from ..store.repositories.terminals import NewTerminal
from ..store.uow import UnitOfWork
from .admin import hash_code, new_secret
from .context import ServerContext
from .secrets_at_rest import sealer_for

_ATTEMPTS = 6


def _used() -> Conflict:
    return Conflict("enrollment_code_used", "That enrollment code has already been used.")


def enroll(ctx: ServerContext, code: str, label: str, request_id: str | None = None) -> Enrollment:
    now = ctx.clock()
    for _attempt in range(_ATTEMPTS):
        try:
            with ctx.uow() as uow:
                result = _enroll_in(ctx, uow, code, label, request_id, now)
                uow.commit()
                return result
        except KeyConflict:
            continue  # another enrollment took the same terminal code: number again
    raise StoreUnavailable("store_busy", "Concurrent enrollments collided; retry with the same request id.")


def _again(ctx: ServerContext, uow: UnitOfWork, code_hash: str, request_id: str | None) -> Enrollment:
    """A used code: the same terminal again when the request id matches, else refused."""
    used_for, terminal_id = uow.hardening.code_request(code_hash)
    if request_id is None or used_for != request_id or terminal_id is None:
        raise _used()
    terminal = uow.hardening.identity(terminal_id)
    if terminal is None or terminal.disabled:
        raise _used()
    secret = sealer_for(ctx.url).open(terminal.id, terminal.secret)
    return Enrollment(terminal.id, terminal.code, terminal.agent_id, base64.b64encode(secret).decode(), ctx.clock())


def _enroll_in(ctx: ServerContext, uow: UnitOfWork, code: str, label: str, request_id: str | None,
               now: int) -> Enrollment:
    code_hash = hash_code(code)
    row = uow.enrollment_codes.get(code_hash)
    if row is None:
        raise NotFound("enrollment_code_invalid", "That enrollment code does not exist.")
    if row.used_at_ms is not None:
        return _again(ctx, uow, code_hash, request_id)
    if row.expires_at_ms <= now:
        raise ValidationError("enrollment_code_expired", "That enrollment code has expired; ask for a new one.")
    terminal_id = str(uuid.uuid4())
    if not uow.hardening.claim(code_hash, terminal_id, request_id, now):
        return _again(ctx, uow, code_hash, request_id)  # a concurrent request used it first
    uow.hardening.lock_agent(row.agent_id)
    agent = uow.agents.get(row.agent_id)
    taken = uow.terminals.codes_with_prefix(agent.code_prefix)
    number = 1
    while f"{agent.code_prefix}{number}" in taken:
        number += 1
    secret = new_secret()
    terminal_code = f"{agent.code_prefix}{number}"
    sealed = sealer_for(ctx.url).seal(terminal_id, secret)
    uow.terminals.add(NewTerminal(terminal_id, agent.id, terminal_code, label[:120], sealed, now))
    uow.ledger.ensure_accounts([(ledger.allowance_account(terminal_id), agent.currency)])
    return Enrollment(terminal_id, terminal_code, agent.id, secret, now)
