"""kill -9 while a receipt is printing, then restart: the job is in doubt and offered for
reprint as a COPY; it is neither lost nor printed a second time on its own."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pos_app.domain.sale import SaleRequest
from pos_app.application.records import IN_DOUBT, PRINTED
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime

from .printer_emulator import PrinterEmulator

CHILD = Path(__file__).with_name("crash_child.py")


def _job_state(db_path: Path) -> str | None:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        row = conn.execute("SELECT state FROM print_jobs ORDER BY id LIMIT 1").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def test_kill_9_mid_print_leaves_the_job_in_doubt_not_lost_not_doubled(tmp_path):
    data_dir = tmp_path / "data"
    with Runtime.open(data_dir) as services:
        services.setup.seed_demo()
        clerk = services.auth.login("alice", "1234")
        sale = services.sell.record(clerk, SaleRequest("0712345123", "SAF-FIXED", 10000, "cash", 20000))

    printer = PrinterEmulator(stall_after=400, fault_connections=1)  # takes part of the job, then hangs
    try:
        child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), printer.uri, sale.id],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert printer.stalled.wait(30), child.stderr.read() if child.poll() is not None else "no print started"
            assert _job_state(data_dir / "pos.sqlite3") == "printing"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(10)
        assert child.returncode == -signal.SIGKILL
        marker = sale.receipt_no.encode()
        assert printer.complete_receipts(marker) == 0
        connections_before = len(printer.jobs)

        with Runtime.open(data_dir, spool_options={"status_poll_s": None}) as services:  # restart: the printer address is stored; connections counted below
            jobs = services.print_jobs
            services.start(worker=False)
            recovered = services.in_doubt_jobs
            assert [(j.sale_id, j.state) for j in recovered] == [(sale.id, IN_DOUBT)]
            assert [j.id for j in jobs.attention(LOCAL_ADMIN)] == [recovered[0].id]
            assert services.spool.wait_idle(5)
            time.sleep(0.3)
            assert len(printer.jobs) == connections_before  # nothing was resent on its own
            assert services.sales.get_sale(clerk, sale.id).id == sale.id  # the sale stands

            copy = jobs.reprint_copy(clerk, recovered[0].id)
            deadline = time.monotonic() + 15
            while jobs.get(clerk, copy.job.id).state != PRINTED and time.monotonic() < deadline:
                time.sleep(0.05)
            assert jobs.get(clerk, copy.job.id).state == PRINTED and copy.copy_no == 1
            assert printer.complete_receipts(marker) == 1
            assert b"COPY 1" in printer.jobs[-1]
            assert jobs.attention(clerk) == []
    finally:
        printer.stop()
