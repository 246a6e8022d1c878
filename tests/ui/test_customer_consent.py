"""Reminder consent at the counter (till-points), in a real window: the customer panel shows the
consent for the typed number; the clerk ticks it (date and clerk recorded), and unticks it to withdraw."""
from __future__ import annotations

from ui_helpers import login, type_in, wait_idle


def test_consent_ticked_and_withdrawn_in_the_customer_panel(qtbot, window, services) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    type_in(qtbot, "sale.msisdn", "0712345678", enter=False)
    panel = w.sale.customer
    qtbot.waitUntil(lambda: panel.reminders.isVisibleTo(panel), timeout=5_000)
    assert not panel.reminders.isChecked() and panel.reminders_state.text() == "not asked yet"
    panel.reminders.click()
    qtbot.waitUntil(lambda: panel.reminders_state.text().startswith("agreed"), timeout=5_000)
    assert panel.reminders_state.text().endswith("Alice Wanjiru")
    assert services.consent.status("+254712345678").opted_in
    panel.reminders.click()
    qtbot.waitUntil(lambda: panel.reminders_state.text().startswith("withdrawn"), timeout=5_000)
    assert not services.consent.status("+254712345678").opted_in
    wait_idle(qtbot, w)
