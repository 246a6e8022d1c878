"""Real-window check of till-points (issue 14 items 2 and 5): Xvfb + openbox, the real `pos-app`
against a real pos-server, driven by xdotool like a clerk's keyboard; screenshots to docs/screenshots.

    python scripts/till_points_screens.py [--out docs/screenshots]

Shots: points-payment.png (Alt+P on the payment step: the points the sale takes, what the customer
holds; the reminder checkbox in the customer panel), attention-alerts.png (History → Needs attention:
the server's alerts explained and the low-float warning), points-offline.png (the server gone: the
offline cap and the cached balance)."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "ui")]

from support.server import start_server  # noqa: E402

NUMBER = "0712345670"


def sh(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, check=True, env=env, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="till-points-screens-"))
    display = ":58"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    time.sleep(1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    app = None
    try:
        from sqlalchemy import create_engine, text

        from pos_app.domain.sale import SaleRequest
        from pos_app.runtime import Runtime
        from sync_support import enrolled_runtime
        e164 = "+254" + NUMBER[1:]
        services = Runtime.open(root / "till")
        services.setup.seed_demo()
        enrolled_runtime(services, server.url, server.enrollment_code)
        clerk = services.auth.login("alice", "1234")
        for face in (20_000, 20_000, 50_000):  # 90 points; the same number 3 times: repeat alerts
            services.sell.record(clerk, SaleRequest(e164, "SAF-AIRTIME", face, "cash", face))
        services.engine.drain()
        services.consent.give(clerk, e164)
        engine = create_engine(server.database_url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO console_settings (key, value) VALUES ('low_float_hours', 720)"))
        engine.dispose()
        services.stop()
        services.engine.close()
        services.close()

        app = subprocess.Popen([sys.executable, "-m", "pos_app.cli.app", "--data-dir", str(root / "till")], env=env)
        time.sleep(6)
        sh("xdotool", "search", "--sync", "--name", "TopUp", "windowactivate", "--sync", env=env)
        time.sleep(3)
        sh("xdotool", "mousemove", "826", "229", "click", "1", env=env)  # "Alice Wanjiru" at 1280x800
        time.sleep(1.5)
        sh("xdotool", "key", "--delay", "80", "ctrl+a", "BackSpace", "1", "2", "3", "4", "Return", env=env)
        time.sleep(4)
        sh("xdotool", "type", "--delay", "60", NUMBER, env=env)
        time.sleep(2.5)
        sh("xdotool", "key", "Return", env=env)
        time.sleep(1)
        sh("xdotool", "type", "--delay", "60", "50", env=env)
        sh("xdotool", "key", "Return", env=env)
        time.sleep(1)
        sh("xdotool", "key", "alt+p", env=env)
        time.sleep(1.5)
        sh("import", "-window", "root", str(args.out / "points-payment.png"), env=env)
        for _ in range(3):
            sh("xdotool", "key", "Escape", env=env)
            time.sleep(0.4)
        sh("xdotool", "key", "F8", env=env)
        time.sleep(2.5)
        sh("xdotool", "key", "ctrl+Tab", env=env)
        time.sleep(3)
        sh("import", "-window", "root", str(args.out / "attention-alerts.png"), env=env)
        sh("xdotool", "key", "Escape", env=env)
        time.sleep(1)
        server.stop()  # the link to the server drops
        time.sleep(0.5)
        time.sleep(35)
        sh("xdotool", "key", "ctrl+a", "BackSpace", env=env)
        sh("xdotool", "type", "--delay", "60", NUMBER, env=env)
        time.sleep(6)
        sh("xdotool", "key", "Return", env=env)
        time.sleep(1)
        sh("xdotool", "key", "ctrl+a", "BackSpace", env=env)
        sh("xdotool", "type", "--delay", "60", "200", env=env)
        sh("xdotool", "key", "Return", env=env)
        time.sleep(1)
        sh("xdotool", "key", "alt+p", env=env)
        time.sleep(1.5)
        sh("import", "-window", "root", str(args.out / "points-offline.png"), env=env)
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        server.stop()
        wm.terminate()
        xvfb.terminate()
    print("screenshots in", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
