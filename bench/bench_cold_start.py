"""App cold start to the login screen with a big sale history, and the memory it takes.
Targets (brief §8): <= 2 s to the login screen with 1,000,000 sales; resident memory <= 250 MB.

Builds (once) a seeded data dir with --sales sales of history (bench/history.py), then starts a
fresh Python process per run that does what `pos-app --data-dir DIR` does — open the services,
the Runtime (sync engine, print spool), the status source, the QApplication and the main window —
and reports, from the parent's clock just before the process was spawned:

* ``first_paint_s``: the login screen's first paint event;
* ``shown_s``: the first QTimer.singleShot(0) after show();
* ``ready_s``: the login screen usable (the start-up load delivered: shop, clerks; runner idle);
* ``maxrss_mb``: ru_maxrss of the child at "ready" and again after 2 s idle (status refreshed).

    .venv/bin/python bench/bench_cold_start.py [--sales 1000000] [--dir CACHED_DIR] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child(data_dir: str, spawned_at: float) -> None:
    """What pos_app.cli.app.main does up to app.exec(), with timestamps."""
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = round(time.time() - spawned_at, 3)

    mark("python_up")
    import logging
    import resource

    logging.basicConfig(level=logging.WARNING)
    from pos_app.runtime import Runtime
    from pos_app.ui.app import build_main_window, ensure_application, install_translations
    from PySide6.QtCore import QEvent, QObject, QTimer

    mark("imported")
    services = Runtime.open(Path(data_dir))
    assert services.setup.is_initialised()
    mark("services_open")
    services.start()
    mark("runtime_started")
    app = ensure_application([sys.argv[0]])
    install_translations(app)
    window = build_main_window(services)
    mark("window_built")

    def rss_mb() -> tuple[float, float]:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        return round(maxrss, 1), round(current, 1)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: ANN001, ANN201, N802
            if event.type() == QEvent.Type.Paint and "first_paint" not in marks:
                mark("first_paint")
            return False

    painter = FirstPaint()
    window.login.installEventFilter(painter)
    out: dict[str, object] = {}

    def shown() -> None:
        mark("shown")

    def poll_ready() -> None:
        if window.runner.is_idle() and window.terminal is not None and window.login.isVisible():
            mark("ready")
            out["maxrss_ready_mb"], out["rss_ready_mb"] = rss_mb()
            ready_timer.stop()
            QTimer.singleShot(2000, settled)

    def settled() -> None:
        out["maxrss_settled_mb"], out["rss_settled_mb"] = rss_mb()
        out["queued_shown"] = window.status.snapshot.queued
        app.quit()

    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, shown)
    ready_timer = QTimer()
    ready_timer.timeout.connect(poll_ready)
    ready_timer.start(2)
    app.exec()
    window.shutdown()
    runtime.stop()
    services.close()
    print(json.dumps({**marks, **out}))


def build_data_dir(path: Path, sales: int) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from history import add_history

    from pos_app.runtime import Runtime

    path.mkdir(parents=True, exist_ok=True)
    with Runtime.open(path) as services:
        services.setup.seed_demo()
    t0 = time.perf_counter()
    add_history(path / "pos.sqlite3", sales)
    print(f"built {sales} sales of history in {time.perf_counter() - t0:.0f}s at {path}", file=sys.stderr)


def history_size(path: Path) -> int:
    import sqlite3

    db = path / "pos.sqlite3"
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], float(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="a data dir to reuse (built there if empty)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = args.dir or Path(tempfile.mkdtemp(prefix="bench-cold-start-")) / "data"
    have = history_size(data)
    if have < args.sales:
        if have:
            raise SystemExit(f"{data} holds {have} sales, fewer than --sales {args.sales}: use another --dir")
        build_data_dir(data, args.sales)
    else:
        print(f"reusing {data} ({have} sales)", file=sys.stderr)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    runs = []
    for _ in range(args.runs):
        spawned_at = time.time()
        proc = subprocess.run([sys.executable, __file__, "--child", str(data), repr(spawned_at)],
                              capture_output=True, text=True, env=env, timeout=120)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]))
    worst_ready = max(r["ready"] for r in runs)
    worst_rss = max(r["maxrss_settled_mb"] for r in runs)
    print(json.dumps({"sales": history_size(data), "runs": len(runs), "best_ready_s": min(r["ready"] for r in runs),
                      "worst_ready_s": worst_ready, "worst_maxrss_mb": worst_rss, "target_s": 2.0,
                      "target_rss_mb": 250}))
    return 0 if worst_ready <= 2.0 and worst_rss <= 250 else 1


if __name__ == "__main__":
    sys.exit(main())
