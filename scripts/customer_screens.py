"""Real-window check of the customer panel (issue 14): Xvfb + openbox, the real `pos-app` against a
real pos-server, driven by xdotool like a clerk's keyboard; screenshots to docs/screenshots.

    python scripts/customer_screens.py [--out docs/screenshots]

Shots: customer-online.png (the panel filled from the server), customer-offline-cached.png (the
server stopped: the cached view "as of"), customer-unknown.png (a number never topped up)."""
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

from support.server import TerminalClient, start_server  # noqa: E402

NUMBER = "0712345670"


def sh(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, check=True, env=env, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="customer-screens-"))
    display = os.environ.get("SHOTS_DISPLAY", ":57")
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    time.sleep(1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    app = None
    try:
        # Another shop of the same agent has sold to the customer too (shown without ids).
        other = TerminalClient.enroll(server.url, server.issue_code(), "Other till")
        e164 = "+254" + NUMBER[1:]
        other.send_batch([other.sale(face=f, msisdn=e164) for f in (100_000, 250_000)])
        from pos_app.domain.sale import SaleRequest
        from pos_app.runtime import Runtime
        from sync_support import enrolled_runtime
        services = Runtime.open(root / "till")
        services.setup.seed_demo()
        enrolled_runtime(services, server.url, server.enrollment_code)
        clerk = services.auth.login("alice", "1234")
        for face in (20_000, 20_000, 50_000):
            services.sell.record(clerk, SaleRequest(e164, "SAF-AIRTIME", face, "cash", face))
        services.engine.drain()
        # issue 15: some usage, charged through the real charging API, for the panel's usage line
        import uuid

        from prepaid_server.simulate import ChargingClient
        client = ChargingClient.enroll(server.url, server.cli("charging-client", "add", "sim").stdout.strip())
        sid = f"v-{uuid.uuid4().hex[:8]}"
        client.open(sid, e164, "voice", 900)
        client.terminate(sid, 1, 725)
        for _ in range(3):
            client.event(f"s-{uuid.uuid4().hex[:8]}", e164)
        sid = f"d-{uuid.uuid4().hex[:8]}"
        client.open(sid, e164, "data", 60 * 1024 * 1024)
        client.terminate(sid, 1, 35 * 1024 * 1024)
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
        shots = [("customer-online.png", NUMBER), ("customer-unknown.png", "0712999991")]
        for name, number in shots:
            sh("xdotool", "type", "--delay", "60", number, env=env)
            time.sleep(2.5)
            sh("import", "-window", "root", str(args.out / name), env=env)
            sh("xdotool", "key", "ctrl+a", "BackSpace", env=env)
            time.sleep(0.5)
        server.stop()  # the link to the server drops
        time.sleep(0.5)
        sh("xdotool", "type", "--delay", "60", NUMBER, env=env)
        time.sleep(6)  # the lookup fails fast on a refused port; the cached view is shown "as of"
        sh("import", "-window", "root", str(args.out / "customer-offline-cached.png"), env=env)
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
