"""The server audit log (issue 16): every console and admin action is one hash-chained row,
written in the same transaction as the action (an action that rolls back leaves no row, and a
committed action always has its row). `pos-server audit-check` verifies the chain."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import audit as chain
from ..store.uow import UnitOfWork
from .context import ServerContext

PAGE = 5_000


def record_in(uow: UnitOfWork, now_ms: int, actor: str, action: str, subject: str = "",
              detail: dict[str, Any] | None = None) -> chain.AuditEvent:
    """Append one event inside `uow` (locks the chain's head row until the transaction ends)."""
    seq, prev = uow.audit.lock_head()
    event = chain.chain(prev, seq + 1, now_ms, actor[:120], action[:40], subject[:120], detail or {})
    uow.audit.append(event)
    return event


def record(ctx: ServerContext, actor: str, action: str, subject: str = "", detail: dict[str, Any] | None = None) -> None:
    """An event on its own (e.g. a refused login, which changes nothing else)."""
    with ctx.uow() as uow:
        record_in(uow, ctx.clock(), actor, action, subject, detail)
        uow.commit()


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    events: int
    bad_seq: int | None = None
    problem: str = ""


def check(ctx: ServerContext) -> AuditReport:
    """Walk the whole chain from the genesis hash; the first row that does not follow is named."""
    prev_hash, prev_seq, count = chain.GENESIS, 0, 0
    with ctx.uow() as uow:
        head_seq, head_hash = uow.audit.head()
        while True:
            events = uow.audit.events(prev_seq, PAGE)
            broken = chain.first_break(events, prev_hash, prev_seq)
            if broken is not None:
                return AuditReport(False, count, broken[0], broken[1])
            if not events:
                break
            count += len(events)
            prev_hash, prev_seq = events[-1].hash, events[-1].seq
    if (head_seq, head_hash) != (prev_seq, prev_hash):
        return AuditReport(False, count, prev_seq + 1 if head_seq > prev_seq else head_seq,
                           f"the chain ends at row {prev_seq} but its head says {head_seq} (rows removed at the end)")
    return AuditReport(True, count)


def latest(ctx: ServerContext, limit: int = 100, action: str | None = None) -> list[chain.AuditEvent]:
    with ctx.uow() as uow:
        return uow.audit.latest(limit, action)
