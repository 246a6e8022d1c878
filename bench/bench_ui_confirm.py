"""Confirm -> receipt job queued, offline. Target (brief §8): <= 100 ms.

A seeded terminal is enrolled with a real server (embedded, in this process), given an offline
allowance, and the server is then stopped: the till's configured address is a dead port. The real
main window runs with the Runtime as pos-app wires it (sync worker backing off, print spool to PDF).
Each sample types a whole cash sale by keyboard and times from the Enter on "Confirm sale" to the
moment the sale's receipt row is committed in print_jobs (timed at the return of
Sell.queue_receipt, i.e. after its commit; the row is checked afterwards).

    .venv/bin/python bench/bench_ui_confirm.py [--samples 50] [--mode dead|silent]

--mode silent: instead of a dead port, a loopback listener that accepts connections and never
answers (a hung server / black-holed link) — shows what the fast-path timeout costs the receipt.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "ui")]

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from pos_app.runtime import Runtime  # noqa: E402
from pos_app.store.models import PrintJob  # noqa: E402
from pos_app.store.uow import UnitOfWork  # noqa: E402
from pos_app.ui import settings as opt  # noqa: E402
from pos_app.ui.app import build_main_window, ensure_application  # noqa: E402
from pos_app.application.sale_draft import Step  # noqa: E402
from pos_app.ui.settings import UiSettings  # noqa: E402
from sync_support import enrolled_runtime, start_worker  # noqa: E402

TARGET_MS = 100.0


def wait_for(predicate, timeout_s: float) -> bool:  # noqa: ANN001
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(1)
    check.timeout.connect(lambda: predicate() and loop.quit())
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    check.start()
    deadline.start(int(timeout_s * 1000))
    if not predicate():
        loop.exec()
    check.stop()
    return predicate()


def keys(widget_name: str, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None and widget.objectName() == widget_name, \
        f"focus on {widget.objectName() if widget else None!r}, wanted {widget_name!r}"
    if text:
        QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--mode", choices=("dead", "silent"), default="dead")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-ui-confirm-"))
    from prepaid_server.embedded import seed_demo as seed_server
    from prepaid_server.embedded import start_server

    database_url = f"sqlite:///{root / 'server.sqlite3'}"
    seeded = seed_server(database_url)
    server = start_server(database_url)
    services = Runtime.open(root / "till")
    services.setup.seed_demo()
    runtime = enrolled_runtime(services, server.url, str(seeded["enrollment_code"]), allowance=4_000_000)
    server.stop()  # from here on the till's server address is a dead port
    listener = None
    if args.mode == "silent":
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1000)  # accepts (the kernel does), never answers
        runtime.engine.client.base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    start_worker(runtime)

    timings: dict[str, float] = {}
    original = runtime.sell.queue_receipt

    def timed_enqueue(record, **kw):  # noqa: ANN001, ANN003, ANN202
        job = original(record, **kw)
        timings[record.id] = time.perf_counter()  # the row is committed when this returns
        return job

    runtime.sell.queue_receipt = timed_enqueue
    app = ensure_application(["bench"])
    settings = UiSettings.in_file(root / "ui.ini")
    settings.set(opt.LAST_USER, "alice")
    settings.set(opt.IDLE_LOCK_SECONDS, 0)
    window = build_main_window(runtime, settings=settings)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    wait_for(window.runner.is_idle, 10)
    pin = window.findChild(QWidget, "login.pin")
    pin.setFocus()
    keys("login.pin", "1234")
    assert wait_for(lambda: window.stack.currentWidget() is window.sale, 10), "login failed"

    samples, statuses = [], []
    for i in range(args.samples + 3):  # the first 3 warm up
        assert wait_for(lambda: window.sale.step is Step.NUMBER and window.runner.is_idle(), 10)
        keys("sale.msisdn", f"07{12000000 + i:08d}")
        keys("sale.amount", "50")
        keys("sale.tendered", "100")
        assert wait_for(lambda: window.sale.step is Step.CONFIRM, 10), "no confirm step"
        button = QApplication.focusWidget()
        assert button is not None and button.objectName() == "sale.confirm.ok"
        before = set(timings)
        t0 = time.perf_counter()
        QTest.keyClick(button, Qt.Key.Key_Return)
        assert wait_for(lambda: len(timings) > len(before), 30), "no receipt job"
        [sale_id] = set(timings) - before
        elapsed_ms = (timings[sale_id] - t0) * 1000
        with UnitOfWork(services.db, write=False) as uow:
            job = uow.session.scalars(select(PrintJob).where(PrintJob.sale_id == sale_id)).first()
        assert job is not None and job.kind == "receipt"
        assert wait_for(lambda: window.sale.step is Step.RESULT and window.runner.is_idle(), 10)
        statuses.append(window.sale.result_page.result_status.text())
        if i >= 3:
            samples.append(elapsed_ms)
        keys("sale.result.next", "")  # Enter: next customer

    window.shutdown()
    runtime.stop()
    services.close()
    if listener is not None:
        listener.close()
    samples.sort()
    result = {"mode": args.mode, "samples": len(samples), "p50_ms": round(statistics.median(samples), 1),
              "p90_ms": round(samples[int(len(samples) * 0.9) - 1], 1),
              "p99_ms": round(samples[max(0, int(len(samples) * 0.99) - 1)], 1), "max_ms": round(samples[-1], 1),
              "all_pending": all("PENDING" in s for s in statuses), "target_ms": TARGET_MS}
    print(json.dumps(result))
    return 0 if result["max_ms"] <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
