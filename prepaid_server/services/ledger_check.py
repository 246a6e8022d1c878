"""Prove the ledger invariants from the stored entries (used by `pos-server ledger-check` and tests)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .context import ServerContext


@dataclass
class LedgerReport:
    problems: list[str] = field(default_factory=list)
    entries: int = 0
    postings: int = 0
    accounts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check(ctx: ServerContext) -> LedgerReport:
    with ctx.uow() as uow:
        problems = uow.ledger.broken_invariants()
        problems += uow.charging.broken_invariants()  # issue 15: reservations, bundles, charges
        postings, entries, accounts = uow.ledger.counts()
    return LedgerReport(problems, entries, postings, accounts)
