"""Sale-id dedupe scoped to the terminal that first sent the id (issue 11, docs/PROTOCOL.md "Sales").

- same terminal: the original outcome (duplicate / the original rejection), or id_conflict;
- another terminal of the same agent that had the id accepted (this till before it re-enrolled):
  `duplicate` with code `duplicate_other_terminal` and the server's record, never a rejection;
- another terminal of the same agent whose id was rejected: that rejection when the content is the
  same (terminal id aside), else id_conflict;
- another agent: id_conflict, never the owner's outcome or server_ref.
"""
from __future__ import annotations

from typing import Any

from topup_core.wire import ACCEPTED, DUPLICATE, REJECTED, ItemResult

from ..store.repositories.sales import SaleOutcome
from ..store.uow import UnitOfWork
from .auth import AuthedTerminal
from .documents import content_hash

DUPLICATE_OTHER_TERMINAL = "duplicate_other_terminal"


def _conflict(sale_id: str) -> ItemResult:
    return ItemResult(sale_id, REJECTED, "id_conflict",
                      "This sale id was already used for a different sale; it was not recorded again.")


def replay(uow: UnitOfWork, who: AuthedTerminal, stored: SaleOutcome, sale_id: str, raw: Any, digest: str
           ) -> ItemResult:
    """The answer to an id the server has already recorded."""
    if stored.terminal_id == who.terminal_id:
        if stored.content_hash != digest:
            return _conflict(sale_id)
        if stored.status == ACCEPTED:
            return ItemResult(sale_id, DUPLICATE, None, None, stored.server_ref)
        return ItemResult(sale_id, REJECTED, stored.code, stored.message)
    if stored.agent_id != who.agent_id:
        return _conflict(sale_id)
    same = isinstance(raw, dict) and content_hash({**raw, "terminal_id": stored.terminal_id}) == stored.content_hash
    if stored.status != ACCEPTED:
        return ItemResult(sale_id, REJECTED, stored.code, stored.message) if same else _conflict(sale_id)
    record = uow.sales.get(sale_id)
    first = uow.hardening.identity(stored.terminal_id)
    recorded = {"terminal_id": stored.terminal_id, "terminal_code": first.code if first else None,
                "status": stored.status, "code": stored.code, "server_ref": stored.server_ref,
                "face": record.face if record else None, "currency": record.currency if record else None,
                "created_at_ms": record.created_at_ms if record else None, "same_content": same}
    return ItemResult(sale_id, DUPLICATE, DUPLICATE_OTHER_TERMINAL,
                      "This sale was already accepted from another till of this agent (before it was enrolled "
                      "again); it was charged once. A manager should check it.", stored.server_ref, recorded)
