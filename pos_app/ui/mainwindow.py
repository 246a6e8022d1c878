"""The till's one window: login/lock, sale, history, and the status bar under them."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from topup_core.catalog import Catalog
from topup_core.errors import DomainError
from pos_app.application.clock import ms_to_datetime
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission

from . import errors as E
from . import format as fmt
from . import settings as opt
from topup_core.resources import resource_path
from .history.screen import HistoryScreen
from .i18n import formatting_locale
from .login.screen import LoginScreen
from .manager.screen import ManagerScreen
from .manager.shift import ShiftCloseDialog, ShiftOpenDialog
from .sale.screen import SaleScreen
from .settings import UiSettings
from .status import StatusBarWidget, StatusSnapshot
from .tasks import TaskRunner
from .widgets.approval import ApprovalDialog
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
    LOGIN, SALE, HISTORY, MANAGER = 0, 1, 2, 3

    def __init__(self, app, *, settings: UiSettings, runner: TaskRunner | None = None) -> None:  # noqa: ANN001
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("TopUp POS"))
        self.setMinimumSize(1000, 580)
        self.app = app  # pos_app.runtime.Runtime: every use case the till offers
        self.settings = settings
        self.runner = runner or TaskRunner(self)
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
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("window.stack")
        layout.addWidget(self.stack, 1)
        self.banner = Banner("window.banner", central).overlay(central)  # over the top: nothing moves
        self.setCentralWidget(central)

        self.login = LoginScreen(app, self.runner, settings, self.stack)
        self.sale = SaleScreen(app, self.runner, settings, self.stack)
        self.history = HistoryScreen(app, self.runner, settings, self.stack)
        self.manager = ManagerScreen(app, self.runner, self.stack)
        for w in (self.login, self.sale, self.history, self.manager):
            self.stack.addWidget(w)
        self.manager.back_requested.connect(self.show_sale)
        self._build_menus()
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

        # issue 12: the spool's news (a receipt printed or not, the printer down or back) reaches the
        # screens at once; the spool calls these on its own thread, the runner relays them here.
        self._unwatch = app.print_jobs.watch(on_job=self.runner.relay(self._job_event, owner=self),
                                             on_printer=self.runner.relay(self._printer_event, owner=self))

        self.stack.setCurrentIndex(self.LOGIN)
        self.load()

    # --- start-up data, all through the runner ---

    def load(self) -> None:
        self.runner.run(self._load_start, owner=self, name="window.load", on_done=self._loaded,
                        on_error=self._load_failed)
        self.refresh_status()
        self.status_timer.start()

    def _load_start(self) -> tuple:
        terminal = self.app.terminal.info
        users = self.app.auth.login_names()
        preselect = self.app.auth.preselect(self.settings.get(opt.LAST_USER) or None)
        try:
            catalog = self.app.catalogs.current()
        except DomainError as exc:
            catalog = exc
        return terminal, users, catalog, preselect

    def _loaded(self, result: tuple) -> None:
        terminal, users, catalog, preselect = result
        self.terminal = terminal
        self.locale_name = formatting_locale(terminal.country, self.settings)  # UI language + country
        self.status.locale_name = self.locale_name
        self.status.set_timezone(terminal.timezone)
        self.status.show_snapshot(self.status.snapshot)  # a snapshot that came first was shown in the default locale
        self.login.set_terminal(terminal.shop_name, terminal.shop_address, terminal.terminal_code)
        self.login.set_users(users, preselect)
        self.setWindowTitle(self.tr("TopUp POS — %1 (%2)").replace("%1", terminal.shop_name).replace(
            "%2", terminal.terminal_code))
        self.sale.set_shop(terminal, self.locale_name)
        if isinstance(catalog, Catalog):
            self.catalog = catalog
            self.sale.set_catalog(catalog)
        else:
            self.sale.show_catalog_problem(E.friendly(catalog))
        self.history.set_session(self.actor, terminal.country, terminal.timezone, self.locale_name)
        if self.stack.currentIndex() == self.LOGIN:
            self.login.prepare()

    def _load_failed(self, exc: BaseException) -> None:
        self.banner.show_message(E.friendly(exc), "error")

    # --- status bar ---

    _status_again = False

    def refresh_status(self) -> None:
        if self._closing:
            return
        if self._status_busy:
            self._status_again = True  # news came during a refresh: look once more after it
            return
        self._status_busy = True
        self.runner.run(self.app.status.snapshot, owner=self, name="status.snapshot",
                        on_done=self._status_done, on_error=self._status_failed)

    def _status_done(self, snap: StatusSnapshot) -> None:
        self._status_busy = False
        if self._status_again:
            self._status_again = False
            QTimer.singleShot(0, self.refresh_status)
        before = self.status.snapshot
        self.status.show_snapshot(snap)
        self.login.set_online(snap.online)
        if snap.queued != before.queued and self.stack.currentIndex() == self.HISTORY \
                and not self.history.loading:
            # The sync worker confirmed or rejected sales while the clerk looks at History: show it
            # without making them press Refresh.
            self.history.reload()

    def _status_failed(self, exc: BaseException) -> None:
        self._status_busy = False
        self._status_again = False
        log.warning("status refresh failed: %s", exc)

    # --- the printer (issue 12) ---

    def _job_event(self, job) -> None:  # noqa: ANN001 - JobView
        if self._closing:
            return
        if self.sale.result_page.receipt is not None:
            self.sale.result_page.receipt.job_event(job)
        self.history.print_job_event(job)
        if job.state in ("failed", "in_doubt", "printed", "dismissed"):
            self.refresh_status()

    def _printer_event(self, _state) -> None:  # noqa: ANN001 - the printer's new state
        if not self._closing:
            self.refresh_status()

    def check_printer(self) -> None:
        """Ask the printer in use how it is now (in the background), then show it."""
        self.runner.run(self.app.print_jobs.check_printer, owner=self, name="print_jobs.check_printer",
                        on_done=lambda _state: self.refresh_status(), on_error=E.logged("checking the printer"))

    # --- session ---

    def _logged_in(self, actor: Actor) -> None:
        same = self.actor is not None and self.actor.user_id == actor.user_id
        keep = same and self._locked_with_draft
        self.actor = actor
        self.status.set_clerk(actor.display_name)
        self.status.set_shift(None)
        self.refresh_shift()
        self._enable_menus(True)
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
        self.manager.leave()
        self._enable_menus(False)
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
        self.manager.leave()
        self.stack.setCurrentIndex(self.SALE)
        self.sale._go(self.sale.step)

    def show_history(self) -> None:
        if self.actor is None:
            return
        self.stack.setCurrentIndex(self.HISTORY)
        self.history.enter()

    def _sale_recorded(self, _record: SaleRecord) -> None:
        self.refresh_status()

    # --- manager menu and shifts ---

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("window.menu")
        shift = bar.addMenu(self.tr("&Shift"))
        self.open_shift_action = QAction(self.tr("Open shift…"), self)
        self.open_shift_action.setObjectName("action.openShift")
        self.open_shift_action.triggered.connect(self.open_shift)
        self.close_shift_action = QAction(self.tr("Close shift…"), self)
        self.close_shift_action.setObjectName("action.closeShift")
        self.close_shift_action.triggered.connect(self.close_shift)
        shift.addAction(self.open_shift_action)
        shift.addAction(self.close_shift_action)
        manager = bar.addMenu(self.tr("&Manager"))
        self.dashboard_action = QAction(self.tr("Dashboard and reports…"), self)
        self.dashboard_action.setObjectName("action.dashboard")
        self.dashboard_action.setShortcut(QKeySequence("Ctrl+M"))
        self.dashboard_action.triggered.connect(lambda: self.show_manager(0))
        self.reports_action = QAction(self.tr("Close the day (Z report)…"), self)
        self.reports_action.setObjectName("action.reports")
        self.reports_action.triggered.connect(lambda: self.show_manager(1))
        self.audit_action = QAction(self.tr("Audit log…"), self)
        self.audit_action.setObjectName("action.audit")
        self.audit_action.triggered.connect(lambda: self.show_manager(2))
        for action in (self.dashboard_action, self.reports_action, self.audit_action):
            manager.addAction(action)
            self.addAction(action)  # shortcuts work with the menu closed
        self.settings_action = QAction(self.tr("Settings…"), self)  # managers and administrators
        self.settings_action.setObjectName("action.settings")
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        manager.addSeparator()
        manager.addAction(self.settings_action)
        self.addAction(self.settings_action)
        self._enable_menus(False)

    def _enable_menus(self, enabled: bool) -> None:
        for action in (self.open_shift_action, self.close_shift_action, self.dashboard_action,
                       self.reports_action, self.audit_action):
            action.setEnabled(enabled)
        self.settings_action.setEnabled(enabled)

    def open_settings(self) -> None:
        from .settings_dialog import can_open_settings, open_settings
        if not can_open_settings(self.actor):
            self.banner.show_message(self.tr("Settings are for managers. Ask a manager to log in."), "info", 4000)
            return
        self.settings_dialog = open_settings(self)

    def refresh_shift(self) -> None:
        if self.actor is None:
            return
        self.runner.run(self.app.shifts.current, self.actor, owner=self, name="shifts.current",
                        on_done=self._shift_loaded, on_error=lambda exc: log.warning("shift lookup failed: %s", exc))

    def _shift_loaded(self, shift) -> None:  # noqa: ANN001
        if self.actor is not None:  # the Shift menu follows the state (issue 12)
            self.open_shift_action.setEnabled(shift is None)
            self.close_shift_action.setEnabled(shift is not None)
        if shift is None:
            self.status.set_shift(None)
            return
        tz = self.terminal.timezone if self.terminal else "UTC"
        self.status.set_shift(self.tr("since %1").replace("%1", fmt.local_time(ms_to_datetime(shift.opened_at_ms), tz)))

    def open_shift(self) -> None:
        if self.actor is None:
            return
        self.shift_dialog = ShiftOpenDialog(self.app, self.runner, self.actor, self.locale_name, self)
        self.shift_dialog.opened.connect(lambda _s: self.refresh_shift())
        self.shift_dialog.open()

    def close_shift(self) -> None:
        if self.actor is None:
            return
        self.shift_dialog = ShiftCloseDialog(self.app, self.runner, self.actor, self.locale_name, self)
        self.shift_dialog.closed.connect(lambda _s: self.refresh_shift())
        self.shift_dialog.open()

    def show_manager(self, tab: int = 0) -> None:
        """Managers go straight in; at a clerk's session a manager approves with their PIN."""
        if self.actor is None:
            return
        if self.actor.can(Permission.VIEW_REPORTS):
            self._enter_manager(self.actor, tab)
            return
        self.approval_dialog = ApprovalDialog(self.app, self.runner, Permission.VIEW_REPORTS,
                                              self.tr("Open the manager's dashboard, reports and audit log."), self,
                                              reason_required=False)
        self.approval_dialog.approved.connect(lambda approval: self._enter_manager(approval.approver, tab))
        self.approval_dialog.open()

    def _enter_manager(self, viewer: Actor, tab: int) -> None:
        self.history.leave()
        self.stack.setCurrentIndex(self.MANAGER)
        tz = self.terminal.timezone if self.terminal else "UTC"
        self.manager.enter(viewer, self.locale_name, tz, tab)

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
        self._unwatch()
        self.sale.result_page.stop_watching()
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
