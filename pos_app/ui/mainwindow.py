"""The till's one window: login/lock, sale, history, and the status bar under them."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from pos_app.domain.catalog import Catalog
from pos_app.domain.errors import DomainError
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor

from . import errors as E
from . import format as fmt
from . import settings as opt
from pos_app.resources import resource_path
from .history.screen import HistoryScreen
from .login.screen import LoginScreen
from .sale.screen import SaleScreen
from .settings import UiSettings
from .status import LocalStatusSource, StatusBarWidget, StatusSnapshot, StatusSource
from .tasks import TaskRunner
from .widgets.banner import Banner

log = logging.getLogger("pos_app.ui")


class IdleWatcher(QObject):
    """Fires ``idle`` after N seconds without a key, click or touch anywhere in the app."""

    idle = Signal()
    _ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}

    def __init__(self, seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_seconds(seconds)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = max(0, int(seconds))
        self.timer.setInterval(self.seconds * 1000)

    def start(self) -> None:
        if self.seconds:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class MainWindow(QMainWindow):
    LOGIN, SALE, HISTORY = 0, 1, 2

    def __init__(self, services, *, settings: UiSettings, runner: TaskRunner | None = None,  # noqa: ANN001
                 status_source: StatusSource | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("TopUp POS"))
        self.setMinimumSize(1000, 580)
        self.services = services
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.status_source: StatusSource = status_source or LocalStatusSource(services)
        self.actor: Actor | None = None
        self.catalog: Catalog | None = None
        self.terminal = None
        self.locale_name = fmt.DEFAULT_LOCALE
        self._status_busy = False
        self._closing = False

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = Banner("window.banner", central)
        layout.addWidget(self.banner)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("window.stack")
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.login = LoginScreen(services, self.runner, settings, self.stack)
        self.sale = SaleScreen(services, self.runner, settings, self.stack)
        self.history = HistoryScreen(services, self.runner, settings, self.stack)
        for w in (self.login, self.sale, self.history):
            self.stack.addWidget(w)
        self.status = StatusBarWidget(self)
        self.statusBar().addPermanentWidget(self.status, 1)
        self.statusBar().setSizeGripEnabled(False)

        self.login.logged_in.connect(self._logged_in)
        self.sale.wants_history.connect(self.show_history)
        self.sale.wants_lock.connect(lambda: self.lock())
        self.sale.session_ended.connect(lambda msg: self.lock(msg))
        self.sale.sale_recorded.connect(self._sale_recorded)
        self.history.back_requested.connect(self.show_sale)
        self.runner.error.connect(self.show_unexpected_error)

        self.idle = IdleWatcher(settings.get(opt.IDLE_LOCK_SECONDS), self)
        self.idle.idle.connect(self._idle)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(max(500, settings.get(opt.STATUS_REFRESH_MS)))
        self.status_timer.timeout.connect(self.refresh_status)

        self.stack.setCurrentIndex(self.LOGIN)
        self.load()

    # --- start-up data, all through the runner ---

    def load(self) -> None:
        self.runner.run(self._load_start, owner=self, name="window.load", on_done=self._loaded,
                        on_error=self._load_failed)
        self.refresh_status()
        self.status_timer.start()

    def _load_start(self) -> tuple:
        terminal = self.services.sales.terminal
        users = self.services.auth.login_names()
        try:
            catalog = self.services.catalogs.current()
        except DomainError as exc:
            catalog = exc
        return terminal, users, catalog

    def _loaded(self, result: tuple) -> None:
        terminal, users, catalog = result
        self.terminal = terminal
        self.locale_name = fmt.locale_for_country(terminal.country, self.settings.get(opt.LOCALE))
        self.status.locale_name = self.locale_name
        self.status.set_timezone(terminal.timezone)
        self.login.set_terminal(terminal.shop_name, terminal.shop_address, terminal.terminal_code)
        self.login.set_users(users)
        self.setWindowTitle(self.tr("TopUp POS — %1 (%2)").replace("%1", terminal.shop_name).replace(
            "%2", terminal.terminal_code))
        if isinstance(catalog, Catalog):
            self.catalog = catalog
            self.sale.set_catalog(catalog, self.locale_name)
        else:
            self.sale.show_catalog_problem(E.friendly(catalog))
        self.history.set_session(self.actor, terminal.country, terminal.timezone, self.locale_name)
        if self.stack.currentIndex() == self.LOGIN:
            self.login.prepare()

    def _load_failed(self, exc: BaseException) -> None:
        self.banner.show_message(E.friendly(exc), "error")

    # --- status bar ---

    def refresh_status(self) -> None:
        if self._status_busy or self._closing:
            return
        self._status_busy = True
        self.runner.run(self.status_source.snapshot, owner=self, name="status.snapshot",
                        on_done=self._status_done, on_error=self._status_failed)

    def _status_done(self, snap: StatusSnapshot) -> None:
        self._status_busy = False
        self.status.show_snapshot(snap)
        self.login.set_online(snap.online)

    def _status_failed(self, exc: BaseException) -> None:
        self._status_busy = False
        log.warning("status refresh failed: %s", exc)

    # --- session ---

    def _logged_in(self, actor: Actor) -> None:
        same = self.actor is not None and self.actor.user_id == actor.user_id
        keep = same and self._locked_with_draft
        self.actor = actor
        self.status.set_clerk(actor.display_name)
        self.status.set_shift(None)  # no shift service yet (see the report): shows "No shift open"
        if self.terminal is not None:
            self.history.set_session(actor, self.terminal.country, self.terminal.timezone, self.locale_name)
        self.sale.start_session(actor, keep_draft=keep)
        self.banner.clear()
        self.show_sale()
        self.idle.start()

    _locked_with_draft = False

    def lock(self, message: str = "") -> None:
        """Switch clerk / idle lock / session expired: back to the PIN; a sale in progress is kept
        for the same clerk."""
        if self.sale.recording:
            QTimer.singleShot(500, lambda: self.lock(message))  # never in the middle of recording a sale
            return
        self._locked_with_draft = self.actor is not None
        self.idle.stop()
        self.history.leave()
        self.status.set_clerk(None)
        self.stack.setCurrentIndex(self.LOGIN)
        self.login.prepare(self.actor.username if self.actor else None, message)

    def _idle(self) -> None:
        if self.stack.currentIndex() != self.LOGIN:
            self.lock(self.tr("Locked after a while without use."))

    def show_sale(self) -> None:
        if self.actor is None:
            return
        self.history.leave()
        self.stack.setCurrentIndex(self.SALE)
        self.sale._go(self.sale.step)

    def show_history(self) -> None:
        if self.actor is None:
            return
        self.stack.setCurrentIndex(self.HISTORY)
        self.history.enter()

    def _sale_recorded(self, _record: SaleRecord) -> None:
        self.refresh_status()

    # --- errors nobody else handled ---

    def show_unexpected_error(self, exc: BaseException) -> None:
        """Shown, never fatal: the window stays, the sale in progress stays."""
        if isinstance(exc, DomainError) and exc.code == "session_expired":
            self.lock(E.friendly(exc))
            return
        self.banner.show_message(E.friendly(exc), "error")

    # --- size: the same layout, larger type on big screens ---

    LARGE_AT = (1600, 900)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        large = event.size().width() >= self.LARGE_AT[0] and event.size().height() >= self.LARGE_AT[1]
        density = "large" if large else "normal"
        if self.property("density") != density:
            self.setProperty("density", density)
            self.setStyleSheet(_large_qss() if large else "")

    # --- shutdown ---

    def shutdown(self) -> None:
        if self._closing:
            return
        self._closing = True
        self.status_timer.stop()
        self.idle.stop()
        self.idle.detach()
        self.runner.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sale.recording:
            event.ignore()  # the sale finishes first; closing again after it works
            self.banner.show_message(self.tr("A sale is being recorded. Close again in a moment."), "info", 3000)
            return
        self.shutdown()
        super().closeEvent(event)


_LARGE_QSS: str | None = None


def _large_qss() -> str:
    global _LARGE_QSS
    if _LARGE_QSS is None:
        try:
            _LARGE_QSS = resource_path("styles", "large.qss").read_text(encoding="utf-8")
        except OSError:
            _LARGE_QSS = ""
    return _LARGE_QSS
