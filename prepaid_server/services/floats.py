"""The agent's float and a terminal's offline allowance (reserved from the float up front)."""
from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain import ledger
from topup_core.errors import ValidationError
from ..store.models import Agent, Terminal
from .auth import AuthedTerminal
from .context import ServerContext
from .ledger_store import apply_postings, balance, lock_balance
from topup_core.wire import AllowanceView, FloatView


def agent_limit(session: Session, agent_id: str) -> int:
    return session.execute(select(Agent.float_limit).where(Agent.id == agent_id)).scalar_one()


def float_view_in(session: Session, who: AuthedTerminal, *, float_balance: int | None = None,
                  allowance_remaining: int | None = None) -> FloatView:
    limit = agent_limit(session, who.agent_id)
    if float_balance is None:
        float_balance = balance(session, ledger.float_account(who.agent_id))
    if allowance_remaining is None:
        allowance_remaining = balance(session, ledger.allowance_account(who.terminal_id))
    reserved, used = session.execute(select(Terminal.allowance_reserved, Terminal.allowance_used)
                                     .where(Terminal.id == who.terminal_id)).one()
    return FloatView(who.currency, float_balance, limit, max(0, float_balance - limit),
                     AllowanceView(reserved, used, allowance_remaining))


def float_view(ctx: ServerContext, who: AuthedTerminal) -> FloatView:
    with ctx.transaction() as session:
        return float_view_in(session, who)


def reserve(ctx: ServerContext, who: AuthedTerminal, amount: int) -> FloatView:
    """Bring this terminal's unused allowance up to `amount`, as far as the available float allows."""
    if type(amount) is not int or amount < 0:
        raise ValidationError("amount_invalid", "The allowance is a whole, non-negative number of minor units.")
    with ctx.transaction() as session:
        float_balance = lock_balance(session, ledger.float_account(who.agent_id)) or 0
        remaining = lock_balance(session, ledger.allowance_account(who.terminal_id)) or 0
        available = max(0, float_balance - agent_limit(session, who.agent_id))
        grant = min(max(0, amount - remaining), available)
        if grant:
            apply_postings(session, [ledger.reserve_allowance(f"allowance:{uuid.uuid4()}", who.agent_id,
                                                              who.terminal_id, who.currency, grant)], ctx.clock())
            session.execute(update(Terminal).where(Terminal.id == who.terminal_id)
                            .values(allowance_reserved=Terminal.allowance_reserved + grant))
        return float_view_in(session, who, float_balance=float_balance - grant, allowance_remaining=remaining + grant)


def release(ctx: ServerContext, who: AuthedTerminal) -> FloatView:
    """Return the unused allowance to the float; the counters start again from zero."""
    with ctx.transaction() as session:
        float_balance = lock_balance(session, ledger.float_account(who.agent_id)) or 0
        remaining = lock_balance(session, ledger.allowance_account(who.terminal_id)) or 0
        if remaining:
            apply_postings(session, [ledger.release_allowance(f"allowance:{uuid.uuid4()}", who.agent_id,
                                                              who.terminal_id, who.currency, remaining)], ctx.clock())
        session.execute(update(Terminal).where(Terminal.id == who.terminal_id)
                        .values(allowance_reserved=0, allowance_used=0))
        return float_view_in(session, who, float_balance=float_balance + remaining, allowance_remaining=0)
