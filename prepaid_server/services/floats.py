"""The agent's float and a terminal's offline allowance (reserved from the float up front)."""
from __future__ import annotations

import uuid

from topup_core.errors import ValidationError
from topup_core.wire import AllowanceView, FloatView

from ..domain import ledger
from ..store.uow import UnitOfWork
from .auth import AuthedTerminal
from .context import ServerContext


def float_view_in(uow: UnitOfWork, who: AuthedTerminal, *, float_balance: int | None = None,
                  allowance_remaining: int | None = None) -> FloatView:
    limit = uow.agents.float_limit(who.agent_id)
    if float_balance is None:
        float_balance = uow.ledger.balance(ledger.float_account(who.agent_id))
    if allowance_remaining is None:
        allowance_remaining = uow.ledger.balance(ledger.allowance_account(who.terminal_id))
    reserved, used = uow.terminals.allowance_counters(who.terminal_id)
    return FloatView(who.currency, float_balance, limit, max(0, float_balance - limit),
                     AllowanceView(reserved, used, allowance_remaining))


def float_view(ctx: ServerContext, who: AuthedTerminal) -> FloatView:
    with ctx.uow() as uow:
        return float_view_in(uow, who)


def reserve(ctx: ServerContext, who: AuthedTerminal, amount: int) -> FloatView:
    """Bring this terminal's unused allowance up to `amount`, as far as the available float allows."""
    if type(amount) is not int or amount < 0:
        raise ValidationError("amount_invalid", "The allowance is a whole, non-negative number of minor units.")

    def work(uow: UnitOfWork) -> FloatView:
        float_balance = uow.ledger.lock_balance(ledger.float_account(who.agent_id)) or 0
        remaining = uow.ledger.lock_balance(ledger.allowance_account(who.terminal_id)) or 0
        available = max(0, float_balance - uow.agents.float_limit(who.agent_id))
        grant = min(max(0, amount - remaining), available)
        if grant:
            uow.ledger.apply_postings([ledger.reserve_allowance(f"allowance:{uuid.uuid4()}", who.agent_id,
                                                                who.terminal_id, who.currency, grant)], ctx.clock())
            uow.terminals.add_allowance_reserved(who.terminal_id, grant)
        return float_view_in(uow, who, float_balance=float_balance - grant, allowance_remaining=remaining + grant)

    return ctx.run(work)


def release(ctx: ServerContext, who: AuthedTerminal) -> FloatView:
    """Return the unused allowance to the float; the counters start again from zero."""

    def work(uow: UnitOfWork) -> FloatView:
        float_balance = uow.ledger.lock_balance(ledger.float_account(who.agent_id)) or 0
        remaining = uow.ledger.lock_balance(ledger.allowance_account(who.terminal_id)) or 0
        if remaining:
            uow.ledger.apply_postings([ledger.release_allowance(f"allowance:{uuid.uuid4()}", who.agent_id,
                                                                who.terminal_id, who.currency, remaining)], ctx.clock())
        uow.terminals.reset_allowance(who.terminal_id)
        return float_view_in(uow, who, float_balance=float_balance + remaining, allowance_remaining=0)

    return ctx.run(work)
