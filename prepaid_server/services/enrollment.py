"""Terminal enrollment with a one-time code."""
from __future__ import annotations

import uuid

from sqlalchemy import select, update

from ..domain import ledger
from topup_core.errors import Conflict, NotFound, ValidationError
from ..store.models import Agent, EnrollmentCode, Terminal
from .admin import hash_code, new_secret
from .context import ServerContext
from .ledger_store import ensure_accounts
from topup_core.wire import Enrollment


def enroll(ctx: ServerContext, code: str, label: str) -> Enrollment:
    now = ctx.clock()
    with ctx.transaction() as session:
        row = session.get(EnrollmentCode, hash_code(code))
        if row is None:
            raise NotFound("enrollment_code_invalid", "That enrollment code does not exist.")
        if row.used_at_ms is not None:
            raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
        if row.expires_at_ms <= now:
            raise ValidationError("enrollment_code_expired", "That enrollment code has expired; ask for a new one.")
        terminal_id = str(uuid.uuid4())
        # Conditional update: of two terminals racing with one code, exactly one wins.
        won = session.execute(
            update(EnrollmentCode).where(EnrollmentCode.code_hash == row.code_hash, EnrollmentCode.used_at_ms.is_(None))
            .values(used_at_ms=now, terminal_id=terminal_id)
        ).rowcount
        if won != 1:
            raise Conflict("enrollment_code_used", "That enrollment code has already been used.")
        agent = session.get(Agent, row.agent_id)
        taken = set(session.execute(select(Terminal.code).where(Terminal.code.like(f"{agent.code_prefix}%"))).scalars())
        number = 1
        while f"{agent.code_prefix}{number}" in taken:
            number += 1
        secret = new_secret()
        terminal_code = f"{agent.code_prefix}{number}"
        session.add(Terminal(id=terminal_id, agent_id=agent.id, code=terminal_code, label=label[:120], secret=secret,
                             enrolled_at_ms=now, disabled=False, contiguous_through=0, allowance_reserved=0,
                             allowance_used=0))
        session.flush()
        ensure_accounts(session, [(ledger.allowance_account(terminal_id), agent.currency)])
    return Enrollment(terminal_id, terminal_code, agent.id, secret, now)
