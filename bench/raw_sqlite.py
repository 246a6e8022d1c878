"""The raw-SQLite baseline for recording a sale (brief §8: a baseline in the same run): the same
rows the till writes — the sequence bump, the sale, its outbox row, a hash-chained audit entry —
in one BEGIN IMMEDIATE transaction with the same pragmas (WAL, synchronous=FULL), straight through
the sqlite3 module with prepared statements and no validation, pricing, ORM or unit of work. The
floor under `Sell.record`: the ratio between the two is the price of everything else."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from topup_core.audit import GENESIS, canonical, entry_hash
from topup_core.ids import uuid7


class RawSale:
    def __init__(self, db_path: Path, template_sale_id: str) -> None:
        self.conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000",
                       "cache_size=-16384"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.row_factory = sqlite3.Row
        self.template = dict(self.conn.execute("SELECT * FROM sales WHERE id = ?", (template_sale_id,)).fetchone())
        self.payload = json.loads(self.conn.execute("SELECT payload FROM outbox WHERE ref_id = ?",
                                                    (template_sale_id,)).fetchone()[0])
        self.conn.row_factory = None
        self.columns = list(self.template)
        self.insert_sale = f"INSERT INTO sales ({','.join(self.columns)}) VALUES ({','.join('?' * len(self.columns))})"

    def record(self, now_ms: int) -> None:
        c = self.conn
        sale_id = uuid7()
        c.execute("BEGIN IMMEDIATE")
        seq = c.execute("UPDATE sequences SET next_value = next_value + 1 WHERE name = 'sale' "
                        "RETURNING next_value - 1").fetchone()[0]
        row = dict(self.template, id=sale_id, seq=seq, created_at_ms=now_ms, status_changed_at_ms=now_ms)
        if "receipt_no" in row:
            row["receipt_no"] = f"T0-{seq:06d}"
        c.execute(self.insert_sale, [row[k] for k in self.columns])
        doc = dict(self.payload, id=sale_id, seq=seq, created_at_ms=now_ms)
        c.execute("INSERT INTO outbox (kind, ref_id, payload, created_at_ms, state, attempts, next_attempt_at_ms, "
                  "last_error) VALUES ('sale', ?, ?, ?, 'pending', 0, 0, NULL)",
                  (sale_id, json.dumps(doc, sort_keys=True, separators=(",", ":")), now_ms))
        prev = (c.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() or (GENESIS,))[0]
        details = canonical({"seq": seq, "msisdn": "+254 7•• ••• 678", "product": row["product_code"],
                             "face": row["face"], "price": row["price"], "currency": row["currency"],
                             "payment": row["payment_method"]})
        c.execute("INSERT INTO audit_log (at_ms, actor, action, subject, details, prev_hash, hash) "
                  "VALUES (?, 'clerk:alice', 'sale.recorded', ?, ?, ?, ?)",
                  (now_ms, sale_id, details, prev, entry_hash(prev, now_ms, "clerk:alice", "sale.recorded",
                                                               sale_id, details)))
        c.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()
