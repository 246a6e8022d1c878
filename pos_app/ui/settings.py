"""UI preferences: how this till's screen behaves, kept in QSettings. Declared once each, with
its default, through the project's one typed settings mechanism (pos_app.application.settings,
which also declares the business settings kept in the database)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSettings

from pos_app.application.settings import Registry, Setting

T = TypeVar("T")
Option = Setting  # a UI preference is a Setting stored in QSettings

UI = Registry("ui")
LAST_USER = UI.declare("login/last_user", "", str, "The clerk picked on the login screen")
IDLE_LOCK_SECONDS = UI.declare("session/idle_lock_seconds", 300, int, "Lock after this long without use; 0: never",
                               minimum=0, maximum=3600)
STATUS_REFRESH_MS = UI.declare("status/refresh_ms", 3000, int, "How often the status bar asks", minimum=500)
QUEUED_ATTENTION_MINUTES = UI.declare("history/queued_attention_minutes", 10, int,
                                      "A sale queued this long needs attention", minimum=1)
RESULT_POLL_SECONDS = UI.declare("sale/result_poll_seconds", 30, int,
                                 "How long the result screen keeps asking for a pending sale's outcome", minimum=0)
SHOW_NUMPAD = UI.declare("sale/show_numpad", True, bool, "Show the number pad on the sale screen")
LOCALE = UI.declare("ui/locale", "", str, "Number/date locale override (fr_SN); empty: from the language")
LANGUAGE = UI.declare("ui/language", "", str, "en, fr; empty: the system's, if shipped (restart to apply)")

ALL_OPTIONS = tuple(UI)


class UiSettings:
    """Typed access to the preferences above over one QSettings store."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    @classmethod
    def in_file(cls, path: Path) -> "UiSettings":
        """Preferences kept in an INI file (per data directory; what tests and the demo use)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def get(self, option: Setting[T]) -> T:
        raw: Any = self.qsettings.value(option.key, None)
        return option.parse(raw)

    def set(self, option: Setting[T], value: T) -> None:
        self.qsettings.setValue(option.key, option.dump(value))
        self.qsettings.sync()
