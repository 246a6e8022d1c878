"""Entry points for the desktop front end.

    services = PosServices.open(data_dir)
    window = build_main_window(services)          # a QApplication must exist
    # or, owning the event loop:
    sys.exit(run_app(services, sys.argv))
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from topup_core.resources import resource_path

from .errors import install_excepthook
from .mainwindow import MainWindow
from . import settings as opt
from .settings import UiSettings
from .status import StatusSource
from .tasks import TaskRunner

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


def install_translations(app: QApplication, language: QLocale | str | None = None) -> str:
    """Load resources/translations/pos_<lang>.qm (and Qt's own) for `language`; default: the
    system's. Returns the language in use ("en" when nothing was loaded). See pos_app.ui.i18n."""
    from .i18n import install_language

    if isinstance(language, QLocale):
        language = language.name()
    return install_language(language or "", app)


def build_main_window(services, *, settings: UiSettings | None = None,  # noqa: ANN001
                      status_source: StatusSource | None = None, runner: TaskRunner | None = None,
                      submit_sale=None, apply_style: bool = True) -> MainWindow:  # noqa: ANN001
    """The till's main window over open services. Needs a QApplication (see ensure_application).

    ``settings``: UI preferences; default an INI file in the data directory (``ui.ini``).
    ``status_source``: what feeds the status bar (see pos_app.ui.status); default the local database.
    ``submit_sale``: optional ``f(sale_id)`` run in the background right after a sale is recorded
    (the sync engine's ``submit_now``); the result screen then re-reads the sale's status.
    """
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create a QApplication first (pos_app.ui.app.ensure_application)")
    if settings is None:
        settings = UiSettings.in_file(services.data_dir.path / "ui.ini")
    if apply_style:
        css = stylesheet()
        if app.styleSheet() != css:  # re-applying re-polishes every widget: only when it changed
            app.setStyleSheet(css)
    window = MainWindow(services, settings=settings, runner=runner, status_source=status_source)
    window.sale.submitter = submit_sale
    return window


def run_app(services, argv: Sequence[str] | None = None, *,  # noqa: ANN001
            status_source: StatusSource | None = None, submit_sale=None) -> int:  # noqa: ANN001
    """Show the main window and run the event loop until it closes. Returns the exit code.
    The caller closes ``services`` afterwards (the runner has finished all work by then)."""
    app = ensure_application(argv)
    settings = UiSettings.in_file(services.data_dir.path / "ui.ini")
    install_translations(app, settings.get(opt.LANGUAGE))
    window = build_main_window(services, settings=settings, status_source=status_source, submit_sale=submit_sale)
    previous_hook = install_excepthook(window.show_unexpected_error)
    screen = app.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if available is not None and (available.width() <= 1280 or available.height() <= 800):
        window.showMaximized()
    else:
        window.resize(1280, 800)
        window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()
        sys.excepthook = previous_hook
