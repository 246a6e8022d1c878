"""Screenshots of every till screen at the smallest and largest supported sizes.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots]

Uses a throwaway demo data directory; the clock is fixed so pictures are stable.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from pos_app.domain.sale import SaleRequest, SaleStatus  # noqa: E402
from pos_app.runtime import Runtime  # noqa: E402
from pos_app.application.clock import FixedClock, to_ms  # noqa: E402
from pos_app.store.uow import UnitOfWork  # noqa: E402
from pos_app.ui import settings as opt  # noqa: E402
from pos_app.ui.app import build_main_window, ensure_application  # noqa: E402
from pos_app.ui.settings import UiSettings  # noqa: E402

SIZES = ((1024, 600), (1920, 1080))
START = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


class Shooter:
    def __init__(self, app: QApplication, window, out: Path, size: tuple[int, int]) -> None:  # noqa: ANN001
        self.app = app
        self.w = window
        self.out = out
        self.size = size

    def settle(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.app.processEvents()
            if self.w.runner.is_idle():
                break
            QTest.qWait(5)
        QTest.qWait(30)
        self.app.processEvents()

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        self.settle()
        path = self.out / f"{name}-{self.size[0]}x{self.size[1]}.png"
        (widget or self.w).grab().save(str(path))
        print(path)

    def keys(self, text: str, enter: bool = True) -> None:
        target = self.app.focusWidget() or self.w.stack.currentWidget()
        if text:
            QTest.keyClicks(target, text)
        if enter:
            QTest.keyClick(self.app.focusWidget() or self.w.stack.currentWidget(), Qt.Key.Key_Return)
        self.settle()

    def key(self, key: Qt.Key) -> None:
        QTest.keyClick(self.app.focusWidget() or self.w.stack.currentWidget(), key)
        self.settle()


def seed_history(services: Runtime, clock: FixedClock) -> None:
    alice = services.auth.login("alice", "1234")
    mary = services.auth.login("mary", "9876")
    early = services.sell.record(alice, SaleRequest("0722000111", "SAF-FIXED", 50000, "cash", 50000))
    services.sell.record(mary, SaleRequest("0733123456", "AIR-AIRTIME", 25000, "mobile_money", None, "QK7TX91"))
    rejected = services.sell.record(alice, SaleRequest("0771234567", "TKL-FIXED", 10000, "cash", 20000))
    services.sell.record(alice, SaleRequest("0712345678", "SAF-PIN", 10000, "card", None, "AUTH-5521"))
    with UnitOfWork(services.db) as uow:
        now = to_ms(clock.now())
        uow.sales.set_status(rejected.id, SaleStatus.REJECTED, now, reject_code="operator_unavailable",
                             reject_message="Telkom is not answering; nothing was charged.")
        uow.commit()
    del early
    clock.advance(minutes=40)  # the first sales are now "queued for long"


def run(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_application(sys.argv[:1])
    for size in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            clock = FixedClock(START)
            services = Runtime.open(Path(tmp) / "data", clock=clock)
            services.setup.seed_demo()
            seed_history(services, clock)
            settings = UiSettings.in_file(Path(tmp) / "ui.ini")
            settings.set(opt.LAST_USER, "alice")
            settings.set(opt.IDLE_LOCK_SECONDS, 0)
            settings.set(opt.RESULT_POLL_SECONDS, 0)
            w = build_main_window(services, settings=settings)
            w.resize(*size)
            w.show()
            w.activateWindow()
            s = Shooter(app, w, out, size)
            try:
                shoot_all(s, services, clock)
            finally:
                w.shutdown()
                w.close()
                w.deleteLater()
                app.processEvents()
                services.close()
    return 0


def shoot_all(s: Shooter, services: Runtime, clock: FixedClock) -> None:
    w = s.w
    s.shot("01-login")
    s.keys("1111")
    s.shot("02-login-wrong-pin")
    s.keys("1234")
    s.shot("03-sale-empty")
    s.keys("0712 34", enter=True)
    s.shot("04-sale-number-error")
    s.key(Qt.Key.Key_Escape)
    s.keys("0712345678", enter=False)
    s.shot("05-sale-number")
    s.keys("")
    s.keys("150", enter=False)
    s.shot("06-sale-amount-range")
    QTest.keyClick(w.sale.amount_page.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    s.keys("10.5", enter=False)
    s.keys("")
    s.shot("07-sale-amount-off-step")
    QTest.keyClick(w.sale.amount_page.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    s.keys("150")
    s.keys("500", enter=False)
    s.shot("08-sale-payment-cash")
    s.keys("")
    s.shot("09-sale-confirm")
    s.keys("")
    s.shot("10-result-pending")
    sale = w.sale.result
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.CONFIRMED, to_ms(clock.now()), server_ref="KE-SRV-0009121")
        uow.commit()
    w.sale.refresh_result()
    s.shot("11-result-success")
    # A voucher sale that the server rejects.
    w.sale.new_sale()
    s.keys("0712345678")
    w.sale.amount_page.products.tile("SAF-PIN").click()
    s.settle()
    s.shot("12-sale-amount-voucher")
    w.findChild(QWidget, "sale.denom.10000").click()
    w.sale.payment_page.methods.tile("mobile_money").click()
    s.keys("QK7TX91", enter=False)
    s.shot("13-sale-payment-mobile-money")
    s.keys("")
    s.keys("")
    sale = w.sale.result
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.REJECTED, to_ms(clock.now()), reject_code="float_insufficient",
                             reject_message="The shop's float is too low for this top-up.")
        uow.commit()
    w.sale.refresh_result()
    s.shot("14-result-rejected")
    s.key(Qt.Key.Key_F8)
    s.shot("15-history")
    w.history.tabs.setCurrentIndex(1)
    w.history.attention.selectRow(0)
    s.shot("16-needs-attention")
    w.history.tabs.setCurrentIndex(0)
    w.history.all_button.click()
    s.settle()
    dialog = w.history.dialog
    dialog.set_user("alice")
    QTest.keyClicks(dialog.pin, "1234")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    s.settle()
    s.shot("17-approval-refused", dialog)
    dialog.reject()
    s.settle()
    s.key(Qt.Key.Key_Escape)
    s.key(Qt.Key.Key_F12)
    s.shot("18-locked")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    return run(parser.parse_args().out)


if __name__ == "__main__":
    sys.exit(main())
