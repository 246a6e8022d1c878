"""The server audit log's hash chain (pure): each event's hash covers the previous hash and the
canonical JSON of the event, so editing, deleting or reordering any row breaks every hash after it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class AuditEvent:
    seq: int
    at_ms: int
    actor: str
    action: str
    subject: str
    detail: str  # canonical JSON object
    prev_hash: str
    hash: str


def event_hash(prev_hash: str, seq: int, at_ms: int, actor: str, action: str, subject: str, detail: str) -> str:
    body = canonical({"seq": seq, "at_ms": at_ms, "actor": actor, "action": action, "subject": subject,
                      "detail": detail})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def chain(prev_hash: str, seq: int, at_ms: int, actor: str, action: str, subject: str,
          detail: dict[str, Any]) -> AuditEvent:
    text = canonical(detail)
    return AuditEvent(seq, at_ms, actor, action, subject, text, prev_hash,
                      event_hash(prev_hash, seq, at_ms, actor, action, subject, text))


def first_break(events: "list[AuditEvent]", prev_hash: str, prev_seq: int) -> tuple[int, str] | None:
    """(seq, why) of the first event that does not follow from the one before it, else None."""
    for e in events:
        if e.seq != prev_seq + 1:
            return e.seq, f"sequence jumps from {prev_seq} to {e.seq} (rows missing)"
        if e.prev_hash != prev_hash:
            return e.seq, "its previous hash is not the hash of the row before it"
        if event_hash(e.prev_hash, e.seq, e.at_ms, e.actor, e.action, e.subject, e.detail) != e.hash:
            return e.seq, "its content does not match its hash (the row was edited)"
        prev_hash, prev_seq = e.hash, e.seq
    return None
