"""Settings: this till's preferences (QSettings, pos_app/ui/settings.py) and the shop's business
settings (database, pos_app/application/settings.py). Managers change the till's preferences and make
backups; the business settings need an administrator (checked again in the service). Everything
is read and written through the TaskRunner."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from pos_app.application import settings as bs
from pos_app.domain.roles import Actor, Permission

from .. import errors as E
from .. import settings as opt
from ..i18n import available_languages, resolve_language
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..util import name, set_state


class SettingsDialog(QDialog):
    """``rerun_setup`` asks the main window to open the setup wizard (administrators only)."""

    rerun_setup = Signal()
    saved = Signal()

    def __init__(self, app, runner: TaskRunner, settings: UiSettings, actor: Actor,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumSize(640, 460)
        self.app = app
        self.runner = runner
        self.settings = settings
        self.actor = actor
        self.can_configure = actor.can(Permission.CONFIGURE)
        self.business: dict[bs.Setting[Any], Any] = {}
        self.language_at_start = resolve_language(settings.get(opt.LANGUAGE))

        v = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        name(self.tabs, "settings.tabs", self.tr("Settings pages"))
        v.addWidget(self.tabs)
        self._build_till_tab()
        self._build_shop_tab()
        self._build_printer_tab()
        self._build_backup_tab()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        name(self.message, "settings.message", self.tr("Message"))
        v.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        name(self.buttons.button(QDialogButtonBox.StandardButton.Save), "settings.save", self.tr("Save settings"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self._set_busy(True)
        self.runner.run(self._read, owner=self, name="settings.load", on_done=self._loaded, on_error=self._failed)

    # --- pages ---

    def _build_till_tab(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.language = QComboBox(page)
        name(self.language, "settings.language", self.tr("Language"))
        for code, label in available_languages():
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.language_at_start)))
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(QLabel(self.tr("A new language shows after the app is started again."), page))
        self.idle_lock = QSpinBox(page)
        name(self.idle_lock, "settings.idleLock", self.tr("Lock after seconds without use"))
        self.idle_lock.setRange(0, 3600)
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        self.idle_lock.setValue(self.settings.get(opt.IDLE_LOCK_SECONDS))
        form.addRow(self.tr("Lock after (&seconds without use)"), self.idle_lock)
        self.numpad = QCheckBox(self.tr("Show the number pad on the sale screen"), page)
        name(self.numpad, "settings.numpad", self.tr("Show the number pad"))
        self.numpad.setChecked(self.settings.get(opt.SHOW_NUMPAD))
        form.addRow(self.numpad)
        self.tabs.addTab(page, self.tr("This till"))

    def _build_shop_tab(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.shop_name = QLineEdit(page)
        name(self.shop_name, "settings.shopName", self.tr("Shop name"))
        form.addRow(self.tr("Shop &name"), self.shop_name)
        self.shop_address = QLineEdit(page)
        name(self.shop_address, "settings.shopAddress", self.tr("Shop address"))
        form.addRow(self.tr("&Address"), self.shop_address)
        self.footer = QLineEdit(page)
        name(self.footer, "settings.footer", self.tr("Receipt footer"))
        form.addRow(self.tr("Receipt &footer"), self.footer)
        self.terminal_line = QLabel(page)
        name(self.terminal_line, "settings.terminal", self.tr("Terminal"))
        form.addRow(self.tr("Terminal"), self.terminal_line)
        self.rerun_button = QPushButton(self.tr("Run &setup again…"), page)
        name(self.rerun_button, "settings.rerunSetup", self.tr("Run setup again"))
        self.rerun_button.setVisible(self.can_configure)
        self.rerun_button.clicked.connect(self._rerun)
        form.addRow(self.rerun_button)
        if not self.can_configure:
            form.addRow(QLabel(self.tr("Only an administrator can change the shop's settings."), page))
        self.tabs.addTab(page, self.tr("Shop"))

    def _build_printer_tab(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.printer_uri = QLineEdit(page)
        name(self.printer_uri, "settings.printerUri", self.tr("Printer address"))
        self.printer_uri.setPlaceholderText(self.tr("empty: PDF files in the data folder"))
        form.addRow(self.tr("Printer &address"), self.printer_uri)
        # issue 12: what is wrong with a typed address, in the printing adapter's own words, beside the field
        self.printer_error = QLabel(page)
        self.printer_error.setWordWrap(True)
        self.printer_error.setProperty("role", "hint")
        name(self.printer_error, "settings.printerError", self.tr("What is wrong with the printer address"))
        form.addRow("", self.printer_error)
        self.printer_uri.textEdited.connect(lambda _text: self._printer_problem(""))
        self.kick_drawer = QCheckBox(self.tr("Open the cash drawer for cash sales"), page)
        name(self.kick_drawer, "settings.kickDrawer", self.tr("Open the cash drawer"))
        form.addRow(self.kick_drawer)
        if not self.can_configure:
            who = QLabel(self.tr("Only an administrator can change the printer."), page)
            name(who, "settings.printerWho", self.tr("Who may change the printer"))
            form.addRow(who)
        else:
            form.addRow(QLabel(self.tr("A new printer is used from the next receipt on; no restart is needed."), page))
        self.printer_tab = self.tabs.addTab(page, self.tr("Printer"))

    def _build_backup_tab(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.backup_daily = QCheckBox(self.tr("Back up the database every day"), page)
        name(self.backup_daily, "settings.backupDaily", self.tr("Daily backup"))
        form.addRow(self.backup_daily)
        self.backup_keep = QSpinBox(page)
        name(self.backup_keep, "settings.backupKeep", self.tr("Backups to keep"))
        self.backup_keep.setRange(bs.BACKUP_KEEP.minimum or 1, bs.BACKUP_KEEP.maximum or 365)
        form.addRow(self.tr("Backups to &keep"), self.backup_keep)
        row = QHBoxLayout()
        self.backup_now = QPushButton(self.tr("&Back up now"), page)
        name(self.backup_now, "settings.backupNow", self.tr("Back up now"))
        self.backup_now.clicked.connect(self._backup_now)
        row.addWidget(self.backup_now)
        row.addStretch(1)
        form.addRow(row)
        self.backup_status = QLabel(page)
        self.backup_status.setWordWrap(True)
        name(self.backup_status, "settings.backupStatus", self.tr("Last backup"))
        form.addRow(self.backup_status)
        self.tabs.addTab(page, self.tr("Backups"))

    # --- load ---

    def _read(self) -> tuple[dict, str | None]:
        values = self.app.settings.values()
        newest = self.app.backup.newest()
        return values, (newest.name if newest else None)

    def _loaded(self, result: tuple[dict, str | None]) -> None:
        self.business, newest = result
        b = self.business
        self.shop_name.setText(b[bs.SHOP_NAME])
        self.shop_address.setText(b[bs.SHOP_ADDRESS])
        self.footer.setText(b[bs.RECEIPT_FOOTER])
        self.terminal_line.setText(f"{b[bs.TERMINAL_CODE]} · {b[bs.COUNTRY]} · {b[bs.CURRENCY]} · "
                                   f"{b[bs.SERVER_URL] or self.tr('no server')}")
        self.printer_uri.setText(b[bs.PRINTER_URI])
        self.kick_drawer.setChecked(b[bs.PRINTER_KICK_DRAWER])
        self.backup_daily.setChecked(b[bs.BACKUP_DAILY])
        self.backup_keep.setValue(b[bs.BACKUP_KEEP])
        self.backup_status.setText(self.tr("Newest backup: %1").replace("%1", newest) if newest
                                   else self.tr("No backup yet."))
        for w in (self.shop_name, self.shop_address, self.footer, self.printer_uri, self.kick_drawer,
                  self.backup_daily, self.backup_keep):
            w.setEnabled(self.can_configure)
        self._set_busy(False)

    # --- save ---

    def business_changes(self) -> dict[bs.Setting[Any], Any]:
        if not self.can_configure:
            return {}
        wanted = {bs.SHOP_NAME: self.shop_name.text().strip(), bs.SHOP_ADDRESS: self.shop_address.text().strip(),
                  bs.RECEIPT_FOOTER: self.footer.text().strip(), bs.PRINTER_URI: self.printer_uri.text().strip(),
                  bs.PRINTER_KICK_DRAWER: self.kick_drawer.isChecked(),
                  bs.BACKUP_DAILY: self.backup_daily.isChecked(), bs.BACKUP_KEEP: self.backup_keep.value()}
        return {s: v for s, v in wanted.items() if self.business.get(s) != v}

    def save(self) -> None:
        self.settings.set(opt.LANGUAGE, self.language.currentData() or "")
        self.settings.set(opt.IDLE_LOCK_SECONDS, self.idle_lock.value())
        self.settings.set(opt.SHOW_NUMPAD, self.numpad.isChecked())
        changes = self.business_changes()
        if not changes:
            self._done_saving({})
            return
        self._set_busy(True)
        self.runner.run(self.app.first_run.save_settings, self.actor, changes, owner=self, name="settings.save",
                        on_done=self._done_saving, on_error=self._failed)

    def printer_changed(self) -> str | None:
        """The new printer address if this save changed it ("" = PDF files), else None."""
        return self.saved_changes.get(bs.PRINTER_URI.key)

    saved_changes: dict = {}

    def _done_saving(self, changed: dict) -> None:
        self.saved_changes = dict(changed or {})
        self._set_busy(False)
        self.saved.emit()
        self.accept()

    def language_changed(self) -> bool:
        return (self.language.currentData() or "en") != self.language_at_start

    # --- actions ---

    def _backup_now(self) -> None:
        self.backup_now.setEnabled(False)
        keep = self.backup_keep.value()
        self.runner.run(self.app.backup, self.actor, None, keep, owner=self, name="settings.backup",
                        on_done=self._backed_up, on_error=self._failed)

    def _backed_up(self, path) -> None:  # noqa: ANN001
        self.backup_now.setEnabled(True)
        self.backup_status.setText(self.tr("Backup written: %1").replace("%1", str(path)))
        set_state(self.backup_status, "ok")

    def _rerun(self) -> None:
        self.rerun_setup.emit()
        self.reject()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.backup_now.setEnabled(True)
        if getattr(exc, "code", None) == "printer_uri_invalid":
            self.message.setText("")
            set_state(self.message, None)
            self.tabs.setCurrentIndex(self.printer_tab)
            self._printer_problem(E.field_message(exc))
            self.printer_uri.setFocus()
            return
        self.message.setText(E.friendly(exc))
        set_state(self.message, "error")

    def _printer_problem(self, text: str) -> None:
        self.printer_error.setText(text)
        set_state(self.printer_error, "error" if text else None)
        set_state(self.printer_uri, "error" if text else None)

    def _set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

