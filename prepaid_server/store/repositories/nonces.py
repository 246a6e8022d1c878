"""Seen request nonces, shared by every server process through the database."""
from __future__ import annotations

from sqlalchemy import delete

from ..models import Nonce
from .base import Repository

_nonces = Nonce.__table__


class NonceRepository(Repository):
    def add(self, terminal_id: str, nonce: str, expires_at_ms: int) -> bool:
        """Remember a nonce; False if this terminal already used it (a replay). Never raises on
        the duplicate, so the transaction stays usable for the rest of the request."""
        stmt = (self._upsert(_nonces).values(terminal_id=terminal_id, nonce=nonce, expires_at_ms=expires_at_ms)
                .on_conflict_do_nothing(index_elements=["terminal_id", "nonce"]).returning(_nonces.c.nonce))
        return self._execute(stmt).first() is not None  # (rowcount of ON CONFLICT is not reliable here)

    def purge(self, before_ms: int) -> None:
        self._execute(delete(_nonces).where(_nonces.c.expires_at_ms < before_ms))
