"""Helpers for UI tests and benchmarks that run against a real prepaid server.

* :func:`enrolled_runtime` — the :class:`~pos_app.runtime.Runtime` enrolled (its one sync engine) with
  a running server; the sync worker is started separately (:func:`start_worker`).
* :func:`add_queued_sales` — thousands of QUEUED sales with pending outbox rows, cloned from one sale
  recorded through the services (so every wire document is priced exactly as the till prices it).
* :class:`StallProbe` — a 5 ms QTimer on the GUI thread that records the gaps between its ticks.

Plain module (no pytest imports) so bench/ can import it too.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

from topup_core.audit import GENESIS, canonical, entry_hash
from topup_core.ids import uuid7
from topup_core.msisdn import mask_e164
from pos_app.domain.sale import SaleRequest
from pos_app.store.uow import UnitOfWork
from pos_app.sync.worker import SyncWorker


def set_allowance(app, amount: int) -> None:  # noqa: ANN001
    """How much float (minor units) this till asks the server to reserve for selling offline."""
    from pos_app.application import settings as bs
    from pos_app.domain.roles import LOCAL_ADMIN

    app.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: amount})


def enrolled_runtime(app, server_url: str, enrollment_code: str, *, allowance: int = 0,  # noqa: ANN001, ANN201
                     start_spool: bool = True):
    """The Runtime enrolled with a live server through its one engine, with the catalog pulled and the
    float (and offline allowance, if any) fetched; the spool started. No worker yet."""
    if allowance:
        set_allowance(app, allowance)
    app.start(worker=False, spool=start_spool)
    try:
        result = app.enroll(server_url, enrollment_code, "UI till")
        if result.warning:
            raise RuntimeError(result.warning)
    except BaseException:
        app.stop()
        raise
    return app


def start_worker(app) -> SyncWorker:  # noqa: ANN001
    return app.start_worker()


def add_queued_sales(services, count: int, *, username: str = "alice", pin: str = "1234",  # noqa: ANN001
                     product: str = "SAF-AIRTIME", face: int = 5000) -> list[str]:
    """Record one sale through the services, then clone it ``count - 1`` times straight into SQLite
    (sale + pending outbox row + audit entry, chained for real), each with its own id, seq and number.
    Returns the ids of all ``count`` sales. Fast: ~10,000 sales/s; meant for setting up big queues."""
    actor = services.auth.login(username, pin)
    first = services.sell.record(actor, SaleRequest("0712000000", product, face, "cash", face))
    db_path = Path(services.data_dir.path) / "pos.sqlite3"
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        template = dict(conn.execute("SELECT * FROM sales WHERE id = ?", (first.id,)).fetchone())
        payload = json.loads(conn.execute("SELECT payload FROM outbox WHERE ref_id = ? AND kind = 'sale'",
                                          (first.id,)).fetchone()[0])
        actor_label = conn.execute("SELECT actor FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT 1",
                                   (first.id,)).fetchone()[0]
        prev = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        prev = prev[0] if prev else GENESIS
        columns = list(template)
        seq = template["seq"]
        base_ms = template["created_at_ms"] - count  # one ms apart, all in the past, all still "today"
        ids = [first.id]
        sales, outbox, audit = [], [], []
        for i in range(1, count):
            seq += 1
            sale_id = uuid7()
            at_ms = base_ms + i
            msisdn = f"+2547{(seq * 7919 + i) % 10**8:08d}"  # distinct numbers: no risk flags
            row = dict(template, id=sale_id, seq=seq, msisdn=msisdn, created_at_ms=at_ms, status_changed_at_ms=at_ms)
            if "receipt_no" in row:  # issue 11: each sale's own number (the template's is its own)
                row["receipt_no"] = None
            sales.append(tuple(row[c] for c in columns))
            doc = dict(payload, id=sale_id, seq=seq, msisdn=msisdn, created_at_ms=at_ms)
            outbox.append(("sale", sale_id, json.dumps(doc), at_ms, "pending", 0, 0, None))
            details = canonical({"seq": seq, "msisdn": mask_e164(msisdn), "product": row["product_code"],
                                 "face": row["face"], "price": row["price"], "currency": row["currency"],
                                 "payment": row["payment_method"]})
            digest = entry_hash(prev, at_ms, actor_label, "sale.recorded", sale_id, details)
            audit.append((at_ms, actor_label, "sale.recorded", sale_id, details, prev, digest))
            prev = digest
            ids.append(sale_id)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO sales ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", sales)
        conn.executemany("INSERT INTO outbox (kind, ref_id, payload, created_at_ms, state, attempts, "
                         "next_attempt_at_ms, last_error) VALUES (?,?,?,?,?,?,?,?)", outbox)
        conn.executemany("INSERT INTO audit_log (at_ms, actor, action, subject, details, prev_hash, hash) "
                         "VALUES (?,?,?,?,?,?,?)", audit)
        conn.execute("UPDATE sequences SET next_value = ? WHERE name = 'sale'", (seq + 1,))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return ids


def count_by_status(services) -> dict[str, int]:  # noqa: ANN001
    from sqlalchemy import func, select

    from pos_app.store.models import Sale

    with UnitOfWork(services.db, write=False) as uow:
        return dict(uow.session.execute(select(Sale.status, func.count()).group_by(Sale.status)).all())


def server_sale(database_url: str, sale_id: str):  # noqa: ANN201
    """The server's own row for a sale id (read from its database), or None."""
    from sqlalchemy import create_engine, select

    from prepaid_server.store.models import Sale

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(Sale.__table__).where(Sale.id == sale_id)).mappings().first()
    finally:
        engine.dispose()


def server_sale_count(database_url: str, terminal_id: str, status: str = "accepted") -> int:
    from sqlalchemy import create_engine, func, select

    from prepaid_server.store.models import Sale

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Sale.__table__).where(
                Sale.terminal_id == terminal_id, Sale.status == status)).scalar_one()
    finally:
        engine.dispose()


@dataclass
class StallReport:
    ticks: int
    longest_ms: float
    p99_ms: float
    p50_ms: float
    gaps_ms: list[float] = field(repr=False, default_factory=list)


class StallProbe(QObject):
    """Ticks every ``interval_ms`` on the GUI thread (a precise timer) and keeps every gap between
    ticks. A gap much longer than the interval is the event loop being blocked — by the GUI thread
    itself or by another thread holding the GIL."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> StallReport:
        self.timer.stop()
        self._last = None
        return self.report()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append((now - self._last) * 1000)
        self._last = now

    def report(self) -> StallReport:
        gaps = sorted(self.gaps) or [0.0]
        return StallReport(len(self.gaps), round(gaps[-1], 1), round(gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))], 1),
                           round(gaps[len(gaps) // 2], 1), list(self.gaps))
