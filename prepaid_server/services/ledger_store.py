"""Writing postings set-wise: postings, entries and cached account balances in a few statements."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..domain.ledger import Posting, account_kind
from ..store.models import Account, Entry, Posting as PostingRow

_accounts = Account.__table__


def dialect_insert(session: Session, table):  # noqa: ANN001, ANN201
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert(table)


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _driver_cursor(session: Session):  # noqa: ANN202
    """The psycopg cursor of this session's connection, inside the same transaction."""
    return session.connection().connection.driver_connection.cursor()


def bulk_insert(session: Session, table, rows: list[dict]) -> None:  # noqa: ANN001
    """Insert many rows cheaply: COPY on PostgreSQL (one stream, no per-row statements),
    the driver's executemany on SQLite."""
    if not rows:
        return
    if not _is_postgres(session):
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    with _driver_cursor(session) as cur:
        with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def upsert_add_balances(session: Session, rows: list[dict]) -> None:
    """Create missing accounts and add each row's `balance` to the stored one, in id order."""
    if not rows:
        return
    if _is_postgres(session):
        with _driver_cursor(session) as cur:
            cur.execute(
                "INSERT INTO accounts (id, kind, currency, balance) "
                "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::bigint[]) "
                "ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance",
                [[r["id"] for r in rows], [r["kind"] for r in rows], [r["currency"] for r in rows],
                 [r["balance"] for r in rows]])
        return
    stmt = dialect_insert(session, _accounts)
    stmt = stmt.on_conflict_do_update(index_elements=["id"], set_={"balance": _accounts.c.balance + stmt.excluded.balance})
    session.execute(stmt, rows)


def lock_balance(session: Session, account_id: str) -> int | None:
    """Current balance with a row lock held to the end of the transaction (PostgreSQL);
    SQLite's BEGIN IMMEDIATE already serialises writers."""
    return session.execute(
        select(_accounts.c.balance).where(_accounts.c.id == account_id).with_for_update()
    ).scalar_one_or_none()


def balance(session: Session, account_id: str) -> int:
    value = session.execute(select(_accounts.c.balance).where(_accounts.c.id == account_id)).scalar_one_or_none()
    return value or 0


def ensure_accounts(session: Session, accounts: Iterable[tuple[str, str]]) -> None:
    rows = [{"id": a, "kind": account_kind(a), "currency": c, "balance": 0} for a, c in sorted(set(accounts))]
    if rows:
        session.execute(dialect_insert(session, _accounts).on_conflict_do_nothing(index_elements=["id"]), rows)


def apply_postings(session: Session, postings: list[Posting], now_ms: int) -> None:
    """Insert postings and entries, and move each touched account's balance by its net change.
    Accounts are touched in id order so concurrent transactions cannot deadlock on them."""
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
    bulk_insert(session, PostingRow.__table__, [
        {"id": p.id, "kind": p.kind, "ref": p.ref, "currency": p.currency, "created_at_ms": now_ms} for p in postings
    ])
    rows = [{"id": a, "kind": account_kind(a), "currency": currencies[a], "balance": deltas[a]} for a in sorted(deltas)]
    upsert_add_balances(session, rows)
    bulk_insert(session, Entry.__table__, entry_rows)
