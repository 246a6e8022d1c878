"""The first-run setup wizard (and its re-run from Settings)."""
from __future__ import annotations

from collections.abc import Sequence

from .wizard import SetupWizard

__all__ = ["SetupWizard", "run_setup"]


def run_setup(services, argv: Sequence[str] | None = None) -> bool:  # noqa: ANN001
    """Show the wizard until it is finished (True) or cancelled (False). Picking another language
    on its first page rebuilds it in that language."""
    from ..app import ensure_application, stylesheet
    from ..i18n import install_language
    from .. import settings as opt
    from ..settings import UiSettings

    app = ensure_application(argv)
    css = stylesheet()
    if app.styleSheet() != css:
        app.setStyleSheet(css)
    ui_settings = UiSettings.in_file(services.data_dir.path / "ui.ini")
    install_language(ui_settings.get(opt.LANGUAGE), app)
    while True:
        wizard = SetupWizard(services, ui_settings=ui_settings)
        wizard.show()
        wizard.exec()
        if wizard.applied_terminal is not None:
            return True
        if wizard.restart_language is None:
            return False
        ui_settings.set(opt.LANGUAGE, wizard.restart_language)
        install_language(wizard.restart_language, app)
