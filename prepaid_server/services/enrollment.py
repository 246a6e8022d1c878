"""Terminal enrollment with a one-time code."""
from __future__ import annotations

import uuid

from topup_core.errors import Conflict, NotFound, ValidationError
from topup_core.wire import Enrollment

from ..domain import ledger
from ..store.repositories.terminals import NewTerminal
from ..store.uow import UnitOfWork
from .admin import hash_code, new_secret
from .context import ServerContext


def enroll(ctx: ServerContext, code: str, label: str) -> Enrollment:
    now = ctx.clock()
    return ctx.run(lambda uow: _enroll_in(uow, code, label, now))


def _enroll_in(uow: UnitOfWork, code: str, label: str, now: int) -> Enrollment:
    row = uow.enrollment_codes.get(hash_code(code))
    if row is None:
        raise NotFound("enrollment_code_invalid", "That enrollment code does not exist.")
    if row.used_at_ms is not None:
        raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
    if row.expires_at_ms <= now:
        raise ValidationError("enrollment_code_expired", "That enrollment code has expired; ask for a new one.")
    terminal_id = str(uuid.uuid4())
    if not uow.enrollment_codes.claim(row.code_hash, terminal_id, now):
        raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
    agent = uow.agents.get(row.agent_id)
    taken = uow.terminals.codes_with_prefix(agent.code_prefix)
    number = 1
    while f"{agent.code_prefix}{number}" in taken:
        number += 1
    secret = new_secret()
    terminal_code = f"{agent.code_prefix}{number}"
    uow.terminals.add(NewTerminal(terminal_id, agent.id, terminal_code, label[:120], secret, now))
    uow.ledger.ensure_accounts([(ledger.allowance_account(terminal_id), agent.currency)])
    return Enrollment(terminal_id, terminal_code, agent.id, secret, now)
