"""The UI language: which translations ship (resources/translations/pos_<lang>.qm), installing
them (ours plus Qt's own for standard buttons), and the babel locale used for numbers, money and
dates. English is the source language. A change of language takes effect at the next start."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from topup_core.formatting import locale_for
from topup_core.resources import resource_path

from . import settings as opt

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language
_installed: list[QTranslator] = []


def translations_dir():  # noqa: ANN201
    return resource_path("translations")


def available_languages() -> list[tuple[str, str]]:
    """(code, name) of English plus every language with a compiled pos_<code>.qm."""
    found = [SOURCE_LANGUAGE]
    folder = translations_dir()
    if folder.is_dir():
        found += sorted(p.stem.split("_", 1)[1] for p in folder.glob("pos_*.qm"))
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in dict.fromkeys(found)]


def resolve_language(preference: str = "") -> str:
    """The preference if we ship it, else the system's language if we ship it, else English."""
    shipped = {code for code, _ in available_languages()}
    for candidate in (preference, QLocale().name().split("_")[0]):
        if candidate and candidate.split("_")[0] in shipped:
            return candidate.split("_")[0]
    return SOURCE_LANGUAGE


def install_language(language: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for `language` (replacing ours from before). Returns the language
    actually in use. Widgets built before this keep their text: build them afterwards."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the application first")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = resolve_language(language)
    if language == SOURCE_LANGUAGE:
        return language
    ours = QTranslator(app)
    if ours.load(f"pos_{language}", str(translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation pos_%s.qm in %s; staying in English", language, translations_dir())
        return SOURCE_LANGUAGE
    qt = QTranslator(app)  # standard dialog buttons (Cancel, Next, Finish) from Qt itself
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language


def formatting_locale(country: str, settings: opt.UiSettings) -> str:
    """The babel locale for numbers, money and dates: the explicit override, else the UI language
    as written in the shop's country (fr_SN, en_KE), else just the language."""
    return locale_for(country, resolve_language(settings.get(opt.LANGUAGE)), settings.get(opt.LOCALE))
