"""Targeted promotions (issue 14, offers): the customer facts the segment logic needs, read from
the sales and the promotion awards, and the award rows of a batch."""
from __future__ import annotations

from sqlalchemy import func, insert, select

from topup_core.promotions import CustomerFacts

from ..models import Sale
from ..models_offers import PromotionAward
from .base import Repository

_sales, _awards = Sale.__table__, PromotionAward.__table__
RECENT_MAX = 200  # earlier top-ups looked at for a frequency window


class OffersRepository(Repository):
    def facts(self, msisdn: str, at_ms: int, window_ms: int, week: str, tier: str | None) -> CustomerFacts:
        """The number's facts as of `at_ms`: accepted top-ups made before it (reversed ones count:
        they were top-ups), their times within `window_ms`, and the bonuses given in ISO `week`."""
        accepted = (_sales.c.msisdn == msisdn, _sales.c.status == "accepted", _sales.c.created_at_ms < at_ms)
        last = self._execute(select(func.max(_sales.c.created_at_ms)).where(*accepted)).scalar()
        recent: tuple[int, ...] = ()
        if last is not None and window_ms > 0:
            rows = self._execute(select(_sales.c.created_at_ms).where(
                *accepted, _sales.c.created_at_ms > at_ms - window_ms)
                .order_by(_sales.c.created_at_ms.desc()).limit(RECENT_MAX)).scalars().all()
            recent = tuple(sorted(int(t) for t in rows))
        given = self._execute(select(_awards.c.promotion_code, func.count(), func.sum(_awards.c.bonus)).where(
            _awards.c.msisdn == msisdn, _awards.c.iso_week == week).group_by(_awards.c.promotion_code)).all()
        return CustomerFacts(first_sale=last is None, last_top_up_ms=None if last is None else int(last),
                             tier=tier, recent_ms=recent, week=week,
                             week_given={code: (int(n), int(total or 0)) for code, n, total in given})

    def insert_awards(self, rows: list[dict]) -> None:
        if rows:
            self._execute(insert(_awards), rows)

    def honoured_total(self, agent_id: str | None = None) -> int:
        """Minor units paid only because a till printed them (the promotion cost of stale previews)."""
        query = select(func.coalesce(func.sum(_awards.c.honoured), 0))
        if agent_id is not None:
            query = query.where(_awards.c.agent_id == agent_id)
        return int(self._execute(query).scalar() or 0)
