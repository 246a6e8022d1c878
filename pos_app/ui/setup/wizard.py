"""First-run setup: language and country, the prepaid server, the first manager, the printer and
the shop. A thin front end over the application's first-run and enroll use cases; every blocking call (enrollment, USB
discovery, the test page, writing the settings) goes through the TaskRunner.

An administrator can run it again from Settings (``rerun=True``): it is then pre-filled, the
server page only shows the enrollment, and a new manager is optional.
"""
from __future__ import annotations

import logging
import platform
import socket

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget, QWizard,
                               QWizardPage)

from pos_app.application import firstrun
from pos_app.application import settings as bs
from pos_app.application.auth import is_valid_pin
from pos_app.application.enroll import EnrollResult
from pos_app.domain.roles import LOCAL_ADMIN, Actor

from .. import errors as E
from .. import settings as opt
from ..i18n import available_languages, resolve_language
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..util import name, set_state

log = logging.getLogger(__name__)


def _status(label: QLabel, text: str, state: str | None = None) -> None:
    label.setText(text)
    set_state(label, state)


def _system_country() -> str:
    code = QLocale.territoryToCode(QLocale().territory())
    return code if len(code) == 2 and code != "ZZ" else bs.COUNTRY.default


class LanguagePage(QWizardPage):
    """Language (applied at once: the wizard is rebuilt in it), country, currency, time zone."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Welcome to TopUp POS"))
        self.setSubTitle(self.tr("Choose the language and where this shop is. You can change them later in Settings."))
        form = QFormLayout(self)
        self.language = QComboBox(self)
        name(self.language, "setup.language", self.tr("Language"))
        for code, label in available_languages():
            self.language.addItem(label, code)
        form.addRow(self.tr("&Language"), self.language)
        self.country = QComboBox(self)
        name(self.country, "setup.country", self.tr("Country"))
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, label in firstrun.country_names(wizard.language):
            self.country.addItem(f"{label} ({code})", code)
        form.addRow(self.tr("&Country"), self.country)
        self.currency = QLineEdit(self)
        name(self.currency, "setup.currency", self.tr("Currency"))
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText(bs.CURRENCY.default)
        form.addRow(self.tr("C&urrency"), self.currency)
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        name(self.timezone, "setup.timezone", self.tr("Time zone"))
        form.addRow(self.tr("&Time zone"), self.timezone)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.currency.textChanged.connect(self.completeChanged)

    def load(self, language: str, country: str, currency: str, timezone: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.country.setCurrentIndex(max(0, self.country.findData(country)))
        self._country_changed()
        if currency:
            self.currency.setText(currency)
        if timezone:
            self.timezone.setCurrentText(timezone)

    def _country_changed(self) -> None:
        code = self.country.currentData() or ""
        currency, zone = firstrun.country_defaults(code)
        self.timezone.clear()
        self.timezone.addItems(firstrun.country_zones(code))
        self.timezone.setCurrentText(zone)
        if currency:
            self.currency.setText(currency)

    def isComplete(self) -> bool:
        return len(self.currency.text().strip()) == 3 and bool(self.country.currentData())


class ServerPage(QWizardPage):
    """Enroll with the prepaid server using the one-time code from its administrator."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.enrolled: EnrollResult | None = None
        self.busy = False
        self.setTitle(self.tr("Prepaid server"))
        self.setSubTitle(self.tr("Type the server address and the enrollment code the server's administrator "
                                 "gave you (pos-server issue-code)."))
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.url = QLineEdit(self)
        name(self.url, "setup.serverUrl", self.tr("Server address"))
        self.url.setPlaceholderText("https://prepaid.example.com")
        form.addRow(self.tr("Server &address"), self.url)
        self.code = QLineEdit(self)
        name(self.code, "setup.enrollCode", self.tr("Enrollment code"))
        form.addRow(self.tr("Enrollment &code"), self.code)
        self.label = QLineEdit(socket.gethostname() or platform.node() or "Till", self)
        name(self.label, "setup.tillName", self.tr("Name of this till"))
        form.addRow(self.tr("&Name of this till"), self.label)
        v.addLayout(form)
        row = QHBoxLayout()
        self.enroll_button = QPushButton(self.tr("&Enroll now"), self)
        name(self.enroll_button, "setup.enroll", self.tr("Enroll now"))
        row.addWidget(self.enroll_button)
        row.addStretch(1)
        v.addLayout(row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        name(self.status, "setup.enrollStatus", self.tr("Enrollment status"))
        v.addWidget(self.status)
        self.offline = QCheckBox(self.tr("Set up without a server for now (enroll later with pos-admin enroll)"), self)
        name(self.offline, "setup.noServer", self.tr("Set up without a server"))
        v.addWidget(self.offline)
        v.addStretch(1)
        self.enroll_button.clicked.connect(self.enroll)
        self.code.returnPressed.connect(self.enroll)
        self.offline.toggled.connect(self.completeChanged)

    def show_enrolled(self, terminal_code: str, server_url: str) -> None:
        self.url.setText(server_url)
        for w in (self.url, self.code, self.label, self.enroll_button, self.offline):
            w.setEnabled(False)
        _status(self.status, self.tr("This till is enrolled as %1 with %2.").replace("%1", terminal_code)
                .replace("%2", server_url), "ok")

    def enroll(self) -> None:
        if self.busy or self.enrolled is not None:
            return
        self.busy = True
        self.enroll_button.setEnabled(False)
        _status(self.status, self.tr("Enrolling…"), None)
        self.wiz.runner.run(self.wiz.app.enroll, self.url.text(), self.code.text(),
                            self.label.text().strip() or "Till", self.wiz.actor, owner=self, name="setup.enroll",
                            on_done=self._enrolled, on_error=self._failed)

    def _enrolled(self, result: EnrollResult) -> None:
        self.busy = False
        self.enrolled = result
        self.show_enrolled(result.terminal_code, result.server_url)
        if result.warning:
            _status(self.status, self.status.text() + " " + self.tr("The catalog will be fetched later: %1")
                    .replace("%1", result.warning), "warning")
        self.wiz.server_enrolled(result)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.enroll_button.setEnabled(True)
        _status(self.status, E.friendly(exc), "error")

    def isComplete(self) -> bool:
        return not self.busy and (self.enrolled is not None or self.offline.isChecked()
                                  or not self.enroll_button.isEnabled() and self.wiz.rerun)


class ManagerPage(QWizardPage):
    """The first manager: name, user name and a PIN typed twice."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(wizard)
        self.optional = False
        self.setTitle(self.tr("First manager"))
        self.setSubTitle(self.tr("The manager logs in with this PIN, adds clerks and closes the day."))
        form = QFormLayout(self)
        self.full_name = QLineEdit(self)
        name(self.full_name, "setup.managerName", self.tr("Manager's name"))
        form.addRow(self.tr("&Name"), self.full_name)
        self.username = QLineEdit(self)
        name(self.username, "setup.managerUser", self.tr("User name"))
        form.addRow(self.tr("&User name"), self.username)
        self.pin = QLineEdit(self)
        self.pin2 = QLineEdit(self)
        for w, obj, label in ((self.pin, "setup.pin", self.tr("PIN")), (self.pin2, "setup.pin2", self.tr("PIN again"))):
            name(w, obj, label)
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setMaxLength(8)
            w.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            w.textChanged.connect(self._check)
        form.addRow(self.tr("&PIN (4 to 8 digits)"), self.pin)
        form.addRow(self.tr("PIN &again"), self.pin2)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        name(self.hint, "setup.pinHint", self.tr("PIN check"))
        form.addRow(self.hint)
        self.full_name.textChanged.connect(self._name_changed)
        self.username.textEdited.connect(lambda _t: setattr(self, "_user_edited", True))
        self._user_edited = False

    def make_optional(self) -> None:
        self.optional = True
        self.setSubTitle(self.tr("This terminal has a manager already. Fill this in only to add another one."))

    def _name_changed(self, text: str) -> None:
        if not self._user_edited:
            self.username.setText(firstrun.suggest_username(text) if text.strip() else "")
        self.completeChanged.emit()

    def _check(self) -> None:
        pin, again = self.pin.text(), self.pin2.text()
        if pin and not is_valid_pin(pin):
            _status(self.hint, self.tr("A PIN is 4 to 8 digits."), "error")
        elif again and pin != again:
            _status(self.hint, self.tr("The two PINs are different."), "error")
        elif pin and pin == again:
            _status(self.hint, self.tr("The PINs match."), "ok")
        else:
            _status(self.hint, "")
        self.completeChanged.emit()

    def filled(self) -> bool:
        return bool(self.full_name.text().strip() or self.pin.text())

    def isComplete(self) -> bool:
        if self.optional and not self.filled():
            return True
        pin = self.pin.text()
        return bool(self.full_name.text().strip() and self.username.text().strip() and is_valid_pin(pin)
                    and pin == self.pin2.text())


class PrinterPage(QWizardPage):
    """Receipt printer: an address typed, a USB printer found, or PDF files (the default)."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Receipt printer"))
        self.setSubTitle(self.tr("Until a printer is set, receipts are saved as PDF files. Print a test page to "
                                 "check the printer."))
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.uri = QLineEdit(wizard.app.first_run.default_printer_uri(), self)
        name(self.uri, "setup.printerUri", self.tr("Printer address"),
             self.tr("tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://QUEUE, win32://NAME, pdf://DIR"))
        self.uri.setPlaceholderText("tcp://192.168.1.50:9100?width=80")
        form.addRow(self.tr("Printer &address"), self.uri)
        v.addLayout(form)
        self.usb = QListWidget(self)
        name(self.usb, "setup.usbPrinters", self.tr("USB printers found"))
        self.usb.setMaximumHeight(110)
        v.addWidget(QLabel(self.tr("USB printers on this computer:"), self))
        v.addWidget(self.usb)
        row = QHBoxLayout()
        self.find_button = QPushButton(self.tr("&Look for USB printers"), self)
        name(self.find_button, "setup.findUsb", self.tr("Look for USB printers"))
        self.pdf_button = QPushButton(self.tr("Use &PDF files"), self)
        name(self.pdf_button, "setup.usePdf", self.tr("Use PDF files"))
        self.test_button = QPushButton(self.tr("Print a &test page"), self)
        name(self.test_button, "setup.testPage", self.tr("Print a test page"))
        for b in (self.find_button, self.pdf_button, self.test_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        name(self.status, "setup.printerStatus", self.tr("Printer status"))
        v.addWidget(self.status)
        v.addStretch(1)
        self.find_button.clicked.connect(self.discover)
        self.pdf_button.clicked.connect(
            lambda: self.uri.setText(self.wiz.app.first_run.default_printer_uri()))
        self.test_button.clicked.connect(self.print_test)
        self.usb.itemActivated.connect(lambda item: self.uri.setText(item.data(Qt.ItemDataRole.UserRole)))
        self.usb.currentItemChanged.connect(
            lambda item, _prev: item is not None and self.uri.setText(item.data(Qt.ItemDataRole.UserRole)))
        self.uri.textChanged.connect(self.completeChanged)
        self.test_result = None

    def initializePage(self) -> None:
        self.discover()

    def discover(self) -> None:
        self.find_button.setEnabled(False)
        self.wiz.runner.run(self.wiz.app.first_run.usb_printers, owner=self, name="setup.usb", on_done=self._found,
                            on_error=lambda exc: (self.find_button.setEnabled(True),
                                                  _status(self.status, E.friendly(exc), "error")))

    def _found(self, printers: list) -> None:
        self.find_button.setEnabled(True)
        self.usb.clear()
        for p in printers:
            item = QListWidgetItem(f"{p.vendor} {p.product} — {p.uri}".strip(), self.usb)
            item.setData(Qt.ItemDataRole.UserRole, p.uri)
        if not printers:
            item = QListWidgetItem(self.tr("No USB receipt printer found."), self.usb)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def print_test(self) -> None:
        self.test_button.setEnabled(False)
        _status(self.status, self.tr("Printing a test page…"))
        self.wiz.runner.run(self.wiz.app.first_run.test_page, self.uri.text().strip(), owner=self, name="setup.testPage",
                            on_done=self._printed, on_error=self._print_failed)

    def _printed(self, result: tuple[bool, str]) -> None:
        printed, message = result
        self.test_button.setEnabled(True)
        self.test_result = result
        if printed:
            _status(self.status, self.tr("Test page sent: %1").replace("%1", message), "ok")
        else:
            _status(self.status, self.tr("The test page did not print: %1").replace("%1", message), "error")

    def _print_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        _status(self.status, E.friendly(exc), "error")

    def isComplete(self) -> bool:
        return bool(self.uri.text().strip())


class ShopPage(QWizardPage):
    """What receipts and the login screen say about the shop."""

    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("The shop"))
        self.setSubTitle(self.tr("The shop's name and address are printed at the top of every receipt."))
        form = QFormLayout(self)
        self.shop_name = QLineEdit(self)
        name(self.shop_name, "setup.shopName", self.tr("Shop name"))
        self.shop_name.setMaxLength(48)
        form.addRow(self.tr("Shop &name"), self.shop_name)
        self.address = QPlainTextEdit(self)
        name(self.address, "setup.shopAddress", self.tr("Shop address"))
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(80)
        form.addRow(self.tr("&Address"), self.address)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        name(self.status, "setup.finishStatus", self.tr("Setup status"))
        form.addRow(self.status)
        self.shop_name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.shop_name.text().strip())


class SetupWizard(QWizard):
    """``finished_setup`` carries the terminal id once everything is stored."""

    finished_setup = Signal(str)
    LANGUAGE, SERVER, MANAGER, PRINTER, SHOP = range(5)

    def __init__(self, app, *, ui_settings: UiSettings | None = None,  # noqa: ANN001 - a Runtime
                 runner: TaskRunner | None = None, actor: Actor = LOCAL_ADMIN, rerun: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.app = app
        self.ui_settings = ui_settings or UiSettings.in_file(app.data_dir.path / "ui.ini")
        self.runner = runner or TaskRunner(self)
        self._own_runner = runner is None
        self.actor = actor
        self.rerun = rerun
        self.language = resolve_language(self.ui_settings.get(opt.LANGUAGE))
        self.restart_language: str | None = None  # set when the clerk picks another language
        self.applying = False
        self.applied_terminal: str | None = None
        self.setWindowTitle(self.tr("TopUp POS — setup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(760, 520)
        self.language_page = LanguagePage(self)
        self.server_page = ServerPage(self)
        self.manager_page = ManagerPage(self)
        self.printer_page = PrinterPage(self)
        self.shop_page = ShopPage(self)
        for page_id, page in enumerate((self.language_page, self.server_page, self.manager_page,
                                        self.printer_page, self.shop_page)):
            self.setPage(page_id, page)
        self.language_page.load(self.language, _system_country(), "", "")
        self.language_page.language.currentIndexChanged.connect(
            lambda _i: self._language_chosen(self.language_page.language.currentData()))
        self.runner.run(self._read_current, owner=self, name="setup.load", on_done=self._prefill)

    # --- pre-fill from what is stored already (re-run, or a half-finished first run) ---

    def _read_current(self) -> dict:
        return self.app.first_run.current()

    def _prefill(self, values: dict) -> None:
        stored_country = values.get(bs.COUNTRY.key)
        if self.rerun or values.get("_enrolled"):
            self.language_page.load(self.language, stored_country, values[bs.CURRENCY.key], values[bs.TIMEZONE.key])
        if values.get("_enrolled"):
            self.server_page.show_enrolled(*values["_enrolled"])
            self.server_page.enrolled = EnrollResult(values["_enrolled"][0], values["_enrolled"][1], None, None, None)
            self.server_page.completeChanged.emit()
        if values.get("_has_manager"):
            self.manager_page.make_optional()
        if values.get(bs.PRINTER_URI.key):
            self.printer_page.uri.setText(values[bs.PRINTER_URI.key])
        if self.rerun or values.get("_enrolled"):
            if values[bs.SHOP_NAME.key] != bs.SHOP_NAME.default or self.rerun:
                self.shop_page.shop_name.setText(values[bs.SHOP_NAME.key])
            self.shop_page.address.setPlainText(values[bs.SHOP_ADDRESS.key])

    def server_enrolled(self, result: EnrollResult) -> None:
        """The server's catalog says which country and currency this terminal sells in."""
        page = self.language_page
        if result.country and page.country.findData(result.country) >= 0:
            page.country.setCurrentIndex(page.country.findData(result.country))
        if result.currency:
            page.currency.setText(result.currency)

    def _language_chosen(self, language: str) -> None:
        if language and language != self.language:
            self.restart_language = language
            self.done(QWizard.DialogCode.Rejected)

    # --- finish: store everything in the background, then close ---

    def plan(self) -> firstrun.SetupPlan:
        lp, mp = self.language_page, self.manager_page
        with_manager = not mp.optional or mp.filled()
        return firstrun.SetupPlan(
            shop_name=self.shop_page.shop_name.text(), shop_address=self.shop_page.address.toPlainText(),
            country=lp.country.currentData() or "", currency=lp.currency.text().strip().upper(),
            timezone=lp.timezone.currentText().strip(), printer_uri=self.printer_page.uri.text().strip(),
            manager_name=mp.full_name.text().strip() if with_manager else "",
            manager_username=mp.username.text().strip() if with_manager else "",
            manager_pin=mp.pin.text() if with_manager else "")

    def accept(self) -> None:
        if self.applied_terminal is not None:
            super().accept()
            return
        if self.applying:
            return
        self.applying = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        _status(self.shop_page.status, self.tr("Saving…"))
        self.runner.run(self.app.first_run.apply, self.plan(), self.actor, owner=self,
                        name="setup.apply", on_done=self._applied, on_error=self._apply_failed)

    def _applied(self, terminal_id: str) -> None:
        self.applying = False
        self.applied_terminal = terminal_id
        self.ui_settings.set(opt.LANGUAGE, self.language_page.language.currentData() or "")
        if self.manager_page.filled():
            self.ui_settings.set(opt.LAST_USER, self.manager_page.username.text().strip().lower())
        self.finished_setup.emit(terminal_id)
        super().accept()

    def _apply_failed(self, exc: BaseException) -> None:
        self.applying = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        _status(self.shop_page.status, E.friendly(exc), "error")

    def done(self, result: int) -> None:
        if self._own_runner:
            self.runner.shutdown()
        super().done(result)
