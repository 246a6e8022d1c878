"""Agents: who owns float, with the floor it may never go below."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from ..models import Agent
from .base import Repository

_agents = Agent.__table__


@dataclass(frozen=True, slots=True)
class AgentRecord:
    id: str
    name: str
    code_prefix: str
    currency: str
    float_limit: int
    created_at_ms: int


class AgentRepository(Repository):
    def add(self, agent: AgentRecord) -> None:
        self._execute(insert(_agents).values(id=agent.id, name=agent.name, code_prefix=agent.code_prefix,
                                             currency=agent.currency, float_limit=agent.float_limit,
                                             created_at_ms=agent.created_at_ms))

    def get(self, agent_id: str) -> AgentRecord | None:
        row = self._execute(select(_agents).where(_agents.c.id == agent_id)).first()
        return AgentRecord(*row) if row is not None else None

    def id_by_name(self, name: str) -> str | None:
        return self._execute(select(_agents.c.id).where(_agents.c.name == name).limit(1)).scalar()

    def float_limit(self, agent_id: str) -> int:
        return self._execute(select(_agents.c.float_limit).where(_agents.c.id == agent_id)).scalar_one()
