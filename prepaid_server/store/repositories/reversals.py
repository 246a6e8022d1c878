"""Reversal requests and their outcome (kept forever: idempotent on the reversal id)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from ..models import Reversal
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


_COLUMNS = [_reversals.c[f] for f in ReversalRecord.__slots__]


class ReversalRepository(Repository):
    def get(self, reversal_id: str) -> ReversalRecord | None:
        row = self._execute(select(*_COLUMNS).where(_reversals.c.id == reversal_id)).first()
        return ReversalRecord(*row) if row is not None else None

    def add(self, record: ReversalRecord) -> None:
        self._execute(insert(_reversals).values({f: getattr(record, f) for f in ReversalRecord.__slots__}))
