"""Risk rule settings and the alerts they raised."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from ...domain.risk import RuleSetting
from ..models import RiskAlert, RiskRule
from .base import Repository

_rules = RiskRule.__table__
_alerts = RiskAlert.__table__


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: int
    created_at_ms: int
    rule: str
    action: str
    sale_id: str
    terminal_id: str
    agent_id: str
    detail: str


class RiskRepository(Repository):
    def rules(self) -> dict[str, RuleSetting]:
        """The stored settings (rules never configured are absent)."""
        return {rule: RuleSetting(action, threshold)
                for rule, action, threshold in self._execute(select(_rules.c.rule, _rules.c.action, _rules.c.threshold))}

    def set_rule(self, rule: str, setting: RuleSetting) -> None:
        done = self._execute(update(_rules).where(_rules.c.rule == rule)
                             .values(action=setting.action, threshold=setting.threshold)).rowcount
        if not done:
            self._execute(_rules.insert().values(rule=rule, action=setting.action, threshold=setting.threshold))

    def add_alerts(self, rows: list[dict]) -> None:
        """Rows keyed by column (created_at_ms, rule, action, sale_id, terminal_id, agent_id, detail)."""
        self._bulk_insert(_alerts, rows)

    def alerts(self, limit: int) -> list[AlertRecord]:
        rows = self._execute(select(_alerts.c.id, _alerts.c.created_at_ms, _alerts.c.rule, _alerts.c.action,
                                    _alerts.c.sale_id, _alerts.c.terminal_id, _alerts.c.agent_id, _alerts.c.detail)
                             .order_by(_alerts.c.id.desc()).limit(limit)).all()
        return [AlertRecord(*r) for r in rows]
