"""Reversal requests and their outcome (kept forever: idempotent on the reversal id)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from ..models import Reversal, Sale
from .base import Repository

_reversals = Reversal.__table__


@dataclass(frozen=True, slots=True)
class ReversalRecord:
    id: str
    sale_id: str
    terminal_id: str
    created_at_ms: int
    received_at_ms: int
    reason: str
    content_hash: str
    status: str  # reversed | refused
    code: str | None
    message: str | None
    # issue 14 (refunds, migration 0006)
    reason_code: str | None = None
    approvers: str | None = None  # JSON list
    final_state: str | None = None
    recovered: int | None = None
    refund: int | None = None
    bonus_back: int | None = None
    points_back: int | None = None


_COLUMNS = [_reversals.c[f] for f in ReversalRecord.__slots__]


class ReversalRepository(Repository):
    def get(self, reversal_id: str) -> ReversalRecord | None:
        row = self._execute(select(*_COLUMNS).where(_reversals.c.id == reversal_id)).first()
        return ReversalRecord(*row) if row is not None else None

    def add(self, record: ReversalRecord) -> None:
        self._execute(insert(_reversals).values({f: getattr(record, f) for f in ReversalRecord.__slots__}))

    def sale_price(self, sale_id: str) -> int:
        """What the customer paid for a sale (issue 14: the refund of a partial reversal is a share of it)."""
        row = self._execute(select(Sale.__table__.c.price).where(Sale.__table__.c.id == sale_id)).first()
        return int(row[0]) if row is not None and row[0] is not None else 0
