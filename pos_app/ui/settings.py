"""UI preferences, declared once with their defaults (after Picard's typed option registry).

Business configuration (shop, terminal, catalog) lives in the database; only how this till's
screen behaves lives here, in QSettings.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    type: type


LAST_USER: Option[str] = Option("login/last_user", "", str)
IDLE_LOCK_SECONDS: Option[int] = Option("session/idle_lock_seconds", 300, int)  # 0: never
STATUS_REFRESH_MS: Option[int] = Option("status/refresh_ms", 3000, int)
QUEUED_ATTENTION_MINUTES: Option[int] = Option("history/queued_attention_minutes", 10, int)
RESULT_POLL_SECONDS: Option[int] = Option("sale/result_poll_seconds", 30, int)
SHOW_NUMPAD: Option[bool] = Option("sale/show_numpad", True, bool)
LOCALE: Option[str] = Option("ui/locale", "", str)  # number/date locale override ("fr_SN"); "": from the language
LANGUAGE: Option[str] = Option("ui/language", "", str)  # "en", "fr"; "": the system's, if shipped (restart to apply)

ALL_OPTIONS = (LAST_USER, IDLE_LOCK_SECONDS, STATUS_REFRESH_MS, QUEUED_ATTENTION_MINUTES, RESULT_POLL_SECONDS,
               SHOW_NUMPAD, LOCALE, LANGUAGE)


class UiSettings:
    """Typed access to the options above over one QSettings store."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    @classmethod
    def in_file(cls, path: Path) -> "UiSettings":
        """Preferences kept in an INI file (per data directory; what tests and the demo use)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def get(self, option: Option[T]) -> T:
        raw: Any = self.qsettings.value(option.key, option.default)
        if option.type is bool:
            if isinstance(raw, str):
                return raw.lower() in ("1", "true", "yes")  # type: ignore[return-value]
            return bool(raw)  # type: ignore[return-value]
        try:
            return option.type(raw)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        self.qsettings.setValue(option.key, value)
        self.qsettings.sync()
