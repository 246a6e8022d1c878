"""Issue 12: the result screen shows a DISPUTED sale as DISPUTED (as History does), with what to do,
never as PENDING and never with money to give back."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.application.clock import to_ms
from pos_app.application.sale_draft import Step
from pos_app.domain.sale import SaleStatus
from pos_app.store.uow import UnitOfWork

from ui_helpers import login, press, sell_to_confirm, wait_idle


def test_disputed_sale_shows_disputed_with_what_to_do(qtbot, window, services) -> None:  # noqa: ANN001
    login(qtbot, window)
    sell_to_confirm(qtbot, window)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.sale.step is Step.RESULT
    sale = window.sale.result
    answer = "Sale id already accepted from terminal NBO1. Server record: status accepted, server_ref SRV-42."
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.DISPUTED, to_ms(services.clock.now()),
                             reject_code="duplicate_other_terminal", reject_message=answer)
        uow.commit()
    window.sale.refresh_result()
    wait_idle(qtbot, window)
    page = window.sale.result_page
    assert "DISPUTED" in page.result_status.text() and page.result_status.property("state") == "disputed"
    assert "PENDING" not in page.result_status.text()
    assert "SRV-42" in page.result_detail.text()
    assert "Call your manager" in page.result_detail.text() and "Needs attention" in page.result_detail.text()
    assert not page.result_change.isVisible() and "Give back" not in page.result_change.text()
