"""Real-window check of targeted offers (issue 14, offers): Xvfb + openbox, the real `pos-app`
against a real pos-server whose catalog has a Gold-tier promotion, driven by xdotool; screenshots
to docs/screenshots.

    python scripts/offer_screens.py [--out docs/screenshots]

Shots: offer-panel.png (the customer panel lists "Gold bonus · Gold weekly"), offer-preview.png
(the amount step's bonus preview says why)."""
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
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "ui")]

from support.server import DEMO_CATALOG, TerminalClient, start_server  # noqa: E402

NUMBER = "0712345671"


def sh(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, check=True, env=env, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="offer-screens-"))
    display = ":58"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    time.sleep(1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = start_server(f"sqlite:///{root / 'server.sqlite3'}")
    app = None
    try:
        doc = json.loads(DEMO_CATALOG.read_text())
        doc["promotions"].append({"code": "GOLD", "name": "Gold weekly", "operators": ["SAF"],
                                  "products": ["SAF-AIRTIME"], "valid_from": "2026-01-01T00:00:00+00:00",
                                  "tiers": [[10000, 1000]], "segment": {"min_tier": "GOLD"},
                                  "weekly_cap": {"count": 2}})
        (root / "catalog.json").write_text(json.dumps(doc))
        server.cli("publish-catalog", str(root / "catalog.json"))
        other = TerminalClient.enroll(server.url, server.issue_code(), "Other till")
        e164 = "+254" + NUMBER[1:]
        other.send_batch([other.sale(face=300_000, msisdn=e164)])  # 300 points: Gold
        from pos_app.runtime import Runtime
        from sync_support import enrolled_runtime
        services = Runtime.open(root / "till")
        services.setup.seed_demo()
        enrolled_runtime(services, server.url, server.enrollment_code)
        services.stop()
        services.engine.close()
        services.close()

        app = subprocess.Popen([sys.executable, "-m", "pos_app.cli.app", "--data-dir", str(root / "till")], env=env)
        time.sleep(6)
        sh("xdotool", "search", "--sync", "--name", "TopUp", "windowactivate", "--sync", env=env)
        time.sleep(3)
        sh("xdotool", "mousemove", "826", "229", "click", "1", env=env)  # "Alice Wanjiru" at 1280x1024 (same place)
        time.sleep(1.5)
        sh("xdotool", "key", "--delay", "80", "ctrl+a", "BackSpace", "1", "2", "3", "4", "Return", env=env)
        time.sleep(4)
        sh("xdotool", "type", "--delay", "60", NUMBER, env=env)
        time.sleep(3)
        sh("import", "-window", "root", str(args.out / "offer-panel.png"), env=env)
        sh("xdotool", "key", "Return", env=env)
        time.sleep(1.5)
        sh("xdotool", "type", "--delay", "80", "100", env=env)
        time.sleep(1.5)
        sh("import", "-window", "root", str(args.out / "offer-preview.png"), env=env)
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
