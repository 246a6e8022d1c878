"""Fill a data directory with a large, realistic sale history quickly (for benchmarks).

Rows go in with plain sqlite3 executemany in big transactions; the audit chain is computed for
real so `pos-admin verify` still holds on the result.
"""
from __future__ import annotations

import json
import random
import sqlite3
import time
import uuid
from pathlib import Path

from topup_core.audit import GENESIS, canonical, entry_hash

PRODUCTS = [("SAF", "SAF-AIRTIME", "Safaricom airtime", "range", 600), ("AIR", "AIR-AIRTIME", "Airtel airtime", "range", 550),
            ("TKL", "TKL-FIXED", "Telkom top-up", "fixed", 700), ("SAF", "SAF-FIXED", "Safaricom top-up", "fixed", 600)]
FACES = [2000, 5000, 10000, 20000, 50000]


def add_history(db_path: Path, count: int, days: int = 365, chunk: int = 50_000) -> None:
    rng = random.Random(7)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")  # bulk load only; the benchmark itself runs with FULL
    terminal_id, clerk_id = conn.execute(
        "SELECT (SELECT value FROM settings WHERE key='terminal_id'), (SELECT id FROM users WHERE username='alice')"
    ).fetchone()
    start_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM sales").fetchone()[0] + 1
    prev = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = prev[0] if prev else GENESIS
    now_ms = int(time.time() * 1000)
    first_ms = now_ms - days * 86_400_000
    step = max((now_ms - first_ms) // max(count, 1), 1)
    seq = start_seq
    while seq < start_seq + count:
        sales, outbox, audit = [], [], []
        for _ in range(min(chunk, start_seq + count - seq)):
            op, code, name, kind, bps = PRODUCTS[seq % len(PRODUCTS)]
            face = FACES[rng.randrange(len(FACES))]
            at = first_ms + (seq - start_seq) * step
            sale_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            msisdn = f"+2547{rng.randrange(10**8):08d}"
            day = time.strftime("%Y-%m-%d", time.gmtime(at / 1000))
            commission = face * bps // 10_000
            sales.append((sale_id, seq, terminal_id, at, day, clerk_id, op, code, name, kind, msisdn, "KES", face, 0,
                          face, face - commission, commission, None, "cash", face, 0, None, 1, None, None,
                          "CONFIRMED", at, f"SRV{seq}", None, None, f"NBO1-{seq:06d}"))
            outbox.append(("sale", sale_id, json.dumps({"id": sale_id}), at, "done", 1, 0, None))
            details = canonical({"seq": seq, "face": face})
            digest = entry_hash(prev, at, "clerk:alice", "sale.recorded", sale_id, details)
            audit.append((at, "clerk:alice", "sale.recorded", sale_id, details, prev, digest))
            prev = digest
            seq += 1
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO sales VALUES ({','.join('?' * 31)})", sales)
        conn.executemany("INSERT INTO outbox (kind, ref_id, payload, created_at_ms, state, attempts, "
                         "next_attempt_at_ms, last_error) VALUES (?,?,?,?,?,?,?,?)", outbox)
        conn.executemany("INSERT INTO audit_log (at_ms, actor, action, subject, details, prev_hash, hash) "
                         "VALUES (?,?,?,?,?,?,?)", audit)
        conn.execute("UPDATE sequences SET next_value = ? WHERE name = 'sale'", (seq,))
        if conn.execute("SELECT changes()").fetchone()[0] == 0:
            conn.execute("INSERT INTO sequences VALUES ('sale', ?)", (seq,))
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
