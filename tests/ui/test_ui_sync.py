"""The counter against a real prepaid server: pytest-qt driving the real main window over a real
SQLite data dir, a Runtime (sync engine + worker + print spool) enrolled with a `pos-server`
subprocess on loopback. No mocks: the server is killed and restarted for real.

The terminal's clock is the real one here (the server checks sale times against its catalog and
the outbox backoff runs on it), unlike the other UI tests' fixed clock.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.sale import SaleStatus
from pos_app.runtime import Runtime
from pos_app.store.models import PrintJob
from pos_app.store.uow import UnitOfWork
from pos_app.ui import settings as opt
from pos_app.ui.app import build_main_window
from pos_app.ui.history.screen import attention_text
from pos_app.application.sale_draft import Step
from pos_app.ui.settings import UiSettings
from sqlalchemy import select
from support.server import server_url, start_server  # noqa: F401  (fixture)

from sync_support import (StallProbe, add_queued_sales, count_by_status, enrolled_runtime, server_sale,
                          server_sale_count, start_worker)
from ui_helpers import focused, login, press, sell_to_confirm, wait_idle

OFFLINE_ALLOWANCE = 2_000_000  # KES 20,000 reserved so the till may keep selling while the server is away
BIG_FLOAT = 500_000_000


@pytest.fixture
def live_services(seeded_template: Path, tmp_path: Path):  # noqa: ANN201
    """The seeded demo terminal on the real clock."""
    data = tmp_path / "till"
    data.mkdir()
    for f in seeded_template.iterdir():
        if f.name.startswith("pos.sqlite3") or f.name == "pin.key":  # the PINs are sealed under it (issue 11)
            shutil.copy2(f, data / f.name)
    services = Runtime.open(data)
    yield services
    services.close()


@pytest.fixture
def live_settings(tmp_path: Path) -> UiSettings:
    s = UiSettings.in_file(tmp_path / "ui.ini")
    s.set(opt.LAST_USER, "alice")
    s.set(opt.IDLE_LOCK_SECONDS, 0)
    s.set(opt.STATUS_REFRESH_MS, 500)
    s.set(opt.RESULT_POLL_SECONDS, 60)  # the result screen keeps asking for a minute, as in the shop
    return s


class Till:
    """The window + runtime pair as pos-app wires them (pos_app/cli/app.py)."""

    def __init__(self, qtbot, services, settings, runtime) -> None:  # noqa: ANN001
        self.services, self.runtime = services, runtime
        self.window = build_main_window(runtime, settings=settings)
        qtbot.addWidget(self.window)
        self.window.resize(1024, 600)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        wait_idle(qtbot, self.window)

    def close(self) -> None:
        self.window.shutdown()
        self.runtime.stop()


@pytest.fixture
def till_factory(qtbot, live_services, live_settings):  # noqa: ANN001, ANN201
    made: list[Till] = []

    def make(server, *, allowance: int = 0, worker: bool = True) -> Till:  # noqa: ANN001
        runtime = enrolled_runtime(live_services, server.url, server.enrollment_code, allowance=allowance)
        if worker:
            start_worker(runtime)
        till = Till(qtbot, live_services, live_settings, runtime)
        made.append(till)
        return till

    yield make
    for till in made:
        till.close()


def _deposit(server, amount: int) -> int:  # noqa: ANN001
    from prepaid_server.services import admin
    from prepaid_server.services.context import open_context

    return admin.deposit(open_context(server.database_url), server.agent_id, amount)


def _receipt_job(services, sale_id: str) -> PrintJob | None:  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        return uow.session.scalars(select(PrintJob).where(PrintJob.sale_id == sale_id, PrintJob.kind == "receipt")
                                   ).first()


def _sell_by_keyboard(qtbot, w) -> None:  # noqa: ANN001
    """PIN ⏎, number ⏎, amount ⏎, tendered ⏎, ⏎ — nothing but keys."""
    login(qtbot, w)
    sell_to_confirm(qtbot, w, number="0712345678", amount="100", tendered="200")
    assert w.sale.step is Step.CONFIRM
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.RESULT


# ---------------------------------------------------------------- 1. online, end to end


def test_keyboard_sale_is_confirmed_by_the_real_server(qtbot, till_factory, server_url) -> None:  # noqa: ANN001, F811
    till = till_factory(server_url)
    w = till.window
    qtbot.waitUntil(lambda: w.status.snapshot.online is True, timeout=10_000)
    assert "Online" in w.login.online.text()

    _sell_by_keyboard(qtbot, w)
    sale = w.sale.result
    qtbot.waitUntil(lambda: "SUCCESS" in w.sale.result_page.result_status.text(), timeout=10_000)
    assert w.sale.result_page.result_status.property("state") == "success"
    assert "Give change: Ksh100.00" in w.sale.result_page.result_change.text()

    local = w.app.sales.get_sale(w.actor, sale.id)
    assert local.status is SaleStatus.CONFIRMED and local.server_ref
    assert local.server_ref in w.sale.result_page.result_detail.text()  # the reference the clerk reads out

    remote = server_sale(server_url.database_url, sale.id)  # the server holds this very sale
    assert remote is not None
    assert (remote["status"], remote["server_ref"], remote["seq"]) == ("accepted", local.server_ref, local.seq)
    assert (remote["msisdn"], remote["face"], remote["price"]) == ("+254712345678", 10_000, 10_000)
    assert remote["terminal_id"] == till.runtime.engine.credentials.terminal_id

    # The receipt job was queued with what was known then (after the fast path), and the bar settles.
    assert _receipt_job(w.app, sale.id) is not None
    qtbot.waitUntil(lambda: w.status.snapshot.queued == 0 and w.status.snapshot.float_available is not None,
                    timeout=10_000)
    assert "Queued: 0" in w.status.queued.text()


# ---------------------------------------------------------------- 2. offline, then back


def test_offline_sale_is_pending_then_confirmed_by_itself(qtbot, till_factory, server_url) -> None:  # noqa: ANN001, F811
    till = till_factory(server_url, allowance=OFFLINE_ALLOWANCE)
    w, engine = till.window, till.runtime.engine
    qtbot.waitUntil(lambda: w.status.snapshot.allowance_remaining is not None, timeout=10_000)

    server_url.process.kill()  # the link to head office drops
    server_url.process.wait(10)

    _sell_by_keyboard(qtbot, w)
    sale = w.sale.result
    wait_idle(qtbot, w)  # the fast path has answered (connection refused) and the receipt is queued
    assert "PENDING" in w.sale.result_page.result_status.text() and w.sale.result_page.result_status.property("state") == "pending"
    assert "Not confirmed by the network yet" in w.sale.result_page.result_headline.text()
    job = _receipt_job(w.app, sale.id)
    assert job is not None  # a receipt every time, even offline (it says PENDING)
    qtbot.waitUntil(lambda: w.status.snapshot.online is False and w.status.snapshot.queued == 1, timeout=10_000)
    assert "Offline" in w.status.online.text() and "Queued: 1" in w.status.queued.text()

    # History shows it queued; the clerk stays there.
    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, w)
    h = w.history
    assert w.stack.currentWidget() is h
    assert [(h.model.sale(r).id, h.model.sale(r).status) for r in range(h.model.rowCount())] == \
        [(sale.id, SaleStatus.QUEUED)]
    assert "Pending" in h.model.data(h.model.index(0, 4))

    # Head office comes back (same database, new port). Nobody touches the till.
    revived = start_server(server_url.database_url, seed=False)
    try:
        engine.client.base_url = revived.url  # the till's configured address (the port changed)
        started = time.monotonic()
        qtbot.waitUntil(lambda: h.model.rowCount() == 1 and h.model.sale(0).status is SaleStatus.CONFIRMED,
                        timeout=45_000)
        print(f"\nconfirmed {time.monotonic() - started:.1f}s after the server came back")
        assert "Success" in h.model.data(h.model.index(0, 4))
        local = w.app.sales.get_sale(w.actor, sale.id)
        assert local.server_ref and local.server_ref in h.details.text()
        remote = server_sale(revived.database_url, sale.id)
        assert remote is not None and (remote["status"], remote["server_ref"]) == ("accepted", local.server_ref)
        qtbot.waitUntil(lambda: w.status.snapshot.online is True and w.status.snapshot.queued == 0, timeout=10_000)

        # Back on the sale screen, the result the clerk left says SUCCESS with the reference.
        press(qtbot, Qt.Key.Key_Escape)
        assert w.stack.currentWidget() is w.sale and w.sale.step is Step.RESULT
        qtbot.waitUntil(lambda: "SUCCESS" in w.sale.result_page.result_status.text(), timeout=5_000)
        assert local.server_ref in w.sale.result_page.result_detail.text()
    finally:
        till.close()  # the worker first, then the server it talks to
        revived.stop()


# ---------------------------------------------------------------- 3. refused by the server


def test_server_rejection_shows_the_reason_and_needs_attention(qtbot, till_factory, server_url) -> None:  # noqa: ANN001, F811
    # Head office pulled most of the agent's float back (a correction): KES 10 left, no offline reserve.
    assert _deposit(server_url, -4_999_000) == 1_000
    till = till_factory(server_url)
    w = till.window
    qtbot.waitUntil(lambda: w.status.snapshot.float_available is not None, timeout=10_000)
    assert "Ksh10.00" in w.status.float.text()

    _sell_by_keyboard(qtbot, w)
    sale = w.sale.result
    qtbot.waitUntil(lambda: "REJECTED" in w.sale.result_page.result_status.text(), timeout=10_000)
    s = w.sale
    assert s.result_page.result_status.property("state") == "rejected"
    assert "Nothing was charged" in s.result_page.result_headline.text()
    assert "float is too low" in s.result_page.result_detail.text()  # the server's own reason
    assert "Give back Ksh200.00" in s.result_page.result_change.text()  # all the cash tendered

    local = w.app.sales.get_sale(w.actor, sale.id)
    assert (local.status, local.reject_code) == (SaleStatus.REJECTED, "insufficient_float")
    remote = server_sale(server_url.database_url, sale.id)
    assert (remote["status"], remote["code"], remote["server_ref"]) == ("rejected", "insufficient_float", None)
    with UnitOfWork(w.app.db, write=False) as uow:
        assert uow.outbox.pending_count() == 0  # a rejection is final: never retried

    press(qtbot, Qt.Key.Key_F8)
    wait_idle(qtbot, w)
    h = w.history
    assert h.tabs.tabText(1) == "Needs attention (1)"
    [item] = h.attention_model.items
    assert item.sale.id == sale.id
    problem, action = attention_text(item, h.locale_name)
    assert "float is too low" in problem
    assert "Nothing was charged" in action and "Ksh200.00" in action
    h.tabs.setCurrentIndex(1)
    h.attention.selectRow(0)
    assert "float is too low" in h.attention_action.text()
    press(qtbot, Qt.Key.Key_Escape)  # and back to the counter by keyboard
    assert w.stack.currentWidget() is w.sale


# ---------------------------------------------------------------- 4. event-loop stall while draining

STALL_SALES = 10_000
STALL_LIMIT_MS = 250  # CI bound (2 noisy cores); the target, 50 ms, is checked by bench/bench_ui_stall.py


def test_gui_keeps_ticking_while_the_worker_drains_the_queue(qtbot, till_factory, server_url) -> None:  # noqa: ANN001, F811
    _deposit(server_url, BIG_FLOAT)
    till = till_factory(server_url, worker=False)
    w, runtime = till.window, till.runtime
    ids = add_queued_sales(w.app, STALL_SALES)
    login(qtbot, w)  # the clerk is at the sale screen; the status bar refreshes every 500 ms
    qtbot.waitUntil(lambda: w.status.snapshot.queued == STALL_SALES, timeout=10_000)

    refreshes = []
    w.status_timer.timeout.connect(lambda: refreshes.append(time.perf_counter()))
    probe = StallProbe(5)
    probe.start()
    started = time.perf_counter()
    start_worker(runtime)
    qtbot.waitUntil(lambda: w.status.snapshot.queued == 0, timeout=120_000)
    drain_s = time.perf_counter() - started
    report = probe.stop()
    print(f"\nstall probe: {report.ticks} ticks, longest gap {report.longest_ms} ms, p99 {report.p99_ms} ms, "
          f"p50 {report.p50_ms} ms; {STALL_SALES} sales drained in {drain_s:.1f}s; "
          f"{len(refreshes)} status refreshes")

    assert count_by_status(w.app) == {SaleStatus.CONFIRMED.value: STALL_SALES}
    assert server_sale_count(server_url.database_url, runtime.engine.credentials.terminal_id) == STALL_SALES
    assert ids[-1] and "Queued: 0" in w.status.queued.text()
    assert len(refreshes) >= drain_s / 0.5 * 0.5  # the bar kept refreshing during the drain
    assert report.ticks >= drain_s * 1000 / 5 * 0.25  # the probe really ran
    assert report.longest_ms <= STALL_LIMIT_MS, f"GUI event loop stalled {report.longest_ms} ms"
