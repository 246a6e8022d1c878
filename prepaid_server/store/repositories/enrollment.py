"""One-time enrollment codes (stored as SHA-256 only)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ..models import EnrollmentCode
from .base import Repository

_codes = EnrollmentCode.__table__


@dataclass(frozen=True, slots=True)
class EnrollmentCodeRecord:
    code_hash: str
    agent_id: str
    issued_at_ms: int
    expires_at_ms: int
    used_at_ms: int | None = None
    terminal_id: str | None = None


class EnrollmentCodeRepository(Repository):
    def add(self, code: EnrollmentCodeRecord) -> None:
        self._execute(insert(_codes).values(code_hash=code.code_hash, agent_id=code.agent_id,
                                            issued_at_ms=code.issued_at_ms, expires_at_ms=code.expires_at_ms))

    def get(self, code_hash: str) -> EnrollmentCodeRecord | None:
        row = self._execute(select(_codes.c.code_hash, _codes.c.agent_id, _codes.c.issued_at_ms, _codes.c.expires_at_ms,
                                   _codes.c.used_at_ms, _codes.c.terminal_id)
                            .where(_codes.c.code_hash == code_hash)).first()
        return EnrollmentCodeRecord(*row) if row is not None else None

    def claim(self, code_hash: str, terminal_id: str, now_ms: int) -> bool:
        """Mark an unused code used by `terminal_id`. Of two transactions racing for one code,
        exactly one gets True (a conditional update)."""
        return self._execute(update(_codes).where(_codes.c.code_hash == code_hash, _codes.c.used_at_ms.is_(None))
                             .values(used_at_ms=now_ms, terminal_id=terminal_id)).rowcount == 1
