"""The terminal against a real pos-server process on loopback."""
from __future__ import annotations

import os
import stat

import pytest
import requests

from topup_core.errors import ValidationError
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.uow import UnitOfWork
from pos_app.sync.client import NetworkError, ServerClient
from pos_app.sync.engine import backoff_s

_n = iter(range(10**7))


def sale(face=10000, product="SAF-AIRTIME", msisdn=None):
    return SaleRequest(msisdn or f"07{10000000 + next(_n) * 37 % 89999999:08d}", product, face, "cash", face)


def server_sales(server, terminal_id):
    from sqlalchemy import create_engine, text
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM sales WHERE terminal_id = :t AND status = 'accepted'"),
                            {"t": terminal_id}).all()
    engine.dispose()
    return [r[0] for r in rows]


def test_online_sale_is_confirmed_with_server_reference(terminal):
    svc, engine, server = terminal
    clerk = svc.auth.login("alice", "1234")
    record = svc.sell.record(clerk, sale())
    assert engine.submit_now(record.id) is SaleStatus.CONFIRMED
    confirmed = svc.sales.get_sale(clerk, record.id)
    assert confirmed.status is SaleStatus.CONFIRMED and confirmed.server_ref
    with UnitOfWork(svc.db, write=False) as uow:
        assert [o.state for o in uow.outbox.for_ref(record.id)] == ["done"]
    # sending it again (a retry after a lost answer) is a duplicate, never a second sale
    assert engine.client.post_sale(_payload(svc, record.id))["status"] == "duplicate"
    assert server_sales(server, engine.credentials.terminal_id).count(record.id) == 1


def _payload(svc, sale_id):
    import json
    with UnitOfWork(svc.db, write=False) as uow:
        doc = json.loads(uow.outbox.for_ref(sale_id)[0].payload)
    return doc


def test_thousand_offline_sales_drain_exactly_once(terminal):
    svc, engine, server = terminal
    clerk = svc.auth.login("alice", "1234")
    ids = [svc.sell.record(clerk, sale()).id for _ in range(1000)]
    result = engine.drain()
    assert result.accepted == 1000 and result.rejected == 0
    assert engine.drain().sent == 0
    on_server = server_sales(server, engine.credentials.terminal_id)
    assert sorted(on_server) == sorted(ids)
    with UnitOfWork(svc.db, write=False) as uow:
        assert uow.sales.count_by_status() == {"CONFIRMED": 1000}
        assert uow.outbox.pending_count() == 0
    assert server.cli("ledger-check").returncode == 0


def test_rejection_parks_the_sale_with_the_server_reason(terminal):
    svc, engine, server = terminal
    clerk = svc.auth.login("alice", "1234")
    good = svc.sell.record(clerk, sale())
    bad = svc.sell.record(clerk, sale())
    # Tamper with the queued document so the server's own pricing disagrees.
    import sqlite3
    conn = sqlite3.connect(svc.db.db_path, isolation_level=None)
    conn.execute("UPDATE outbox SET payload = replace(payload, '\"bonus\":500', '\"bonus\":99999') WHERE ref_id = ?",
                 (bad.id,))
    conn.close()
    result = engine.drain()
    assert (result.accepted, result.rejected) == (1, 1)  # one bad sale never blocks the rest
    rejected = svc.sales.get_sale(clerk, bad.id)
    assert rejected.status is SaleStatus.REJECTED and rejected.reject_code == "price_mismatch"
    assert rejected.reject_message
    assert svc.sales.get_sale(clerk, good.id).status is SaleStatus.CONFIRMED
    assert engine.drain().sent == 0  # a rejection is not retried


def test_server_down_keeps_sales_queued_and_backs_off(terminal, clock):
    svc, engine, server = terminal
    clerk = svc.auth.login("alice", "1234")
    record = svc.sell.record(clerk, sale())
    server.process.kill()
    server.process.wait()
    assert engine.submit_now(record.id, timeout=1) is SaleStatus.QUEUED
    with pytest.raises(NetworkError):
        engine.drain_once()
    assert engine.status().online is False
    with UnitOfWork(svc.db, write=False) as uow:
        item = uow.outbox.for_ref(record.id)[0]
    assert item.state == "pending" and item.attempts == 1 and item.next_attempt_at_ms > 0
    assert engine.drain_once().sent == 0  # not due again yet: backoff holds
    assert svc.sales.get_sale(clerk, record.id).status is SaleStatus.QUEUED


def test_offline_allowance_is_enforced_locally(tmp_path, server_url, clock):
    from pos_app.application import settings as bs
    from pos_app.domain.roles import LOCAL_ADMIN
    from pos_app.runtime import Runtime

    svc = Runtime.open(tmp_path / "pos", clock=clock)
    svc.setup.seed_demo()
    svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 30000})  # 300 KES of float cost
    engine = svc.engine
    svc.enroll(server_url.url, server_url.enrollment_code, "Till 1")
    view = engine.refresh_float()
    assert view["allowance"]["reserved"] == 30000
    clerk = svc.auth.login("alice", "1234")
    server_url.process.kill()
    server_url.process.wait()
    with pytest.raises(NetworkError):
        engine.refresh_float()  # now we know we are offline
    # 3 x 100 KES at 6 % commission = 282 KES of float cost: inside the allowance
    for _ in range(3):
        svc.sell.record(clerk, sale(10000))
    with pytest.raises(ValidationError) as err:
        svc.sell.record(clerk, sale(10000))
    assert err.value.code == "offline_allowance_exceeded"
    assert engine.status().allowance_remaining.amount == 30000 - 3 * 9400
    svc.close()


def test_catalog_pull_uses_etag(terminal):
    svc, engine, server = terminal
    etag = svc.catalogs.etag()
    assert etag
    body, same = engine.client.catalog(etag)
    assert body is None and same == etag  # 304: nothing downloaded


def test_clock_skew_is_learned_and_requests_still_succeed(terminal, monkeypatch):
    svc, engine, server = terminal
    import time as time_mod
    real = time_mod.time_ns
    monkeypatch.setattr(time_mod, "time_ns", lambda: real() + 20 * 60 * 1_000_000_000)  # our clock 20 min fast
    client = ServerClient(engine.credentials)
    assert client.float_status()["currency"] == "KES"
    assert -21 * 60_000 < client.skew_ms < -19 * 60_000


def test_secret_file_is_private_and_not_in_the_database(terminal):
    svc, engine, server = terminal
    path = svc.data_dir.path / "terminal.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    secret_b64 = __import__("base64").b64encode(engine.credentials.secret).decode()
    assert secret_b64 not in svc.db.db_path.read_bytes().decode("latin-1")
    assert "secret" not in repr(engine.credentials) or "<hidden>" in repr(engine.credentials)


def test_enrollment_code_works_once(tmp_path, server_url, clock):
    from pos_app.runtime import Runtime
    svc = Runtime.open(tmp_path / "a", clock=clock)
    svc.enroll(server_url.url, server_url.enrollment_code, "A")
    svc.close()
    svc = Runtime.open(tmp_path / "b", clock=clock)
    from pos_app.sync.client import ServerRefused
    with pytest.raises(ServerRefused) as err:
        svc.enroll(server_url.url, server_url.enrollment_code, "B")
    assert err.value.code == "enrollment_code_used"
    svc.close()


def test_corrupt_reply_is_a_retryable_network_error(terminal):
    svc, engine, server = terminal
    import http.server
    import threading

    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"results": [{"id": "someone-else", "status": "accepted"}]}')

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    clerk = svc.auth.login("alice", "1234")
    record = svc.sell.record(clerk, sale())
    engine.client.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with pytest.raises(NetworkError) as err:
        engine.drain_once()
    assert err.value.code == "corrupt_reply"
    assert svc.sales.get_sale(clerk, record.id).status is SaleStatus.QUEUED
    httpd.shutdown()


def test_backoff_grows_with_jitter_and_is_capped():
    """Full jitter, as documented: uniform in [0, min(cap, base * 2^(n-1))] (it used to be equal jitter,
    never below half the ceiling)."""
    import random
    import statistics
    rng = random.Random(3)
    firsts = [backoff_s(1, rng) for _ in range(2000)]
    assert all(0.0 <= b <= 1.0 for b in firsts) and len(set(firsts)) > 1900
    assert min(firsts) < 0.05 and max(firsts) > 0.95  # the whole range, not only its upper half
    assert 0.45 < statistics.mean(firsts) < 0.55
    late = [backoff_s(20, rng) for _ in range(2000)]
    assert all(0.0 <= b <= 60.0 for b in late) and max(late) > 57  # capped at 60 s
    assert 28 < statistics.mean(late) < 32
    assert statistics.mean(backoff_s(4, rng) for _ in range(500)) > statistics.mean(firsts) * 4  # it grows


def test_pos_admin_enroll_and_sync_against_a_real_server(tmp_path, server_url):
    import subprocess
    import sys

    from pos_app.runtime import Runtime

    data = tmp_path / "till"
    with Runtime.open(data) as svc:
        svc.setup.seed_demo()
        clerk = svc.auth.login("alice", "1234")
        for _ in range(5):
            svc.sell.record(clerk, sale())

    def admin(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data), *args],
                              input=stdin, capture_output=True, text=True, timeout=120)

    proc = admin("sync")
    assert proc.returncode == 1 and "not enrolled" in proc.stderr
    proc = admin("enroll", "--server", server_url.url, "--label", "Till 9", stdin=server_url.enrollment_code + "\n")
    assert proc.returncode == 0, proc.stderr
    assert server_url.enrollment_code not in proc.stdout
    proc = admin("sync")
    assert proc.returncode == 0, proc.stderr
    assert "accepted 5" in proc.stdout and "still queued 0" in proc.stdout
    status = admin("status").stdout
    assert server_url.url in status and "CONFIRMED=5" in status


def test_recording_online_costs_no_extra_query_for_the_allowance_guard(terminal):
    """The guard runs inside every sale's transaction: online it must not touch the database
    (it used to open a second connection and sum every queued sale — p99 11 ms with a backlog)."""
    from sqlalchemy import event

    svc, engine, server = terminal
    assert engine.status().online
    clerk = svc.auth.login("alice", "1234")
    statements: list[str] = []
    listener = lambda conn, cursor, sql, *rest: statements.append(sql)  # noqa: E731
    event.listen(svc.db.reader, "before_cursor_execute", listener)
    event.listen(svc.db.writer, "before_cursor_execute", listener)
    try:
        svc.sell.record(clerk, sale())
    finally:
        event.remove(svc.db.reader, "before_cursor_execute", listener)
        event.remove(svc.db.writer, "before_cursor_execute", listener)
    assert statements, "the listener saw nothing"
    assert not any("float_cost" in sql and "sum" in sql.lower() for sql in statements), statements
    assert not any("count(" in sql.lower() and "outbox" in sql.lower() for sql in statements), statements
