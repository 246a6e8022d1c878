"""Issue 11 (hardening): terminal administration (list, disable, sealed secrets), idempotent
enrollment by request id, and cancellations kept by their own id."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ..models import Agent, EnrollmentCode, Terminal
from ..models_hardening import Cancellation
from .base import Repository

_terminals = Terminal.__table__
_codes = EnrollmentCode.__table__
_agents = Agent.__table__
_cancellations = Cancellation.__table__


@dataclass(frozen=True, slots=True)
class TerminalListing:
    id: str
    code: str
    agent_id: str
    label: str
    enrolled_at_ms: int
    disabled: bool


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    """What an enrollment retry hands out again (the secret as stored, i.e. sealed)."""

    id: str
    code: str
    agent_id: str
    secret: str
    enrolled_at_ms: int
    disabled: bool


@dataclass(frozen=True, slots=True)
class CancellationRecord:
    id: str
    sale_id: str
    terminal_id: str
    received_at_ms: int
    content_hash: str
    status: str
    code: str | None
    message: str | None


class TerminalAdminRepository(Repository):
    # ------------------------------------------------------------ listing and disable

    def listing(self) -> list[TerminalListing]:
        rows = self._execute(select(_terminals.c.id, _terminals.c.code, _terminals.c.agent_id, _terminals.c.label,
                                    _terminals.c.enrolled_at_ms, _terminals.c.disabled)
                             .order_by(_terminals.c.agent_id, _terminals.c.code)).all()
        return [TerminalListing(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def identity(self, terminal_id: str) -> TerminalIdentity | None:
        row = self._execute(select(_terminals.c.id, _terminals.c.code, _terminals.c.agent_id, _terminals.c.secret,
                                   _terminals.c.enrolled_at_ms, _terminals.c.disabled)
                            .where(_terminals.c.id == terminal_id)).first()
        return TerminalIdentity(row[0], row[1], row[2], row[3], row[4], bool(row[5])) if row else None

    def set_disabled(self, terminal_id: str, disabled: bool) -> bool:
        return self._execute(update(_terminals).where(_terminals.c.id == terminal_id)
                             .values(disabled=disabled)).rowcount == 1

    # ------------------------------------------------------------ secrets at rest

    def clear_secrets(self) -> list[tuple[str, str]]:
        """(terminal id, secret) of every row whose secret is not sealed yet."""
        return [tuple(r) for r in self._execute(select(_terminals.c.id, _terminals.c.secret)
                                                .where(_terminals.c.secret.not_like("v1:%"))
                                                .order_by(_terminals.c.id)).all()]  # one lock order

    def set_secret(self, terminal_id: str, stored: str) -> None:
        self._execute(update(_terminals).where(_terminals.c.id == terminal_id).values(secret=stored))

    # ------------------------------------------------------------ enrollment

    def lock_agent(self, agent_id: str) -> None:
        """Serialise this agent's enrollments (terminal codes are numbered per agent prefix)."""
        stmt = select(_agents.c.id).where(_agents.c.id == agent_id)
        self._execute(stmt.with_for_update() if self._pg else stmt).first()

    def code_request(self, code_hash: str) -> tuple[str | None, str | None]:
        """(request id, terminal id) the code was used with (None, None) if unused."""
        row = self._execute(select(_codes.c.request_id, _codes.c.terminal_id)
                            .where(_codes.c.code_hash == code_hash)).first()
        return (row[0], row[1]) if row else (None, None)

    def claim(self, code_hash: str, terminal_id: str, request_id: str | None, now_ms: int) -> bool:
        """Mark an unused code used by `terminal_id` for `request_id`; exactly one racer wins."""
        return self._execute(update(_codes).where(_codes.c.code_hash == code_hash, _codes.c.used_at_ms.is_(None))
                             .values(used_at_ms=now_ms, terminal_id=terminal_id, request_id=request_id)
                             ).rowcount == 1

    # ------------------------------------------------------------ cancellations

    def cancellation(self, cancel_id: str) -> CancellationRecord | None:
        row = self._execute(select(*[_cancellations.c[f] for f in CancellationRecord.__slots__])
                            .where(_cancellations.c.id == cancel_id)).first()
        return CancellationRecord(*row) if row else None

    def add_cancellation(self, record: CancellationRecord) -> None:
        self._execute(insert(_cancellations).values({f: getattr(record, f) for f in CancellationRecord.__slots__}))
