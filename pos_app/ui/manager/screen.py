"""The manager's screen: dashboard, reports and the audit log, for a manager (or a clerk's till
with a manager's approval: the approver is the viewer while the screen is open)."""
from __future__ import annotations

from topup_core.errors import DomainError

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from pos_app.domain.roles import Actor

from ..errors import friendly
from ..tasks import TaskRunner
from ..util import button, heading
from ..widgets.banner import Banner
from .audit import AuditView
from .dashboard import DashboardView
from .reports import ReportsView


class ManagerScreen(QWidget):
    back_requested = Signal()

    def __init__(self, app, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("managerScreen")
        self.setAccessibleName(self.tr("Manager"))
        self.app, self.runner = app, runner
        self.viewer: Actor | None = None
        self.locale = "en"
        self.timezone = "UTC"
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 10, 16, 10)
        top = QHBoxLayout()
        back = button(self.tr("Back to sale (Esc)"), "manager.back", self.tr("Back to sale"), icon_name="back",
                      parent=self)
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        back.clicked.connect(self.back_requested.emit)
        top.addWidget(back)
        self.title = heading(self.tr("Manager"), self, "h1")
        top.addWidget(self.title, 1)
        refresh = button(self.tr("Refresh"), "manager.refresh", self.tr("Refresh"), icon_name="refresh", parent=self)
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        root.addLayout(top)
        self.banner = Banner("manager.banner", self)
        root.addWidget(self.banner)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("manager.tabs")
        self.dashboard = DashboardView(self.tabs)
        self.reports = ReportsView(app, runner, self.tabs)
        self.audit = AuditView(app, runner, self.tabs)
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.reports, self.tr("Reports"))
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        root.addWidget(self.tabs, 1)

    def enter(self, viewer: Actor, locale: str, timezone: str, tab: int = 0) -> None:
        self.viewer, self.locale, self.timezone = viewer, locale, timezone
        self.title.setText(self.tr("Manager — %1").replace("%1", viewer.display_name))
        self.tabs.setCurrentIndex(tab)
        self.refresh()

    def leave(self) -> None:
        self.viewer = None  # an approval does not outlive the screen
        self.reports.viewer = None
        self.audit.viewer = None

    def refresh(self) -> None:
        if self.viewer is None:
            return
        self.runner.run(self._dashboard, self.viewer, owner=self, name="manager.dashboard",
                        on_done=lambda d: self.dashboard.show_dashboard(d[0], self.locale, d[1]),
                        on_error=lambda exc: self.banner.show_message(friendly(exc), "error"))
        self.reports.set_viewer(self.viewer, self.locale)
        self.audit.set_viewer(self.viewer, self.timezone)

    def _dashboard(self, viewer):  # noqa: ANN001, ANN202 - worker thread
        """The dashboard and the operators' names (issue 12: names, not codes such as SAF)."""
        data = self.app.reports.dashboard(viewer)
        try:
            names = {op.code: op.name for op in self.app.catalogs.current().operators}
        except DomainError:
            names = {}
        return data, names

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
