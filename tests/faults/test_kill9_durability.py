"""kill -9 a process that is recording sales, at random moments, again and again: every sale it
reported as recorded survives with its outbox row and audit entry, numbers stay gap-free, and
`pos-admin verify` passes."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from pos_app.runtime import Runtime

WORKER = Path(__file__).with_name("sale_loop.py")
ROUNDS = 24


def run_round(data_dir: Path, rng: random.Random) -> list[tuple[str, int]]:
    proc = subprocess.Popen([sys.executable, str(WORKER), str(data_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:  # keeps reading after the kill: what was printed before it counts
            if line.strip() == "ready":
                ready.set()
            else:
                lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # Sometimes kill during start-up (migration, login), mostly mid-stream of sales.
    if rng.random() < 0.15:
        time.sleep(rng.uniform(0.05, 0.4))
    else:
        assert ready.wait(60), "worker never became ready"
        time.sleep(rng.uniform(0.01, 0.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    reader.join(30)
    acknowledged = []
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and line.endswith("\n"):  # a half-printed last line was never acknowledged
            acknowledged.append((parts[0], int(parts[1])))
    return acknowledged


def test_kill9_never_loses_an_acknowledged_sale(tmp_path):
    data_dir = tmp_path / "data"
    with Runtime.open(data_dir) as svc:
        svc.setup.seed_demo()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261122")))
    acknowledged: list[tuple[str, int]] = []
    for _ in range(ROUNDS):
        acknowledged += run_round(data_dir, rng)
    assert len(acknowledged) > ROUNDS  # the test really exercised recording

    conn = sqlite3.connect(data_dir / "pos.sqlite3")
    sales = dict(conn.execute("SELECT id, seq FROM sales").fetchall())
    outbox = {r[0] for r in conn.execute("SELECT ref_id FROM outbox WHERE kind='sale'")}
    audited = {r[0] for r in conn.execute("SELECT subject FROM audit_log WHERE action='sale.recorded'")}
    for sale_id, seq in acknowledged:
        assert sales.get(sale_id) == seq, f"acknowledged sale {sale_id} lost"
        assert sale_id in outbox and sale_id in audited
    seqs = sorted(sales.values())
    assert seqs == list(range(1, len(seqs) + 1)), "sequence has a gap"
    assert set(sales) == outbox == audited  # nothing half-written, even from unacknowledged commits
    conn.close()

    verify = subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data_dir), "verify"],
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
