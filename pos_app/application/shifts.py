"""Shifts: a clerk opens one with an opening cash count and closes it with a count by note and
coin. Expected vs counted per payment method; above the variance threshold (a setting in the
database) a manager must approve, with a reason.

A shift's sales are derived, not stamped: the clerk's sales made between opening and closing.
There is at most one open shift per clerk (a unique partial index), so the window is unambiguous,
and the sale's hot path gains no lookup and the sales table no column. Closing stores the
reconciliation, and a closed shift never changes (guard trigger).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Mapping

from topup_core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from topup_core.ids import uuid7
from topup_core.money import Money
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.shift import (CashCount, MethodVariance, counted_by_method, expected_by_method, needs_approval,
                                  reconcile)

from . import settings as bs
from .approval import clean_reason
from .clock import to_ms
from .ports import Clock, UnitOfWork, UnitOfWorkFactory
from .records import ShiftRow
from .terminal import Terminal


@dataclass(frozen=True)
class ShiftView:
    id: str
    clerk_id: str
    clerk_name: str
    state: str
    opened_at_ms: int
    opening_float: Money
    closed_at_ms: int | None = None
    closed_by: str | None = None
    approved_by: str | None = None
    reason: str | None = None
    reconciliation: tuple[MethodVariance, ...] = ()
    sales_count: int | None = None


@dataclass(frozen=True)
class ClosePreview:
    shift: ShiftView
    expected: dict[str, Money]  # per payment method
    sales_count: int
    threshold: Money


def _view(row: ShiftRow, clerk_name: str) -> ShiftView:
    rec = ()
    if row.reconciliation:
        rec = tuple(MethodVariance(d["method"], Money(d["expected"], row.currency), Money(d["counted"], row.currency))
                    for d in json.loads(row.reconciliation))
    return ShiftView(row.id, row.clerk_id, clerk_name, row.state, row.opened_at_ms,
                     Money(row.opening_float, row.currency), row.closed_at_ms, row.closed_by, row.approved_by,
                     row.close_reason, rec, row.sales_count)


class Shifts:
    """Open a shift with a cash count, close it with a count (a manager approves a big variance)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal,
                 settings: bs.BusinessSettings) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.settings = settings

    @property
    def currency(self) -> str:
        return self.terminal.info.currency

    # ------------------------------------------------------------ settings

    def variance_threshold(self) -> Money:
        return Money(self.settings.get(bs.SHIFT_VARIANCE_THRESHOLD), self.currency)

    def set_variance_threshold(self, actor: Actor, amount: int) -> Money:
        if type(amount) is not int or amount < 0:
            raise ValidationError("amount_invalid", "The threshold is a whole, non-negative number of minor units.")
        self.settings.update(actor, {bs.SHIFT_VARIANCE_THRESHOLD: amount})
        return Money(amount, self.currency)

    # ------------------------------------------------------------ open

    def current(self, actor: Actor) -> ShiftView | None:
        """The actor's open shift, if any."""
        actor.require(Permission.SELL, self.clock.now())
        with self.uow(write=False) as uow:
            row = uow.shifts.open_for(actor.user_id)
        return _view(row, actor.display_name) if row else None

    def open_shift(self, actor: Actor, opening: CashCount | Mapping[int, int]) -> ShiftView:
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        count = opening if isinstance(opening, CashCount) else CashCount(self.currency, dict(opening))
        if count.currency != self.currency:
            raise ValidationError("currency_mismatch", f"Count the drawer in {self.currency}.")
        now_ms = to_ms(now)
        row = ShiftRow(id=uuid7(), clerk_id=actor.user_id, currency=self.currency, state="open", opened_at_ms=now_ms,
                       opened_by=actor.label, opening_count=json.dumps(count.as_dict()),
                       opening_float=count.total.amount)
        # A second open shift of the same clerk breaks a unique index: the store answers shift_already_open.
        with self.uow() as uow:
            uow.shifts.add(row)
            uow.audit.append(now_ms, actor.label, "shift.opened", row.id, {
                "opening_float": row.opening_float, "currency": row.currency, "count": count.as_dict()})
            uow.commit()
        return _view(row, actor.display_name)

    # ------------------------------------------------------------ close

    def _open_row(self, uow: UnitOfWork, actor: Actor, shift_id: str | None) -> tuple[ShiftRow, str]:
        if shift_id is None:
            row = uow.shifts.open_for(actor.user_id)
            if row is None:
                raise NotFound("shift_not_open", "You have no open shift.")
        else:
            row = uow.shifts.get(shift_id)
            if row is None:
                raise NotFound("shift_unknown", "There is no such shift.")
            if row.state != "open":
                raise Conflict("shift_closed", "That shift is already closed.")
        if row.clerk_id != actor.user_id and not actor.can(Permission.VIEW_ALL_SALES):
            raise PermissionDenied("permission_denied", "Only the clerk or a manager can close this shift.")
        name = uow.users.display_name(row.clerk_id) or ""
        return row, name

    def _expected(self, uow: UnitOfWork, row: ShiftRow, until_ms: int) -> tuple[dict[str, Money], int]:
        sales = uow.sales.for_clerk_between(row.clerk_id, row.opened_at_ms, until_ms)
        return expected_by_method(Money(row.opening_float, row.currency), sales), len(sales)

    def preview_close(self, actor: Actor, shift_id: str | None = None) -> ClosePreview:
        """What the drawer and the other methods should hold now (the close dialog shows it)."""
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        with self.uow(write=False) as uow:
            row, name = self._open_row(uow, actor, shift_id)
            expected, n = self._expected(uow, row, to_ms(now))
        return ClosePreview(_view(row, name), expected, n,
                            Money(self.settings.get(bs.SHIFT_VARIANCE_THRESHOLD), row.currency))

    def close_shift(self, actor: Actor, cash: CashCount | Mapping[int, int],
                    other_counted: Mapping[str, Money | int] | None = None, *, approver: Actor | None = None,
                    reason: str = "", shift_id: str | None = None) -> ShiftView:
        """Close with a count. `other_counted`: card / mobile money totals from their own slips
        (a method not given counts as what is expected). Above the threshold an approver with
        CLOSE_DAY and a reason are required; without them this raises `approval_required`."""
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        now_ms = to_ms(now)
        cash = cash if isinstance(cash, CashCount) else CashCount(self.currency, dict(cash))
        threshold = self.settings.get(bs.SHIFT_VARIANCE_THRESHOLD)
        with self.uow() as uow:
            row, name = self._open_row(uow, actor, shift_id)
            threshold_m = Money(threshold, row.currency)
            expected, n = self._expected(uow, row, now_ms)
            variances = reconcile(expected, counted_by_method(expected, cash.total, other_counted))
            approved_by = None
            if needs_approval(variances, threshold_m):
                if approver is None:
                    raise PermissionDenied("approval_required",
                                           f"The count is off by more than {threshold_m}. A manager must approve.",
                                           variances=[v.as_dict() for v in variances])
                approver.require(Permission.CLOSE_DAY, now)
                reason = clean_reason(reason)
                approved_by = approver.label
            row = replace(row, state="closed", closed_at_ms=now_ms, closed_by=actor.label, approved_by=approved_by,
                          close_reason=reason or None, closing_count=json.dumps(cash.as_dict()),
                          reconciliation=json.dumps([v.as_dict() for v in variances]), sales_count=n)
            uow.shifts.close(row)
            uow.audit.append(now_ms, actor.label, "shift.closed", row.id, {
                "approver": approved_by, "reason": reason or None, "sales": n, "currency": row.currency,
                "variances": [v.as_dict() for v in variances]})
            uow.commit()
        return _view(row, name)

    def list_shifts(self, actor: Actor, since_ms: int = 0) -> list[ShiftView]:
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with self.uow(write=False) as uow:
            rows = uow.shifts.list_since(since_ms)
        return [_view(r, n) for r, n in rows]
