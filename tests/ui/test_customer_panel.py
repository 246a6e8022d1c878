"""The customer panel beside the sale (issue 14), in a real window over real services: online with a
real pos-server, offline with a cache, offline with none, an unknown number; typing never waits."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_app.application.customer import CACHED, OFFLINE, SERVER, UNKNOWN
from pos_app.application.sale_draft import Step
from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime
from pos_app.ui.app import build_main_window
from support.server import server_url  # noqa: F401  (fixture)

from sync_support import enrolled_runtime
from ui_helpers import focused, login, type_in, wait_idle

NUMBER, TYPED = "+254712345670", "0712345670"


@pytest.fixture
def live(seeded_template: Path, tmp_path: Path, server_url):  # noqa: ANN201, F811
    """The demo till on the real clock, enrolled with a real server; three top-ups to NUMBER confirmed."""
    data = tmp_path / "till"
    data.mkdir()
    for f in seeded_template.iterdir():
        if f.name.startswith("pos.sqlite3"):
            shutil.copy2(f, data / f.name)
    services = Runtime.open(data)
    enrolled_runtime(services, server_url.url, server_url.enrollment_code)
    clerk = services.auth.login("alice", "1234")
    for face in (20_000, 20_000, 50_000):
        services.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", face, "cash", face))
    services.engine.drain()
    yield services, server_url
    services.stop()
    services.close()


def _window(qtbot, services, settings):  # noqa: ANN001, ANN201
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    login(qtbot, w)
    return w


def _type_number(qtbot, w, typed: str = TYPED):  # noqa: ANN001, ANN201
    type_in(qtbot, "sale.msisdn", typed, enter=False)
    panel = w.sale.customer
    qtbot.waitUntil(lambda: panel.view is not None and panel.state.text() not in ("", "Looking up…"), timeout=10_000)
    wait_idle(qtbot, w)
    return panel


def test_online_panel_fills_and_a_suggestion_is_one_tap(qtbot, live, settings) -> None:  # noqa: ANN001
    services, _server = live
    w = _window(qtbot, services, settings)
    panel = _type_number(qtbot, w)
    assert panel.view.source == SERVER and panel.state.text() == "Up to date"
    assert panel.balances.text().splitlines()[0].startswith("1. Bonus")  # used first
    assert "2. Main Ksh900.00" in panel.balances.text()
    assert panel.tier.text().startswith("Yellow · 90 points")
    assert panel.progress_text.text().startswith("Ksh2,100 to Gold · cycle ends")
    assert panel.progress.value() == 90 and panel.progress.maximum() == 300
    assert [b.text() for b in panel.suggest_buttons if b.isVisible()][:2] == ["Ksh200", "Ksh500"]
    assert panel.repeat_button.text() == "Repeat Ksh500"
    assert "Ksh500" in panel.recent.text()
    focused("sale.msisdn")  # the panel never took the focus
    panel.suggest_buttons[1].click()
    wait_idle(qtbot, w)
    assert w.sale.step is Step.PAYMENT and w.sale.draft.face.amount == 50_000
    # Back to a new sale: the panel clears; the repeat button fills number, product and amount.
    w.sale.new_sale()
    assert panel.view is None
    panel = _type_number(qtbot, w)
    panel.repeat_button.click()
    assert w.sale.step is Step.PAYMENT and w.sale.draft.face.amount == 50_000
    assert w.sale.draft.msisdn.e164 == NUMBER


def test_offline_shows_the_cached_view_as_of_its_time(qtbot, live, settings) -> None:  # noqa: ANN001
    services, server = live
    assert services.customer.lookup(NUMBER).source == SERVER  # seen once: kept
    server.stop()
    w = _window(qtbot, services, settings)
    panel = _type_number(qtbot, w)
    assert panel.view.source == CACHED
    assert panel.state.text().startswith("as of ") and panel.state.property("state") == "stale"
    assert panel.tier.text().startswith("Yellow · 90 points")


def test_unknown_number_says_new_customer(qtbot, live, settings) -> None:  # noqa: ANN001
    services, _server = live
    w = _window(qtbot, services, settings)
    panel = _type_number(qtbot, w, "0712999991")
    assert panel.view.source == UNKNOWN and panel.state.text() == "New customer: never topped up with us"
    assert panel.tier.text() == "" and not any(b.isVisible() for b in panel.suggest_buttons)


def test_no_server_and_no_cache_says_so_and_shows_this_tills_own_history(qtbot, services, settings) -> None:  # noqa: ANN001
    clerk = services.auth.login("alice", "1234")
    services.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 30_000, "cash", 30_000))
    w = _window(qtbot, services, settings)
    panel = _type_number(qtbot, w)
    assert panel.view.source == OFFLINE and panel.state.text() == "Customer details need the server"
    assert "At this till:" in panel.recent.text() and "Ksh300" in panel.recent.text()
    assert [b.text() for b in panel.suggest_buttons if b.isVisible()] == ["Ksh300"]  # from this till's sales


class _SlowServer:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.release = threading.Event()

    def believed_offline(self) -> bool:
        return False

    def subscriber(self, msisdn: str, timeout: float) -> dict:
        self.release.wait(self.seconds)
        return {"msisdn": msisdn, "currency": "KES", "main_balance": 1000, "bonus_balance": 0,
                "bonus_expires_at": None, "recent": []}


def test_typing_is_never_blocked_while_the_panel_loads(qtbot, services, settings) -> None:  # noqa: ANN001
    slow = _SlowServer(5.0)
    services.customer.server = slow
    w = _window(qtbot, services, settings)
    field = focused("sale.msisdn")
    started = time.perf_counter()
    qtbot.keyClicks(field, TYPED)  # the number becomes valid on the last digit: the lookup starts
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # the clerk keeps typing while it runs
    qtbot.keyClicks(field, "0")
    typing_s = time.perf_counter() - started
    assert w.sale.customer.view is None or w.sale.customer.view.source != SERVER  # still loading
    assert typing_s < 1.0, typing_s  # the keys went in at once, not after the 5 s lookup
    assert w.sale.draft.number_text.replace(" ", "") == TYPED
    slow.release.set()
    qtbot.waitUntil(lambda: w.sale.customer.view is not None and w.sale.customer.view.source == SERVER,
                    timeout=10_000)
    assert "Ksh10.00" in w.sale.customer.balances.text()


def test_the_panel_shows_the_usage_breakdown_and_keeps_it_offline(qtbot, live, settings) -> None:  # noqa: ANN001
    """issue 15: the customer's last 7 days of usage (GET .../usage, through the task runner after
    the view is shown), one compact line; kept with the view, so offline the cached panel has it."""
    import uuid

    from prepaid_server.simulate import ChargingClient

    services, server = live
    client = ChargingClient.enroll(server.url, server.cli("charging-client", "add", "sim").stdout.strip())
    sid = f"v-{uuid.uuid4().hex[:8]}"
    assert client.open(sid, NUMBER, "voice", 600).status_code == 200
    assert client.terminate(sid, 1, 347).status_code == 200  # 5 min 47 s
    assert client.event(f"s-{uuid.uuid4().hex[:8]}", NUMBER).status_code == 200
    expected = services.customer.server.usage(NUMBER, 7, 5)["totals"]  # the server's own figures
    w = _window(qtbot, services, settings)
    panel = _type_number(qtbot, w)
    qtbot.waitUntil(lambda: panel.usage.isVisible() and panel.usage.text() != "", timeout=10_000)
    text = panel.usage.text()
    assert text.startswith("Last 7 days: voice 6 min Ksh")
    assert f"voice 6 min {panel._money(expected['voice'], 'KES', short=True)}" in text
    assert f"SMS 1 {panel._money(expected['sms'], 'KES', short=True)}" in text
    focused("sale.msisdn")  # fetched and shown without taking the focus or blocking typing
    qtbot.waitUntil(lambda: services.customer.cached(NUMBER).usage is not None, timeout=10_000)  # kept

    w.sale.new_sale()
    assert not panel.usage.isVisible()
    server.stop()
    panel = _type_number(qtbot, w)
    assert panel.view.source == CACHED
    assert panel.usage.text() == text  # the same line, from the cache
