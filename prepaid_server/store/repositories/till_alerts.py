"""The reads behind the till's "Needs attention" (issues 14/15, till-points): an agent's open alerts
(risk, low balance, usage spike, low float; those the desk or a till acknowledged left out), the
sales that explain them, and the agent's float spend per trading hour."""
from __future__ import annotations

from sqlalchemy import func, select

from ..models import RiskAlert, Sale
from ..models_console import AlertState
from .base import Repository

_a, _s, _sales = RiskAlert.__table__, AlertState.__table__, Sale.__table__


class TillAlertsRepository(Repository):
    def open_alerts(self, agent_id: str, since_ms: int, limit: int) -> list[tuple]:
        """(id, created_at_ms, rule, sale_id, terminal_id, detail, sale msisdn, sale created_at_ms, sale face, sale seq)
        of the agent's alerts since `since_ms` that nobody acknowledged, newest first
        (ix_risk_alerts_agent_created, migration 0008)."""
        q = (select(_a.c.id, _a.c.created_at_ms, _a.c.rule, _a.c.sale_id, _a.c.terminal_id, _a.c.detail,
                    _sales.c.msisdn, _sales.c.created_at_ms, _sales.c.face, _sales.c.seq)
             .select_from(_a).outerjoin(_s, _s.c.alert_id == _a.c.id).outerjoin(_sales, _sales.c.id == _a.c.sale_id)
             .where(_a.c.agent_id == agent_id, _a.c.created_at_ms >= since_ms, _s.c.state.is_(None))
             .order_by(_a.c.id.desc()).limit(limit))
        return [tuple(r) for r in self._execute(q)]

    def alert_agent(self, alert_id: int) -> tuple[str, str | None] | None:
        """(the alert's agent, its state: None while open), or None when there is no such alert."""
        row = self._execute(select(_a.c.agent_id, _s.c.state).select_from(_a)
                            .outerjoin(_s, _s.c.alert_id == _a.c.id).where(_a.c.id == alert_id)).first()
        return None if row is None else (row[0], row[1])

    def topups_before(self, agent_id: str, msisdn: str, start_ms: int, end_ms: int, terminal_id: str,
                      seq: int | None) -> int:
        """The agent's accepted top-ups of `msisdn` created in [start_ms, end_ms], up to and including
        the sale (terminal_id, seq) at end_ms: sales of the same millisecond count in seq order."""
        same_ms = _sales.c.created_at_ms == end_ms
        if seq is not None:
            same_ms = same_ms & ((_sales.c.terminal_id != terminal_id) | (_sales.c.seq <= seq))
        return int(self._execute(select(func.count()).select_from(_sales).where(
            _sales.c.msisdn == msisdn, _sales.c.agent_id == agent_id, _sales.c.status == "accepted",
            _sales.c.created_at_ms >= start_ms, (_sales.c.created_at_ms < end_ms) | same_ms)).scalar() or 0)

    def hourly_spend(self, agent_id: str, since_ms: int) -> tuple[int, int]:
        """(float its accepted sales took since `since_ms`, the number of distinct hours they fell in)."""
        hour = _sales.c.received_at_ms // 3_600_000  # integer division on both dialects
        sub = (select(hour.label("h"), func.sum(_sales.c.float_cost).label("cost")).where(
            _sales.c.agent_id == agent_id, _sales.c.status == "accepted", _sales.c.received_at_ms >= since_ms)
            .group_by(hour).subquery())
        row = self._execute(select(func.coalesce(func.sum(sub.c.cost), 0), func.count()).select_from(sub)).first()
        return int(row[0] or 0), int(row[1] or 0)
