"""The audit log for managers, newest first, with the hash-chain check `pos-admin verify` runs."""
from __future__ import annotations

import json

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from pos_app.domain.roles import Actor

from .. import format as fmt
from ..errors import friendly
from ..tasks import TaskRunner
from ..util import button, name, set_state
from ..widgets.banner import Banner
from datetime import datetime, timezone

COLUMNS = ("Time", "Who", "What", "Subject", "Details")


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []
        self.timezone = "UTC"

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        when = datetime.fromtimestamp(row["at_ms"] / 1000, timezone.utc)
        values = (fmt.local_time(when, self.timezone, "%Y-%m-%d %H:%M:%S"), row["actor"], row["action"],
                  row["subject"] or "", json.dumps(row["details"], ensure_ascii=False, sort_keys=True))
        return values[index.column()]


class AuditView(QWidget):
    def __init__(self, app, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("manager.audit")
        self.app, self.runner = app, runner
        self.viewer: Actor | None = None
        root = QVBoxLayout(self)
        self.banner = Banner("audit.banner", self)
        root.addWidget(self.banner)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Filter: action, person or subject (e.g. sale.cancelled, Z1)"))
        self.search.setClearButtonEnabled(True)
        name(self.search, "audit.search", self.tr("Filter the audit log"))
        self.search.returnPressed.connect(self.reload)
        bar.addWidget(self.search, 1)
        refresh = button(self.tr("Refresh"), "audit.refresh", self.tr("Refresh"), icon_name="refresh", parent=self)
        refresh.clicked.connect(self.reload)
        bar.addWidget(refresh)
        self.verify_button = button(self.tr("Verify chain"), "audit.verify", self.tr("Verify the audit chain"),
                                    kind="primary", parent=self)
        self.verify_button.clicked.connect(self.verify)
        bar.addWidget(self.verify_button)
        root.addLayout(bar)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        name(self.result, "audit.result", self.tr("Verification result"))
        root.addWidget(self.result)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        name(self.table, "audit.table", self.tr("Audit log"))
        root.addWidget(self.table, 1)

    def set_viewer(self, viewer: Actor | None, timezone_name: str) -> None:
        self.viewer = viewer
        self.model.timezone = timezone_name
        self.reload()

    def reload(self) -> None:
        if self.viewer is None:
            return
        self.runner.run(self.app.reports.audit_log, self.viewer, query=self.search.text(), owner=self,
                        name="audit.load", on_done=self.model.set_rows,
                        on_error=lambda exc: self.banner.show_message(friendly(exc), "error"))

    def verify(self) -> None:
        if self.viewer is None:
            return
        self.verify_button.setEnabled(False)
        self.result.setText(self.tr("Checking the whole chain…"))
        self.runner.run(self.app.verify, self.viewer, owner=self, name="audit.verify",
                        on_done=self._verified, on_error=self._verify_failed)

    def _verified(self, report) -> None:  # noqa: ANN001
        self.verify_button.setEnabled(True)
        if report.ok:
            self.result.setText(self.tr("All checks passed: %1.").replace("%1", ", ".join(report.checks)))
            set_state(self.result, "ok")
        else:
            bad = "; ".join(f"{k}: {v}" for k, v in report.checks.items() if v != "ok")
            self.result.setText(self.tr("PROBLEM: %1").replace("%1", bad))
            set_state(self.result, "error")

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.result.setText(friendly(exc))
        set_state(self.result, "error")
