"""The audit chain: each entry's hash covers its content and the hash before it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

GENESIS = "0" * 64


def canonical(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, at_ms: int, actor: str, action: str, subject: str | None, details_json: str) -> str:
    material = "\x1f".join([prev_hash, str(at_ms), actor, action, subject or "", details_json])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    id: int
    at_ms: int
    actor: str
    action: str
    subject: str | None
    details: str
    prev_hash: str
    hash: str


def first_broken_link(entries: Iterable[ChainedEntry]) -> tuple[int, str] | None:
    """None if the chain holds, else (entry id, what is wrong)."""
    prev = GENESIS
    for entry in entries:
        if entry.prev_hash != prev:
            return entry.id, "previous hash does not match (an entry was removed or reordered)"
        if entry_hash(entry.prev_hash, entry.at_ms, entry.actor, entry.action, entry.subject, entry.details) != entry.hash:
            return entry.id, "content does not match its hash (the entry was altered)"
        prev = entry.hash
    return None
