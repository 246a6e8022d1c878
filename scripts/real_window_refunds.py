"""Issue 14 (refunds): the reverse dialog in a real X window (Xvfb + openbox), against a real
pos-server: a sale of Ksh100, the customer spends Ksh25, and the manager opens "Reverse sale…" in
History. The dialog looks the balance up at the server and shows the partial reversal before it is
confirmed; a second screenshot shows a Ksh1,000 sale needing two managers; a third, History after the
server took the partial reversal. ImageMagick's
`import -window root` takes the screenshots.

    .venv/bin/python scripts/real_window_refunds.py docs/screenshots

Needs: apt-get install xvfb openbox imagemagick; scripts/bootstrap.sh."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
OUT.mkdir(parents=True, exist_ok=True)
W, H = 1024, 640
DISPLAY = ":97"
sys.path.insert(0, str(REPO / "tests"))
os.environ.pop("QT_QPA_PLATFORM", None)
os.environ["DISPLAY"] = DISPLAY

xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", f"{W}x{H}x24", "-nolisten", "tcp"])
time.sleep(1.0)
wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(2.5)  # the window manager must be up before the first window maps (or it stays undecorated)
work = Path(tempfile.mkdtemp(prefix="topup-refunds-win-"))

from support.server import DEMO_CATALOG, start_server  # noqa: E402

server = start_server(f"sqlite:///{work / 'server.sqlite3'}")
try:
    from PySide6.QtWidgets import QApplication  # noqa: E402

    from pos_app.domain.roles import LOCAL_ADMIN, Role  # noqa: E402
    from pos_app.domain.sale import SaleRequest, SaleStatus  # noqa: E402
    from pos_app.runtime import Runtime  # noqa: E402
    from pos_app.ui.app import build_main_window, ensure_application  # noqa: E402

    doc = json.loads(DEMO_CATALOG.read_text())
    doc["refund_policy"] = {"window_s": 86400, "second_approver_above": 50_000, "partial": True,
                            "text": "Refunds within 24 h with a manager. Unused credit only; above Ksh500 "
                                    "two managers sign."}
    (work / "policy.json").write_text(json.dumps(doc))
    server.cli("publish-catalog", str(work / "policy.json"))
    svc = Runtime.open(work / "pos")
    svc.setup.seed_demo()
    svc.enroll(server.url, server.enrollment_code, "Till 1")
    svc.engine.pull_catalog()
    svc.auth.add_user(LOCAL_ADMIN, "joe", "Joe Kamau", Role.MANAGER, "5555")
    clerk = svc.auth.login("mary", "9876")  # History shows her own sales
    small = svc.sell.record(clerk, SaleRequest("0712000123", "SAF-AIRTIME", 10_000, "cash", 10_000))
    big = svc.sell.record(clerk, SaleRequest("0712000124", "SAF-AIRTIME", 100_000, "cash", 100_000))
    for sale in (small, big):
        assert svc.engine.submit_now(sale.id) is SaleStatus.CONFIRMED
    server.cli("usage", small.msisdn, "2500")

    qapp = ensure_application()
    w = build_main_window(svc)
    w.resize(W, H)
    w.move(0, 0)
    w.show()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            qapp.processEvents()
            time.sleep(0.02)

    def shot(name: str) -> None:
        pump(1.0)
        path = OUT / f"{name}-{W}x{H}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(path)

    pump(2.5)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    def key(k) -> None:  # noqa: ANN001
        QTest.keyClick(qapp.focusWidget() or w, k)
        pump(0.4)

    w._logged_in(svc.auth.login("mary", "9876"))  # the manager signs in (PIN checked by auth.login)
    pump(1.5)
    key(Qt.Key.Key_F8)  # History
    h = w.history
    pump(1.5)
    print("screen:", type(w.stack.currentWidget()).__name__, "actor:", getattr(h.actor, "username", None))

    def reverse(sale) -> None:  # noqa: ANN001
        row = [i for i in range(h.model.rowCount()) if h.model.sale(i).id == sale.id][0]
        h.table.selectRow(row)
        pump(0.3)
        h.reverse_button.click()
        pump(2.5)  # the balance lookup at the server

    reverse(small)
    d = h.dialog
    d.reason_code.setCurrentIndex(d.reason_code.findData("wrong_number"))
    d.reason.setText("typed 0712000123 for 0712000132")
    d.user.setText("mary")
    shot("issue14-reverse-partial")
    d.reject()
    pump(0.5)
    reverse(big)
    d = h.dialog
    d.reason_code.setCurrentIndex(d.reason_code.findData("duplicate"))
    d.reason.setText("sold twice")
    d.user.setText("mary")
    d.user2.setText("joe")
    shot("issue14-reverse-two-managers")
    d.reject()
    pump(0.5)
    # the partial reversal for real: the dialog approves, the server answers, History shows it
    reverse(small)
    d = h.dialog
    d.reason_code.setCurrentIndex(d.reason_code.findData("wrong_number"))
    d.reason.setText("typed 0712000123 for 0712000132")
    d.user.setText("mary")
    d.pin.setText("9876")
    d.submit()
    pump(2.0)
    svc.engine.drain()
    h.reload()
    pump(1.5)
    row = [i for i in range(h.model.rowCount()) if h.model.sale(i).id == small.id][0]
    h.table.selectRow(row)
    pump(1.5)
    print("after:", svc.sales.get_sale(manager_actor := svc.auth.login("mary", "9876"), small.id).status,
          svc.sales.fixes_for(manager_actor, small.id)[-1]["final_state"])
    shot("issue14-history-partial-reversal")
    w.shutdown()
    svc.close()
finally:
    server.stop()
    wm.terminate()
    xvfb.terminate()
