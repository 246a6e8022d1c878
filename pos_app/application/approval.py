"""Who approved a protected action, and why (cancel, reverse, close the day, close a shift)."""
from __future__ import annotations

from datetime import datetime

from topup_core.errors import NotFound, ValidationError
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission

from .ports import UnitOfWork

MAX_REASON = 300


def approving(actor: Actor, approver: Actor | None, permission: Permission, now: datetime) -> Actor:
    """The person whose authority covers the action: the approver, or the actor acting alone.
    The actor's own session must still be valid either way."""
    actor.require(Permission.VIEW_OWN_SALES, now)
    who = approver or actor
    who.require(permission, now)
    return who


def sale_to_fix(uow: UnitOfWork, sale_id: str, terminal_code: str) -> SaleRecord:
    """The sale a cancellation or a reversal is about (read in the fix's own transaction)."""
    sale = uow.sales.get(sale_id, terminal_code)
    if sale is None:
        raise NotFound("sale_unknown", "There is no such sale.")
    return sale


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("reason_required", "Say why, in a few words.")
    return text[:MAX_REASON]
