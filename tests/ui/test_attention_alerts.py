"""The server's alerts in the manager's "Needs attention" (issue 14 item 5, issue 15 item 4;
till-points), in a real window over a till enrolled with a real pos-server: the float reply carries
the shop's open alerts (each explaining itself) and the low-float warning; a manager acknowledges
one from the till, and the server records it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, text

from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime
from pos_app.ui import settings as opt
from pos_app.ui.app import build_main_window
from support.server import server_url  # noqa: F401  (fixture)

from sync_support import enrolled_runtime
from ui_helpers import login, press, wait_idle

NUMBER = "+254712345671"


@pytest.fixture
def live(seeded_template: Path, tmp_path: Path, server_url):  # noqa: ANN201, F811
    data = tmp_path / "till"
    data.mkdir()
    for f in seeded_template.iterdir():
        if f.name.startswith("pos.sqlite3") or f.name == "pin.key":
            shutil.copy2(f, data / f.name)
    services = Runtime.open(data)
    enrolled_runtime(services, server_url.url, server_url.enrollment_code)
    clerk = services.auth.login("alice", "1234")
    for _ in range(3):  # the same number three times in a row: two repeat-number alerts
        services.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 20_000, "cash", 20_000))
    services.engine.drain()
    engine = create_engine(server_url.database_url)
    with engine.begin() as conn:  # this shop's cover mark above what its float covers: low float
        conn.execute(text("INSERT INTO console_settings (key, value) VALUES ('low_float_hours', 720)"))
    engine.dispose()
    services.engine.refresh_float()  # what the sync worker does: the reply now carries the alerts
    yield services, server_url
    services.stop()
    services.close()


def test_alerts_and_low_float_in_needs_attention_and_acknowledged(qtbot, live, settings) -> None:  # noqa: ANN001
    services, server = live
    settings.set(opt.LAST_USER, "mary")
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    wait_idle(qtbot, w)
    login(qtbot, w, "9876")  # the manager
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, w)
    h = w.history
    panel = h.alerts_panel
    h.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    wait_idle(qtbot, w)
    alerts = panel.model.alerts
    assert [a.explanation for a in alerts] == ["3rd top-up of the same number in 10 minutes",
                                               "2nd top-up of the same number in 10 minutes"]
    assert panel.model.data(panel.model.index(0, 1)) == "Same number again"
    assert "•" in panel.model.data(panel.model.index(0, 2))  # the number masked
    assert not panel.low_float.isHidden() and "Low float" in panel.low_float.text()
    assert "Top up about Ksh" in panel.low_float.text() and "720 hours" in panel.low_float.text()
    assert h.tabs.tabText(1) == "Needs attention (3)"  # two alerts + the low-float warning

    panel.table.selectRow(0)
    first = panel.selected().id
    panel.ack_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the keyboard presses it
    qtbot.waitUntil(lambda: panel.message.text().startswith("Acknowledged"), timeout=10_000)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    wait_idle(qtbot, w)
    assert [a.id for a in panel.model.alerts] == [alerts[1].id]
    assert h.tabs.tabText(1) == "Needs attention (2)"
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        actor = conn.execute(text("SELECT actor FROM risk_alert_states WHERE alert_id = :i"), {"i": first}).scalar()
    engine.dispose()
    assert actor.startswith("till ") and "Mary" in actor  # which till, which manager
    w.shutdown()
