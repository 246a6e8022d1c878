"""Loyalty reads: a customer's points movements and the purchase history suggestions come from."""
from __future__ import annotations

from sqlalchemy import func, select

from topup_core.loyalty import Movement

from ..models import Entry, Posting, Sale
from .base import Repository

_entries, _postings, _sales = Entry.__table__, Posting.__table__, Sale.__table__


class LoyaltyRepository(Repository):
    def movements(self, account_id: str) -> list[Movement]:
        """Every posting on one points account, oldest first."""
        rows = self._execute(
            select(_postings.c.created_at_ms, _postings.c.kind, _postings.c.ref, _entries.c.amount)
            .join(_postings, _postings.c.id == _entries.c.posting_id)
            .where(_entries.c.account_id == account_id)
            .order_by(_postings.c.created_at_ms, _entries.c.id)).all()
        return [Movement(int(at), kind, ref, int(amount)) for at, kind, ref, amount in rows]

    def posting_amount(self, posting_id: str, account_id: str) -> int:
        """The amount one posting moved on one account (0 when there is no such posting)."""
        value = self._execute(select(func.coalesce(func.sum(_entries.c.amount), 0)).where(
            _entries.c.posting_id == posting_id, _entries.c.account_id == account_id)).scalar()
        return int(value or 0)

    def popular_faces(self, agent_id: str, operator: str, since_ms: int, limit: int) -> list[tuple[int, int]]:
        """(face, count) of this agent's accepted, unreversed sales for the operator since a time,
        most frequent first (ties: the smaller amount first)."""
        count = func.count().label("n")
        rows = self._execute(
            select(_sales.c.face, count).where(
                _sales.c.agent_id == agent_id, _sales.c.operator == operator, _sales.c.status == "accepted",
                _sales.c.reversal_id.is_(None), _sales.c.created_at_ms >= since_ms)
            .group_by(_sales.c.face).order_by(count.desc(), _sales.c.face).limit(limit)).all()
        return [(int(face), int(n)) for face, n in rows]

    def history(self, msisdn: str, limit: int) -> list[tuple[int, int, str, str]]:
        """(face, created_at_ms, operator, product) of the number's accepted, unreversed sales, newest first."""
        rows = self._execute(
            select(_sales.c.face, _sales.c.created_at_ms, _sales.c.operator, _sales.c.product).where(
                _sales.c.msisdn == msisdn, _sales.c.status == "accepted", _sales.c.reversal_id.is_(None))
            .order_by(_sales.c.created_at_ms.desc()).limit(limit)).all()
        return [(int(f), int(at), op, product) for f, at, op, product in rows]

    def customers_of(self, agent_id: str, limit: int) -> list[tuple[str, int, int, int, int, int]]:
        """(msisdn, top-ups, total face, first at, last at, last face) per number this agent has
        topped up (accepted, unreversed), biggest total first."""
        n, total = func.count().label("n"), func.sum(_sales.c.face).label("total")
        rows = self._execute(
            select(_sales.c.msisdn, n, total, func.min(_sales.c.created_at_ms), func.max(_sales.c.created_at_ms))
            .where(_sales.c.agent_id == agent_id, _sales.c.status == "accepted", _sales.c.reversal_id.is_(None))
            .group_by(_sales.c.msisdn).order_by(total.desc(), _sales.c.msisdn).limit(limit)).all()
        out = []
        for msisdn, count, summed, first, last in rows:
            last_face = self._execute(select(_sales.c.face).where(
                _sales.c.agent_id == agent_id, _sales.c.msisdn == msisdn, _sales.c.status == "accepted",
                _sales.c.reversal_id.is_(None), _sales.c.created_at_ms == last).limit(1)).scalar()
            out.append((msisdn, int(count), int(summed), int(first), int(last), int(last_face or 0)))
        return out
