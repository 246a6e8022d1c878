"""The settings screen: an administrator changes business settings (database, audited) and this
till's preferences (QSettings); a manager only the preferences. All through the TaskRunner."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from pos_app.application import settings as bs
from pos_app.ui import settings as opt
from pos_app.ui.settings_dialog import SettingsDialog
from pos_app.ui.tasks import TaskRunner


def _dialog(qtbot, services, settings, username, pin):  # noqa: ANN001, ANN202
    runner = TaskRunner()
    d = SettingsDialog(services, runner, settings, services.auth.login(username, pin))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(runner.is_idle, timeout=10_000)
    return d, runner


def test_admin_changes_business_settings_and_preferences(qtbot, services, settings):  # noqa: ANN001
    d, runner = _dialog(qtbot, services, settings, "admin", "0000")
    assert d.shop_name.text() == "Mama Mboga Top-Ups" and d.shop_name.isEnabled()
    assert d.backup_keep.value() == bs.BACKUP_KEEP.default
    d.shop_name.setText("Mama Mboga Express")
    d.backup_keep.setValue(7)
    d.language.setCurrentIndex(d.language.findData("fr"))
    d.idle_lock.setValue(120)
    qtbot.mouseClick(d.backup_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(runner.is_idle, timeout=10_000)
    assert "pos-" in d.backup_status.text()
    assert d.language_changed()
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    store = services.settings
    assert store.get(bs.SHOP_NAME) == "Mama Mboga Express" and store.get(bs.BACKUP_KEEP) == 7
    assert services.terminal.info.shop_name == "Mama Mboga Express"
    assert settings.get(opt.LANGUAGE) == "fr" and settings.get(opt.IDLE_LOCK_SECONDS) == 120
    runner.shutdown()


def test_manager_sees_business_settings_read_only(qtbot, services, settings):  # noqa: ANN001
    d, runner = _dialog(qtbot, services, settings, "mary", "9876")
    assert not d.shop_name.isEnabled() and not d.rerun_button.isVisible()
    assert d.business_changes() == {}
    d.numpad.setChecked(False)
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert settings.get(opt.SHOW_NUMPAD) is False
    runner.shutdown()


def test_settings_entry_in_the_main_window(qtbot, window):  # noqa: ANN001
    from ui_helpers import login, wait_idle
    login(qtbot, window)  # alice, a clerk
    window.open_settings()
    assert getattr(window, "settings_dialog", None) is None  # a clerk is told to ask a manager
    window.lock()
    wait_idle(qtbot, window)
    window.actor = window.app.auth.login("mary", "9876")
    window.open_settings()
    assert isinstance(window.settings_dialog, SettingsDialog)
    wait_idle(qtbot, window)
    window.settings_dialog.reject()
