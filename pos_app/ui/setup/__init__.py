"""The first-run setup wizard (and its re-run from Settings)."""
from __future__ import annotations

from collections.abc import Sequence

from .wizard import SetupWizard

__all__ = ["SetupWizard", "run_setup"]


def run_setup(app, argv: Sequence[str] | None = None) -> bool:  # noqa: ANN001 - a Runtime
    """Show the wizard until it is finished (True) or cancelled (False). Picking another language
    on its first page rebuilds it in that language."""
    from .. import settings as opt
    from ..i18n import install_language
    from ..qtapp import ensure_application, stylesheet
    from ..settings import UiSettings

    qt_app = ensure_application(argv)
    css = stylesheet()
    if qt_app.styleSheet() != css:
        qt_app.setStyleSheet(css)
    ui_settings = UiSettings.in_file(app.data_dir.path / "ui.ini")
    install_language(ui_settings.get(opt.LANGUAGE), qt_app)
    while True:
        wizard = SetupWizard(app, ui_settings=ui_settings)
        wizard.show()
        wizard.exec()
        if wizard.applied_terminal is not None:
            return True
        if wizard.restart_language is None:
            return False
        ui_settings.set(opt.LANGUAGE, wizard.restart_language)
        install_language(wizard.restart_language, qt_app)
