"""Issue 12 (polish): the merged sale screen's side column in a real window (Xvfb + openbox +
xdotool, the real `pos-app` against a real pos-server): a customer with buckets, loyalty (Gold), an
offer with its reason, usage (voice, data, SMS through the charging API) and the SMS-reminder
consent row, at 1024×600, 1280×800 and 1920×1080, the number pad shown and hidden.

    python scripts/side_column_screens.py [--out docs/screenshots] [--sizes 1024x600,1280x800,1920x1080]

Shots: issue12-side-column-<W>x<H>.png (pad shown), issue12-side-column-<W>x<H>-nopad.png."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "ui")]

from support.server import DEMO_CATALOG, TerminalClient, start_server  # noqa: E402

NUMBER = "0712345670"


def sh(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, check=True, env=env, timeout=30)


def seed(root: Path, server) -> Path:  # noqa: ANN001
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["promotions"].append({"code": "GOLD", "name": "Gold weekly", "operators": ["SAF"],
                              "products": ["SAF-AIRTIME"], "valid_from": "2026-01-01T00:00:00+00:00",
                              "tiers": [[10000, 1000]], "segment": {"min_tier": "GOLD"},
                              "weekly_cap": {"count": 2}})
    (root / "catalog.json").write_text(json.dumps(doc))
    server.cli("publish-catalog", str(root / "catalog.json"))
    other = TerminalClient.enroll(server.url, server.issue_code(), "Other till")
    e164 = "+254" + NUMBER[1:]
    other.send_batch([other.sale(face=f, msisdn=e164) for f in (300_000, 100_000)])  # Gold
    from pos_app.domain.sale import SaleRequest
    from pos_app.runtime import Runtime
    from sync_support import enrolled_runtime
    till = root / "till"
    services = Runtime.open(till)
    services.setup.seed_demo()
    enrolled_runtime(services, server.url, server.enrollment_code)
    clerk = services.auth.login("alice", "1234")
    for face in (20_000, 50_000):
        services.sell.record(clerk, SaleRequest(e164, "SAF-AIRTIME", face, "cash", face))
    services.engine.drain()
    if getattr(services, "consent", None) is not None:
        try:
            services.consent.give(clerk, e164)
        except Exception as exc:  # noqa: BLE001 - the row shows either way
            print("consent:", exc)
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
    return till


def run(root: Path, till: Path, w: int, h: int, pad: bool, out: Path, display: str) -> None:
    from PySide6.QtCore import QSettings
    ini = QSettings(str(till / "ui.ini"), QSettings.Format.IniFormat)  # the till's UI preferences
    ini.setValue("sale/show_numpad", pad)
    ini.sync()
    home = root / f"home-{w}-{pad}"
    home.mkdir(parents=True, exist_ok=True)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"])
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config")}
    time.sleep(1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        app = subprocess.Popen([sys.executable, "-m", "pos_app.cli.app", "--data-dir", str(till)], env=env)
        time.sleep(6)
        sh("xdotool", "search", "--sync", "--name", "TopUp", "windowactivate", "--sync", env=env)
        wid = subprocess.run(["xdotool", "search", "--name", "TopUp"], env=env, capture_output=True, text=True,
                             check=True).stdout.split()[-1]
        sh("xdotool", "windowmove", wid, "0", "0", env=env)  # the whole screen, as a till runs it
        sh("xdotool", "windowsize", wid, "100%", "100%", env=env)
        time.sleep(3)
        sh("xdotool", "key", "--delay", "80", "ctrl+a", "BackSpace", "1", "2", "3", "4", "Return", env=env)
        time.sleep(4)
        sh("xdotool", "type", "--delay", "60", NUMBER, env=env)
        time.sleep(4)
        name = f"issue12-side-column-{w}x{h}{'' if pad else '-nopad'}.png"
        sh("import", "-window", "root", str(out / name), env=env)
        print(out / name)
        # the bottom of the customer panel (suggestions, repeat, last top-ups, SMS reminders): scroll the info area
        sh("xdotool", "mousemove", str(w - 200), "200", env=env)
        for _ in range(8):
            sh("xdotool", "click", "5", env=env)
        time.sleep(1)
        scrolled = name.replace(".png", "-scrolled.png")
        sh("import", "-window", "root", str(out / scrolled), env=env)
        print(out / scrolled)
        if pad and (w, h) == (1024, 600):
            sh("xdotool", "key", "F12", env=env)  # lock, then the login screen at this size
            time.sleep(2)
            sh("import", "-window", "root", str(out / "issue12-login-1024x600.png"), env=env)
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        wm.terminate()
        xvfb.terminate()
        time.sleep(1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--sizes", default="1024x600,1280x800,1920x1080")
    parser.add_argument("--pad", choices=("both", "on", "off"), default="both")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="side-column-"))
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    try:
        till = seed(root, server)
        for size in args.sizes.split(","):
            w, h = (int(v) for v in size.split("x"))
            for pad in {"both": (True, False), "on": (True,), "off": (False,)}[args.pad]:
                run(root, till, w, h, pad, args.out, os.environ.get("SHOTS_DISPLAY", ":61"))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
