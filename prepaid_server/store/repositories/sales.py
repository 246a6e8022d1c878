"""Every sale id ever received, accepted or rejected, so a retry gets the same answer forever."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update

from ..models import Sale
from .base import Repository

_sales = Sale.__table__
_CHUNK = 500  # ids per IN (...) list
ACCEPTED = "accepted"

# Every column of a sale row, in table order: rows given to insert_many carry all of them.
SALE_COLUMNS = tuple(c.name for c in _sales.columns)


@dataclass(frozen=True, slots=True)
class SaleOutcome:
    """How the server answered a sale id the first time (enough to answer a retry)."""

    content_hash: str
    status: str  # accepted | rejected
    code: str | None
    message: str | None
    server_ref: str | None
    terminal_id: str
    agent_id: str


@dataclass(frozen=True, slots=True)
class SaleRecord:
    id: str
    terminal_id: str
    agent_id: str
    seq: int | None
    created_at_ms: int | None
    status: str
    code: str | None
    server_ref: str | None
    msisdn: str | None
    currency: str | None
    face: int | None
    bonus: int | None
    float_cost: int | None
    catalog_version: int | None
    reversal_id: str | None


_OUTCOME = [_sales.c[f] for f in ("id", *SaleOutcome.__slots__)]
_RECORD = [_sales.c[f] for f in SaleRecord.__slots__]


class SaleRepository(Repository):
    def outcomes(self, ids: list[str]) -> dict[str, SaleOutcome]:
        """The stored outcome of each of these ids that the server has seen."""
        found: dict[str, SaleOutcome] = {}
        for start in range(0, len(ids), _CHUNK):
            rows = self._execute(select(*_OUTCOME).where(_sales.c.id.in_(ids[start:start + _CHUNK]))).all()
            found.update({r[0]: SaleOutcome(*r[1:]) for r in rows})
        return found

    def insert_many(self, rows: list[dict[str, Any]]) -> None:
        """New sale rows, each a dict with every column of SALE_COLUMNS."""
        self._bulk_insert(_sales, rows)

    def add(self, row: dict[str, Any]) -> None:
        """One new sale row (columns not given take their defaults)."""
        self._execute(insert(_sales).values(row))

    def get(self, sale_id: str, *, for_update: bool = False) -> SaleRecord | None:
        stmt = select(*_RECORD).where(_sales.c.id == sale_id)
        row = self._execute(stmt.with_for_update() if for_update else stmt).first()
        return SaleRecord(*row) if row is not None else None

    def mark_reversed(self, sale_id: str, reversal_id: str) -> None:
        self._execute(update(_sales).where(_sales.c.id == sale_id, _sales.c.reversal_id.is_(None))
                      .values(reversal_id=reversal_id))

    def accepted_count(self, agent_id: str) -> int:
        return self._execute(select(func.count()).select_from(_sales).where(
            _sales.c.agent_id == agent_id, _sales.c.status == ACCEPTED)).scalar_one()

    # ------------------------------------------------------------ risk history

    def accepted_times_by_number(self, numbers: list[str], after_ms: int, before_ms: int) -> dict[str, list[int]]:
        """created_at_ms of accepted sales to each number, strictly between the two times."""
        times: dict[str, list[int]] = {}
        for start in range(0, len(numbers), _CHUNK):
            rows = self._execute(select(_sales.c.msisdn, _sales.c.created_at_ms).where(
                _sales.c.msisdn.in_(numbers[start:start + _CHUNK]), _sales.c.status == ACCEPTED,
                _sales.c.created_at_ms > after_ms, _sales.c.created_at_ms < before_ms)).all()
            for msisdn, at in rows:
                times.setdefault(msisdn, []).append(at)
        return times

    def accepted_face_total(self, terminal_id: str, from_ms: int, to_ms: int) -> int:
        """Sum of face values this terminal had accepted in [from_ms, to_ms)."""
        return int(self._execute(select(func.coalesce(func.sum(_sales.c.face), 0)).where(
            _sales.c.terminal_id == terminal_id, _sales.c.status == ACCEPTED,
            _sales.c.created_at_ms >= from_ms, _sales.c.created_at_ms < to_ms)).scalar())

    def recent_accepted_faces(self, terminal_id: str, limit: int) -> list[int]:
        """Face values of the terminal's last `limit` accepted sales, oldest first."""
        faces = self._execute(select(_sales.c.face).where(_sales.c.terminal_id == terminal_id,
                                                          _sales.c.status == ACCEPTED)
                              .order_by(_sales.c.created_at_ms.desc()).limit(limit)).scalars().all()
        return list(reversed(faces))

    # ------------------------------------------------------------ per terminal and per number

    def seqs_after(self, terminal_id: str, seq: int) -> list[int]:
        """The terminal's distinct sequence numbers above `seq`, ascending."""
        return list(self._execute(select(_sales.c.seq).distinct().where(
            _sales.c.terminal_id == terminal_id, _sales.c.seq > seq).order_by(_sales.c.seq)).scalars())

    def for_close(self, terminal_id: str, first_seq: int, last_seq: int) -> list[tuple]:
        """(seq, status, reversal_id, face, bonus, price, float_cost, currency, payment_method) of the
        terminal's sales numbered first_seq..last_seq."""
        return [tuple(r) for r in self._execute(
            select(_sales.c.seq, _sales.c.status, _sales.c.reversal_id, _sales.c.face, _sales.c.bonus,
                   _sales.c.price, _sales.c.float_cost, _sales.c.currency, _sales.c.payment_method)
            .where(_sales.c.terminal_id == terminal_id, _sales.c.seq >= first_seq, _sales.c.seq <= last_seq)).all()]

    def recent_accepted_for_number(self, msisdn: str, limit: int) -> list[tuple]:
        """(id, face, bonus, created_at_ms, operator, reversal_id, agent_id) newest first."""
        return [tuple(r) for r in self._execute(
            select(_sales.c.id, _sales.c.face, _sales.c.bonus, _sales.c.created_at_ms, _sales.c.operator,
                   _sales.c.reversal_id, _sales.c.agent_id)
            .where(_sales.c.msisdn == msisdn, _sales.c.status == ACCEPTED)
            .order_by(_sales.c.created_at_ms.desc()).limit(limit)).all()]
