"""Row counts straight from the SQLite file, to prove what a failed call did not write."""
from __future__ import annotations

import sqlite3
from pathlib import Path

TABLES = ("sales", "outbox", "audit_log", "sequences", "voucher_stock")


def snapshot(db_path: Path) -> dict[str, object]:
    conn = sqlite3.connect(db_path)
    try:
        counts: dict[str, object] = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["next_seq"] = conn.execute("SELECT next_value FROM sequences WHERE name='sale'").fetchone()
        counts["vouchers_sold"] = conn.execute("SELECT COUNT(*) FROM voucher_stock WHERE state='sold'").fetchone()[0]
        return counts
    finally:
        conn.close()
