"""Login, lockout, switch clerk and idle lock."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.ui import settings as opt
from pos_app.ui.app import build_main_window
from pos_app.application.sale_draft import Step

from ui_helpers import focused, login, press, type_in, wait_idle


def test_login_screen_shows_shop_terminal_and_last_user(qtbot, window) -> None:  # noqa: ANN001
    lg = window.login
    assert lg.shop.text() == "Mama Mboga Top-Ups"
    assert "NBO1" in lg.terminal.text()
    assert "not set up" in lg.online.text()
    assert lg.users.current() == "alice"
    focused("login.pin")
    for key in ("login.pin", "login.ok", "login.numpad.5", "login.numpad.ok", "login.user.mary"):
        widget = lg.findChild(type(lg), key) or lg.findChild(type(lg.ok), key) or lg.findChild(type(lg.pin), key)
        assert widget is not None and widget.accessibleName(), key


def test_number_pad_types_the_pin(qtbot, window) -> None:  # noqa: ANN001
    lg = window.login
    for digit in "1234":
        qtbot.mouseClick(lg.findChild(type(lg.ok), f"login.numpad.{digit}"), Qt.MouseButton.LeftButton)
    assert lg.pin.text() == "1234"
    qtbot.mouseClick(lg.numpad.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.sale
    assert window.status.clerk.text().endswith("Alice Wanjiru")


def test_wrong_pin_then_lockout_with_the_wait(qtbot, window) -> None:  # noqa: ANN001
    lg = window.login
    type_in(qtbot, "login.pin", "9999")
    wait_idle(qtbot, window)
    assert "4 tries left" in lg.message.text()
    assert window.stack.currentWidget() is lg
    for _ in range(4):
        type_in(qtbot, "login.pin", "9999")
        wait_idle(qtbot, window)
    assert "Try again in 30 s" in lg.message.text()
    assert not lg.pin.isEnabled() and not lg.ok.isEnabled()


def test_fresh_install_preselects_the_only_clerk_and_a_typed_pin_survives_choosing_a_name(
        qtbot, services, settings) -> None:  # noqa: ANN001
    """Issue 12: the README's "PIN ⏎" works on a fresh install (no last user): the only clerk is
    picked; a PIN typed before choosing another name with the arrows is kept."""
    settings.set(opt.LAST_USER, "")
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    try:
        assert w.login.users.current() == "alice"  # the demo's only clerk
        qtbot.keyClicks(focused("login.pin"), "9876")
        press(qtbot, Qt.Key.Key_Down)  # alice -> mary; the PIN typed stays
        assert w.login.users.current() == "mary" and w.login.pin.text() == "9876"
        type_in(qtbot, "login.pin", "")
        wait_idle(qtbot, w)
        assert w.actor is not None and w.actor.username == "mary"
        assert settings.get(opt.LAST_USER) == "mary"
    finally:
        w.shutdown()


def test_with_two_clerks_and_no_last_user_nobody_is_preselected(qtbot, services, settings) -> None:  # noqa: ANN001
    from pos_app.domain.roles import LOCAL_ADMIN, Role

    services.auth.add_user(LOCAL_ADMIN, "bob", "Bob Kamau", Role.CLERK, "4321")
    settings.set(opt.LAST_USER, "")
    assert services.auth.preselect(None) is None and services.auth.preselect("bob") == "bob"
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    try:
        assert w.login.users.current() is None
        # issue 12: PIN ⏎ with no name chosen logs in the one person with that PIN
        type_in(qtbot, "login.pin", "4321")
        wait_idle(qtbot, w)
        assert w.stack.currentWidget() is w.sale
        assert w.status.clerk.text().endswith("Bob Kamau")
    finally:
        w.shutdown()


def test_pin_only_with_a_wrong_pin_says_to_choose_the_name(qtbot, services, settings) -> None:  # noqa: ANN001
    from pos_app.domain.roles import LOCAL_ADMIN, Role

    services.auth.add_user(LOCAL_ADMIN, "bob", "Bob Kamau", Role.CLERK, "4321")
    settings.set(opt.LAST_USER, "")
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    wait_idle(qtbot, w)
    try:
        type_in(qtbot, "login.pin", "5555")
        wait_idle(qtbot, w)
        assert w.stack.currentWidget() is w.login
        assert "No single person has this PIN" in w.login.message.text() and w.login.pin.text() == ""
        type_in(qtbot, "login.pin", "")  # Enter with nothing typed and no name: what to do
        assert "Type your PIN, or tap your name" in w.login.message.text()
    finally:
        w.shutdown()


def test_lock_keeps_the_draft_for_the_same_clerk_only(qtbot, window) -> None:  # noqa: ANN001
    w = window
    login(qtbot, w)
    type_in(qtbot, "sale.msisdn", "0712345678")
    qtbot.keyClicks(focused("sale.amount"), "100")
    press(qtbot, Qt.Key.Key_F12)
    assert w.stack.currentWidget() is w.login
    assert "Locked" in w.status.clerk.text()
    login(qtbot, w)
    assert w.sale.step is Step.AMOUNT and focused("sale.amount").text() == "100"
    press(qtbot, Qt.Key.Key_F12)
    press(qtbot, Qt.Key.Key_Down)  # switch clerk: mary
    assert w.login.users.current() == "mary"
    login(qtbot, w, "9876")
    assert w.sale.step is Step.NUMBER and focused("sale.msisdn").text() == ""


def test_idle_lock(qtbot, services, settings) -> None:  # noqa: ANN001
    settings.set(opt.IDLE_LOCK_SECONDS, 1)
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    try:
        login(qtbot, w)
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.login, timeout=4000)
        assert "without use" in w.login.message.text()
        assert w.login.users.current() == "alice"
    finally:
        w.shutdown()


def test_the_pad_keys_fit_inside_the_card_at_1024x600(qtbot, window) -> None:  # noqa: ANN001
    """Issue 12: at 1024×600 the number pad's OK key was clipped by the card's bottom edge."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QFrame, QPushButton

    for size, message in (((1024, 600), ""), ((1024, 600), "Wrong PIN. 4 tries left. " * 4), ((1280, 800), ""),
                          ((1920, 1080), "")):
        window.resize(*size)
        window.login.message.setText(message)  # a two-line message under the PIN must not push the pad out
        qtbot.wait(50)
        card = window.login.findChild(QFrame, "login.card")
        inner = card.contentsRect()
        for key in window.login.numpad.findChildren(QPushButton):
            r = QRect(key.mapTo(card, QPoint(0, 0)), key.size())
            assert inner.contains(r), (size, key.objectName(), r, inner)
            assert key.height() >= key.minimumSizeHint().height(), (size, key.objectName())
        assert window.login.rect().contains(QRect(card.mapTo(window.login, QPoint(0, 0)), card.size())), size
