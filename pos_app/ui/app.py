"""Entry points for the desktop front end.

    app = Runtime.open(data_dir).start()          # pos_app.runtime: the use cases and their adapters
    window = build_main_window(app)               # a QApplication must exist
    # or, owning the event loop:
    sys.exit(run_app(app, sys.argv))

The window only ever calls `app`'s use cases, through its TaskRunner (pos_app/ui/tasks.py).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from .errors import install_excepthook
from .qtapp import ensure_application, stylesheet
from .mainwindow import MainWindow
from . import settings as opt
from .settings import UiSettings
from .tasks import TaskRunner

log = logging.getLogger("pos_app.ui")
__all__ = ["build_main_window", "ensure_application", "install_translations", "run_app", "stylesheet"]

def install_translations(app: QApplication, language: QLocale | str | None = None) -> str:
    """Load resources/translations/pos_<lang>.qm (and Qt's own) for `language`; default: the
    system's. Returns the language in use ("en" when nothing was loaded). See pos_app.ui.i18n."""
    from .i18n import install_language

    if isinstance(language, QLocale):
        language = language.name()
    return install_language(language or "", app)


def build_main_window(app, *, settings: UiSettings | None = None,  # noqa: ANN001 - a pos_app.runtime.Runtime
                      runner: TaskRunner | None = None, apply_style: bool = True) -> MainWindow:
    """The till's main window over an open Runtime. Needs a QApplication (see ensure_application).

    ``settings``: UI preferences; default an INI file in the data directory (``ui.ini``).
    """
    qt_app = QApplication.instance()
    if qt_app is None:
        raise RuntimeError("create a QApplication first (pos_app.ui.app.ensure_application)")
    if settings is None:
        settings = UiSettings.in_file(app.data_dir.path / "ui.ini")
    if apply_style:
        css = stylesheet()
        if qt_app.styleSheet() != css:  # re-applying re-polishes every widget: only when it changed
            qt_app.setStyleSheet(css)
    return MainWindow(app, settings=settings, runner=runner)


def run_app(app, argv: Sequence[str] | None = None) -> int:  # noqa: ANN001
    """Show the main window and run the event loop until it closes. Returns the exit code.
    The caller closes ``app`` afterwards (the runner has finished all work by then)."""
    qt_app = ensure_application(argv)
    settings = UiSettings.in_file(app.data_dir.path / "ui.ini")
    install_translations(qt_app, settings.get(opt.LANGUAGE))
    window = build_main_window(app, settings=settings)
    previous_hook = install_excepthook(window.show_unexpected_error)
    screen = qt_app.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if available is not None and (available.width() <= 1280 or available.height() <= 800):
        window.showMaximized()
    else:
        window.resize(1280, 800)
        window.show()
    try:
        return qt_app.exec()
    finally:
        window.shutdown()
        sys.excepthook = previous_hook
