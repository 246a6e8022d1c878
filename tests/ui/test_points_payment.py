"""Points as a payment at the till (issue 14 item 2), in a real window over real services: the clerk
picks "Points" from the keyboard (Alt+P), sees how many points the sale takes, and the sale goes the
normal record + outbox path with payment method points. Offline (this till has no server) the till
takes points only within the cap and the cached balance, reduced by its own queued points sales."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from pos_app.application.sale_draft import Step
from pos_app.store.models import OutboxItem as Outbox, Sale
from pos_app.store.uow import UnitOfWork

from ui_helpers import focused, login, press, type_in, wait_idle

NUMBER, TYPED = "+254712345678", "0712345678"


def _keep_view(services, points: int) -> None:  # noqa: ANN001
    """The customer panel's kept server view (as the real server sends it) with `points`."""
    now = int(services.clock.now().timestamp() * 1000)
    body = {"msisdn": NUMBER, "currency": "KES", "main_balance": 0, "bonus_balance": 0,
            "loyalty": {"points": points, "tier": "YELLOW", "tier_name": "Yellow", "next_tier": "GOLD",
                        "next_tier_name": "Gold", "points_to_next": 300 - points, "spend_to_next": 0,
                        "earned_this_cycle": points, "cycle_ends_at_ms": now + 86_400_000, "expiring_points": 0,
                        "expiring_at_ms": None, "points_value": points * 100, "minor_per_point": 100,
                        "offline_cap_points": 500}}
    with UnitOfWork(services.db) as uow:
        uow.customers.keep(NUMBER, body, now)
        uow.commit()


def _points_sale_to_confirm(qtbot, w, amount: str = "100") -> None:  # noqa: ANN001
    type_in(qtbot, "sale.msisdn", TYPED)
    type_in(qtbot, "sale.amount", amount)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.PAYMENT
    qtbot.keyClick(focused("sale.tendered"), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # keyboard reachable
    focused("sale.pointsCost")
    wait_idle(qtbot, w)


def test_points_sale_by_keyboard_offline_within_cap_and_cached_balance(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    _keep_view(services, 150)
    login(qtbot, w)
    _points_sale_to_confirm(qtbot, w)
    page = w.sale.payment_page
    assert page.points_cost.text() == "100 points"  # Ksh100 at 1 point = Ksh1.00
    assert "The customer has 150 points" in page.points_held.text()
    assert "Offline: points can pay at most 150 points now." in page.points_held.text()
    assert page.points_hint.text() == ""
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.CONFIRM
    assert w.sale.confirm_page.confirm_rows["payment"].text() == "Points"
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.RESULT
    with UnitOfWork(services.db, write=False) as uow:
        sale = uow.session.scalars(select(Sale)).one()
        outbox = uow.session.scalars(select(Outbox)).one()
    assert (sale.payment_method, sale.status, sale.tendered, sale.payment_reference) == ("points", "QUEUED", None, None)
    assert json.loads(outbox.payload)["payment_method"] == "points"
    lines = services.customer.receipt_lines(_record(services, sale.id))
    assert lines == ("Points spent: 100 (pending)", "Points earned: 0 (pending)", "Points balance: 50 (pending)")

    # A second points sale: the cached 150 less the queued 100 leaves 50, so Ksh100 cannot go.
    press(qtbot, Qt.Key.Key_Escape)  # next customer
    wait_idle(qtbot, w)
    _points_sale_to_confirm(qtbot, w)
    assert "The customer has 50 points" in page.points_held.text()
    assert "not have enough points" in page.points_hint.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.PAYMENT  # refused here, nothing recorded
    with UnitOfWork(services.db, write=False) as uow:
        assert len(uow.session.scalars(select(Sale)).all()) == 1


def test_points_offline_with_no_cached_view_is_refused(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    _points_sale_to_confirm(qtbot, w)
    page = w.sale.payment_page
    assert "not known here yet" in page.points_held.text()
    assert "has not seen the customer's points" in page.points_hint.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, w)
    assert w.sale.step is Step.PAYMENT


def _record(services, sale_id: str):  # noqa: ANN001, ANN202
    with UnitOfWork(services.db, write=False) as uow:
        return uow.sales.get(sale_id, services.terminal.info.terminal_code)


def test_a_rejected_points_sale_says_no_money_changed_hands(qtbot, window, services) -> None:  # noqa: ANN001
    from pos_app.application.clock import to_ms
    from pos_app.application.sales import AttentionItem, REJECTED
    from pos_app.domain.sale import SaleRequest, SaleStatus
    from pos_app.ui.history.screen import attention_text

    _keep_view(services, 150)
    clerk = services.auth.login("alice", "1234")
    sale = services.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 10_000, "points"))
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(sale.id, SaleStatus.REJECTED, to_ms(services.clock.now()),
                             reject_code="points_insufficient", reject_message="short")
        uow.commit()
    rejected = _record(services, sale.id)
    problem, action = attention_text(AttentionItem(rejected, REJECTED), "en_KE")
    assert "not have enough points" in problem and "points were not used" in action
    assert "give back" not in action
