"""Terminals: identity, secret, sequence bookkeeping and offline-allowance counters."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ..models import Agent, Terminal
from .base import Repository

_terminals = Terminal.__table__


@dataclass(frozen=True, slots=True)
class TerminalAuth:
    """What authentication needs: the secret (base64, as stored) and who the terminal is."""

    terminal_id: str
    code: str
    agent_id: str
    currency: str
    secret: str
    disabled: bool


@dataclass(frozen=True, slots=True)
class NewTerminal:
    id: str
    agent_id: str
    code: str
    label: str
    secret: str
    enrolled_at_ms: int


class TerminalRepository(Repository):
    def auth_record(self, terminal_id: str) -> TerminalAuth | None:
        row = self._execute(
            select(Terminal.secret, Terminal.code, Terminal.agent_id, Terminal.disabled, Agent.currency)
            .join(Agent, Agent.id == Terminal.agent_id).where(Terminal.id == terminal_id)).first()
        if row is None:
            return None
        secret, code, agent_id, disabled, currency = row
        return TerminalAuth(terminal_id, code, agent_id, currency, secret, bool(disabled))

    def add(self, terminal: NewTerminal) -> None:
        self._execute(insert(_terminals).values(
            id=terminal.id, agent_id=terminal.agent_id, code=terminal.code, label=terminal.label,
            secret=terminal.secret, enrolled_at_ms=terminal.enrolled_at_ms, disabled=False, contiguous_through=0,
            allowance_reserved=0, allowance_used=0))

    def codes_with_prefix(self, prefix: str) -> set[str]:
        return set(self._execute(select(Terminal.code).where(Terminal.code.like(f"{prefix}%"))).scalars())

    # ------------------------------------------------------------ sequence numbers

    def contiguous_through(self, terminal_id: str) -> int:
        return self._execute(select(Terminal.contiguous_through).where(Terminal.id == terminal_id)).scalar_one()

    def set_contiguous_through(self, terminal_id: str, seq: int) -> None:
        self._execute(update(_terminals).where(_terminals.c.id == terminal_id).values(contiguous_through=seq))

    # ------------------------------------------------------------ offline allowance counters

    def allowance_counters(self, terminal_id: str) -> tuple[int, int]:
        """(reserved, used) since the last release."""
        return tuple(self._execute(select(Terminal.allowance_reserved, Terminal.allowance_used)  # type: ignore[return-value]
                                   .where(Terminal.id == terminal_id)).one())

    def add_allowance_used(self, terminal_id: str, amount: int) -> None:
        self._execute(update(_terminals).where(_terminals.c.id == terminal_id)
                      .values(allowance_used=_terminals.c.allowance_used + amount))

    def add_allowance_reserved(self, terminal_id: str, amount: int) -> None:
        self._execute(update(_terminals).where(_terminals.c.id == terminal_id)
                      .values(allowance_reserved=_terminals.c.allowance_reserved + amount))

    def reset_allowance(self, terminal_id: str) -> None:
        self._execute(update(_terminals).where(_terminals.c.id == terminal_id)
                      .values(allowance_reserved=0, allowance_used=0))
