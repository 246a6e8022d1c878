"""Result states as the sync engine will set them; the status bar; the task runner; the excepthook."""
from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from topup_core.errors import ValidationError
from topup_core.money import Money
from pos_app.domain.sale import SaleStatus
from pos_app.application.clock import to_ms
from pos_app.store.uow import UnitOfWork
from pos_app.ui.errors import install_excepthook
from pos_app.application.sale_draft import Step
from pos_app.ui.status import StatusSnapshot
from pos_app.ui.tasks import TaskRunner

from ui_helpers import login, press, sell_to_confirm, wait_idle


def _finish_sale(qtbot, w):  # noqa: ANN001, ANN202
    login(qtbot, w)
    sell_to_confirm(qtbot, w)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.RESULT
    return w.sale.result


def test_success_shows_the_server_reference(qtbot, window, services) -> None:  # noqa: ANN001
    sale = _finish_sale(qtbot, window)
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.CONFIRMED, to_ms(services.clock.now()), server_ref="SRV-42")
        uow.commit()
    window.sale.refresh_result()
    wait_idle(qtbot, window)
    s = window.sale
    assert "SUCCESS" in s.result_page.result_status.text() and s.result_page.result_status.property("state") == "success"
    assert "SRV-42" in s.result_page.result_detail.text()
    assert "Ksh100.00" in s.result_page.result_change.text()


def test_rejected_says_nothing_was_charged_and_the_reason(qtbot, window, services) -> None:  # noqa: ANN001
    sale = _finish_sale(qtbot, window)
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.REJECTED, to_ms(services.clock.now()),
                             reject_code="float_insufficient", reject_message="The agent's float is too low.")
        uow.commit()
    window.sale.refresh_result()
    wait_idle(qtbot, window)
    s = window.sale
    assert "REJECTED" in s.result_page.result_status.text() and s.result_page.result_status.property("state") == "rejected"
    assert "Nothing was charged" in s.result_page.result_headline.text()
    assert "float is too low" in s.result_page.result_detail.text()
    assert "Give back Ksh200.00" in s.result_page.result_change.text()


def test_status_bar_shows_a_snapshot(qtbot, window) -> None:  # noqa: ANN001
    bar = window.status
    bar.show_snapshot(StatusSnapshot(online=False, last_sync_at=datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc),
                                     queued=7, float_available=Money(1_250_000, "KES"),
                                     allowance_remaining=Money(200_000, "KES"), printer="paper out"))
    assert "Offline" in bar.online.text() and "11:00" in bar.online.text()  # Nairobi time
    assert "7" in bar.queued.text() and bar.queued.property("state") == "warn"
    assert "Ksh12,500.00" in bar.float.text()
    assert "Ksh2,000.00" in bar.allowance.text()
    assert "paper out" in bar.printer.text() and bar.printer.property("state") == "warn"
    bar.show_snapshot(StatusSnapshot(online=True, queued=0))
    assert "Online" in bar.online.text() and bar.float.isHidden()


def test_status_comes_from_the_use_case_through_the_runner(qtbot, services, settings, monkeypatch) -> None:  # noqa: ANN001
    from pos_app.ui.app import build_main_window

    threads = []

    def snapshot() -> StatusSnapshot:
        threads.append(threading.current_thread())
        return StatusSnapshot(online=True, queued=3, printer="ready")

    monkeypatch.setattr(services.status, "snapshot", snapshot)
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    try:
        wait_idle(qtbot, w)
        assert "3" in w.status.queued.text() and "Online" in w.login.online.text()
        assert threads and threads[0] is not threading.main_thread()
    finally:
        w.shutdown()


def test_status_snapshot_counts_queued_sales(services) -> None:  # noqa: ANN001
    from ui_helpers import record

    record(services)
    record(services)
    snap = services.status.snapshot()
    assert snap.queued == 2 and snap.online is None and snap.oldest_queued_at is not None


def test_task_runner_delivers_on_the_gui_thread(qtbot) -> None:  # noqa: ANN001
    runner = TaskRunner()
    seen = {}

    def work(x: int) -> int:
        seen["worker"] = threading.current_thread()
        return x * 2

    def done(value: int) -> None:
        seen["gui"] = threading.current_thread()
        seen["value"] = value

    runner.run(work, 21, on_done=done)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert seen["value"] == 42
    assert seen["gui"] is threading.main_thread() and seen["worker"] is not threading.main_thread()

    errors = []
    runner.run(lambda: (_ for _ in ()).throw(ValidationError("amount_invalid", "bad")), on_error=errors.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert errors and errors[0].code == "amount_invalid"

    with qtbot.waitSignal(runner.error, timeout=5000):
        runner.run(lambda: 1 / 0)  # nobody handles it: the window's banner does

    owner = QObject()
    called = []
    runner.run(lambda: 1, on_done=called.append, owner=owner)
    import shiboken6

    shiboken6.delete(owner)  # the screen went away before the answer came
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert called == []
    assert runner.shutdown()


def test_excepthook_shows_the_error_and_keeps_the_window(qtbot, window) -> None:  # noqa: ANN001
    login(qtbot, window)
    window.sale.number_page.msisdn.setText("0712")
    previous = install_excepthook(window.show_unexpected_error)
    try:
        try:
            raise KeyError("boom")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert window.isVisible()
    assert "KeyError" in window.banner.text()
    assert window.sale.number_page.msisdn.text() == "0712"
    QApplication.processEvents()


def test_voucher_sale_shows_the_pin_large(qtbot, window) -> None:  # noqa: ANN001
    s = window.sale
    login(qtbot, window)
    from ui_helpers import type_in

    type_in(qtbot, "sale.msisdn", "0712345678")
    qtbot.mouseClick(s.amount_page.products.tile("SAF-PIN"), Qt.MouseButton.LeftButton)
    type_in(qtbot, "sale.amount", "100")  # a denomination of the voucher product: stays on it
    assert s.draft.product_code == "SAF-PIN"
    type_in(qtbot, "sale.tendered", "100")
    wait_idle(qtbot, window)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert s.result is not None and s.result.voucher_pin
    assert s.result_page.result_voucher.isVisible() and s.result.voucher_serial in s.result_page.result_voucher.text()
    assert s.result.voucher_pin[:4] in s.result_page.result_voucher.text()


def test_every_key_widget_has_an_object_name_and_an_accessible_name(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

    login(qtbot, window)
    from ui_helpers import sell_to_confirm

    sell_to_confirm(qtbot, window)  # builds the product, denomination and quick-cash buttons
    missing = []
    for cls in (QLineEdit, QPushButton, QComboBox):
        for widget in window.findChildren(cls):
            if isinstance(widget.parent(), QComboBox):
                continue  # a combo box's own editor
            if not widget.objectName() or not widget.accessibleName():
                missing.append((cls.__name__, widget.objectName(), widget.text() if hasattr(widget, "text") else ""))
    assert missing == []


def test_online_fast_path_updates_the_result(qtbot, services, settings) -> None:  # noqa: ANN001
    """Sell's fast path (its SaleSubmitter port; the sync engine in the till) turns the result SUCCESS."""
    from pos_app.ui.app import build_main_window

    class Server:  # stands in for the server's answer
        def believed_offline(self) -> bool:
            return False

        def submit_now(self, sale_id: str, timeout: float = 2.0) -> SaleStatus:
            with UnitOfWork(services.db) as uow:
                uow.sales.set_status(sale_id, SaleStatus.CONFIRMED, to_ms(services.clock.now()), server_ref="SRV-7")
                uow.commit()
            return SaleStatus.CONFIRMED

    services.sell.submitter = Server()
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    try:
        wait_idle(qtbot, w)
        _finish_sale(qtbot, w)
        wait_idle(qtbot, w)
        assert "SUCCESS" in w.sale.result_page.result_status.text() and "SRV-7" in w.sale.result_page.result_detail.text()
    finally:
        w.shutdown()


def test_status_snapshot_from_the_server_link_and_the_printer(services) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    from pos_app.application.status import TerminalStatus
    from ui_helpers import record

    record(services)
    link = SimpleNamespace(enrolled=True, status=lambda: SimpleNamespace(
        online=True, last_sync_at=None, queued=2, float_available=Money(100, "KES"), allowance_remaining=None,
        last_error=None))
    snap = TerminalStatus(services.uow, services.terminal, link, SimpleNamespace(printer_line=lambda: "ready", printer_ready=lambda: True)).snapshot()
    assert (snap.online, snap.queued, snap.printer, snap.float_available) == (True, 1, "ready", Money(100, "KES"))
    assert snap.printer_ready is True


def test_status_bar_says_the_printer_once_shortly_and_elides_instead_of_cutting(qtbot, window) -> None:  # noqa: ANN001
    """Issue 12: never "Printer: Printer: …"; a long state is shortened (whole in the tooltip); at
    1024 px the items end in "…" rather than overlap or cut mid-word; the clock stays whole."""
    bar = window.status
    long_state = ("Printer not reachable: Device not found (Could not open socket for 127.0.0.1: "
                  "[Errno 111] Connection refused)")
    bar.show_snapshot(StatusSnapshot(online=True, last_sync_at=datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc),
                                     queued=12, float_available=Money(123_456_789, "KES"),
                                     allowance_remaining=Money(98_765_432, "KES"), printer=long_state,
                                     printer_ready=False))
    bar.set_clerk("Alice Wanjiru-Kamau Odhiambo")
    bar.set_shift("since 08:00")
    assert bar.printer.text() == "Printer not reachable" and "Connection refused" in bar.printer.toolTip()
    assert bar.printer.property("state") == "warn"
    window.resize(1024, 600)
    qtbot.wait(50)
    items = [w for w in (bar.online, bar.queued, bar.float, bar.allowance, bar.printer, bar.clerk, bar.shift,
                         bar.clock) if w.isVisible()]
    for left, right in zip(items, items[1:]):
        assert left.geometry().right() < right.geometry().left(), (left.objectName(), right.objectName())
    assert items[-1].geometry().right() <= bar.width()
    assert not bar.clock.is_elided()
    bar.show_snapshot(StatusSnapshot(printer="PDF", printer_ready=True))
    assert bar.printer.text() == "Receipts: PDF files"
    bar.show_snapshot(StatusSnapshot(printer="tcp://127.0.0.1:9100", printer_ready=True))
    assert bar.printer.text() == "Printer ready" and bar.printer.toolTip() == "tcp://127.0.0.1:9100"


def test_status_bar_shows_one_number_the_clerk_can_sell_up_to(qtbot, window) -> None:  # noqa: ANN001
    """Issue 12: not "Float" and "Offline limit" side by side (one of them never moved): the amount
    this till can still sell — allowance first, then float, online; the allowance alone offline."""
    bar = window.status
    bar.show_snapshot(StatusSnapshot(online=True, float_available=Money(1_250_000, "KES"),
                                     allowance_remaining=Money(200_000, "KES")))
    assert bar.can_sell.isVisible() and bar.can_sell.text() == "Can sell up to Ksh14,500.00"
    assert "Ksh12,500.00" in bar.can_sell.toolTip() and "Ksh2,000.00" in bar.can_sell.toolTip()
    assert bar.float.isHidden() and bar.allowance.isHidden()
    bar.show_snapshot(StatusSnapshot(online=False, float_available=Money(1_250_000, "KES"),
                                     allowance_remaining=Money(200_000, "KES")))
    assert bar.can_sell.text() == "Can sell up to Ksh2,000.00"
    bar.show_snapshot(StatusSnapshot(online=None))
    assert bar.can_sell.isHidden()
