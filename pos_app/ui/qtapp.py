"""The QApplication of the till and its stylesheet (no screens here, so the setup wizard and the
main window can both use it without importing each other)."""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from topup_core.resources import resource_path

log = logging.getLogger("pos_app.ui")

STYLESHEET = ("styles", "light.qss")


def stylesheet() -> str:
    path = resource_path(*STYLESHEET)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet %s not found; using the platform look", path)
        return ""


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv or sys.argv[:1]))
    QCoreApplication.setOrganizationName("TopUp POS")
    QCoreApplication.setApplicationName("TopUp POS")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    return app  # type: ignore[return-value]
