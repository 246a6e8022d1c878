"""Accounts, postings and entries: append-only, written set-wise (COPY / unnest on PostgreSQL)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, text

from ...domain.ledger import Posting, account_kind
from ..models import Account, Entry, Posting as PostingRow
from .base import Repository

_accounts = Account.__table__

# The one lock order for account rows (issue 13, perf-sale): an agent's float first, then terminal
# allowances, then a subscriber's main account BEFORE its bonus account, then everything else
# (system, points), each group in id order. services/reversals.py locks float, then main (explicit
# lock_balance), then bonus (through apply_postings); charging locks main before bonus too
# (repositories/charging.py orders by id descending). Plain id order put "bonus:" before "main:",
# so a sale and a reversal of the same number could each hold one row and wait on the other.
_LOCK_RANK = {"float": 0, "allowance": 1, "main": 2, "bonus": 3}


def lock_order(account_id: str) -> tuple[int, str]:
    """Sort key: the order in which a transaction must touch (and so lock) account rows."""
    return _LOCK_RANK.get(account_kind(account_id), 4), account_id

# (message, query): each row a query returns is one broken invariant (pos-server ledger-check).
INVARIANTS: list[tuple[str, str]] = [
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


class LedgerRepository(Repository):
    def lock_balance(self, account_id: str) -> int | None:
        """Current balance with a row lock held to the end of the transaction (PostgreSQL; SQLite's
        BEGIN IMMEDIATE already serialises writers). None if the account does not exist yet."""
        return self._execute(
            select(_accounts.c.balance).where(_accounts.c.id == account_id).with_for_update()
        ).scalar_one_or_none()

    def balance(self, account_id: str) -> int:
        value = self._execute(select(_accounts.c.balance).where(_accounts.c.id == account_id)).scalar_one_or_none()
        return value or 0

    def ensure_accounts(self, accounts: Iterable[tuple[str, str]]) -> None:
        """Create the (account id, currency) accounts that do not exist yet, with balance 0."""
        rows = [{"id": a, "kind": account_kind(a), "currency": c, "balance": 0} for a, c in sorted(set(accounts))]
        if rows:
            self._execute(self._upsert(_accounts).on_conflict_do_nothing(index_elements=["id"]), rows)

    def apply_postings(self, postings: list[Posting], now_ms: int) -> None:
        """Insert postings and entries, and move each touched account's balance by its net change.
        Accounts are touched in `lock_order` (float, allowance, main, bonus, the rest; by id within
        each) so concurrent transactions cannot deadlock on them."""
        if not postings:
            return
        deltas: dict[str, int] = defaultdict(int)
        currencies: dict[str, str] = {}
        entry_rows = []
        for posting in postings:
            for entry in posting.entries:
                deltas[entry.account_id] += entry.amount
                currencies[entry.account_id] = posting.currency
                entry_rows.append({"posting_id": posting.id, "account_id": entry.account_id, "amount": entry.amount})
        self._bulk_insert(PostingRow.__table__, [
            {"id": p.id, "kind": p.kind, "ref": p.ref, "currency": p.currency, "created_at_ms": now_ms}
            for p in postings])
        self._add_balances([{"id": a, "kind": account_kind(a), "currency": currencies[a], "balance": deltas[a]}
                            for a in sorted(deltas, key=lock_order)])
        self._bulk_insert(Entry.__table__, entry_rows)

    def _add_balances(self, rows: list[dict]) -> None:
        """Create missing accounts and add each row's `balance` to the stored one, in the rows' order
        (the caller's `lock_order`): one statement whose rows PostgreSQL locks one after another."""
        if self._pg:
            with self._cursor() as cur:
                cur.execute(
                    "INSERT INTO accounts (id, kind, currency, balance) "
                    "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::bigint[]) "
                    "ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance",
                    [[r["id"] for r in rows], [r["kind"] for r in rows], [r["currency"] for r in rows],
                     [r["balance"] for r in rows]])
            return
        stmt = self._upsert(_accounts)
        stmt = stmt.on_conflict_do_update(index_elements=["id"],
                                          set_={"balance": _accounts.c.balance + stmt.excluded.balance})
        self._execute(stmt, rows)

    def broken_invariants(self) -> list[str]:
        """One line per broken ledger invariant (at most 5 examples of each); empty when it holds."""
        problems = []
        for message, sql in INVARIANTS:
            for row in self._execute(text(sql)).all():
                problems.append(message.format(*row))
        return problems

    def counts(self) -> tuple[int, int, int]:
        """(postings, entries, accounts)."""
        return tuple(self._execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # type: ignore[return-value]
                     for t in ("postings", "entries", "accounts"))
