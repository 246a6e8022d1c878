"""The settings screen, opened from the main window by a manager or an administrator."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from pos_app.domain.roles import Permission

from .dialog import SettingsDialog

__all__ = ["SettingsDialog", "can_open_settings", "open_settings"]


def can_open_settings(actor) -> bool:  # noqa: ANN001
    return actor is not None and actor.can(Permission.MANAGE_USERS)  # managers and administrators


def open_settings(window: QWidget) -> SettingsDialog | None:
    """Open Settings over the main window (which has services, runner, settings, actor, banner).
    Saving reloads the window's terminal data; "Run setup again" opens the wizard for an admin."""
    actor = getattr(window, "actor", None)
    if not can_open_settings(actor):
        return None
    dialog = SettingsDialog(window.app, window.runner, window.settings, actor, window)

    def saved() -> None:
        if dialog.language_changed():
            window.banner.show_message(QCoreApplication.translate(
                "SettingsDialog", "The new language shows after the app is started again."), "info", 8000)
        printer = dialog.printer_changed()
        if printer is not None:  # issue 12: it applies at once; say so, and ask the new printer how it is
            window.banner.show_message(QCoreApplication.translate(
                "SettingsDialog", "The next receipt prints on %1.").replace(
                    "%1", printer or QCoreApplication.translate("SettingsDialog", "PDF files")), "info", 8000)
            window.check_printer()
        window.load()

    def rerun() -> None:
        from ..setup import SetupWizard
        wizard = SetupWizard(window.app, ui_settings=window.settings, runner=window.runner, actor=actor,
                             rerun=True, parent=window)
        wizard.finished_setup.connect(lambda _tid: window.load())
        wizard.setModal(True)
        wizard.show()

    dialog.saved.connect(saved)
    dialog.rerun_setup.connect(rerun)
    dialog.setModal(True)
    dialog.show()
    return dialog
