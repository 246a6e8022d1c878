"""Prove the ledger invariants from the stored entries (used by `pos-server ledger-check` and tests)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from .context import ServerContext

_CHECKS: list[tuple[str, str]] = [
    ("the ledger does not sum to zero",
     "SELECT COALESCE(SUM(amount), 0) FROM entries HAVING COALESCE(SUM(amount), 0) <> 0"),
    ("posting {0} does not sum to zero ({1})",
     "SELECT posting_id, SUM(amount) FROM entries GROUP BY posting_id HAVING SUM(amount) <> 0 LIMIT 5"),
    ("posting {0} has no entries",
     "SELECT p.id FROM postings p LEFT JOIN entries e ON e.posting_id = p.id WHERE e.id IS NULL LIMIT 5"),
    ("account {0} balance {1} differs from the sum of its entries {2}",
     "SELECT a.id, a.balance, COALESCE(SUM(e.amount), 0) FROM accounts a LEFT JOIN entries e ON e.account_id = a.id "
     "GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0) LIMIT 5"),
    ("agent {0} float {1} is below its limit {2}",
     "SELECT g.id, a.balance, g.float_limit FROM agents g JOIN accounts a ON a.id = 'float:' || g.id "
     "WHERE a.balance < g.float_limit LIMIT 5"),
    ("account {0} is negative ({1})",
     "SELECT id, balance FROM accounts WHERE kind IN ('allowance', 'main', 'bonus') AND balance < 0 LIMIT 5"),
    ("accepted sale {0} has {1} sale postings",
     "SELECT s.id, COUNT(p.id) FROM sales s LEFT JOIN postings p ON p.id = 'sale:' || s.id "
     "WHERE s.status = 'accepted' GROUP BY s.id HAVING COUNT(p.id) <> 1 LIMIT 5"),
    ("rejected sale {0} moved money",
     "SELECT s.id FROM sales s JOIN postings p ON p.id = 'sale:' || s.id WHERE s.status <> 'accepted' LIMIT 5"),
    ("sale {0} has {1} reversal postings",
     "SELECT ref, COUNT(*) FROM postings WHERE kind = 'reversal' GROUP BY ref HAVING COUNT(*) > 1 LIMIT 5"),
]


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
    report = LedgerReport()
    with ctx.transaction() as session:
        for message, sql in _CHECKS:
            for row in session.execute(text(sql)).all():
                report.problems.append(message.format(*row))
        report.entries = session.execute(text("SELECT COUNT(*) FROM entries")).scalar()
        report.postings = session.execute(text("SELECT COUNT(*) FROM postings")).scalar()
        report.accounts = session.execute(text("SELECT COUNT(*) FROM accounts")).scalar()
    return report
