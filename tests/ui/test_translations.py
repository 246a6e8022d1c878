"""French: every tr() string is translated (and no new string slipped in untranslated), the
compiled .qm matches the .ts, the UI and its number/money formats switch with the language.

Set POS_WRITE_SCREENSHOTS=1 to refresh docs/screenshots/fr-sale-1024x600.png."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from topup_core.money import Money
from pos_app.ui import format as fmt
from pos_app.ui import settings as opt
from pos_app.ui.app import build_main_window
from pos_app.ui.i18n import available_languages, install_language

from ui_helpers import login, sell_to_confirm, wait_idle

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "pos_fr.ts"
QM = TS.with_suffix(".qm")
SCREENSHOT = REPO / "docs" / "screenshots" / "fr-sale-1024x600.png"


def _i18n():  # scripts/i18n.py, the same pipeline as scripts/update-translations.sh
    spec = importlib.util.spec_from_file_location("pos_i18n", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <translation> of every live message (obsolete/vanished ones left out)."""
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        context = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr.get("type") in ("obsolete", "vanished"):
                continue
            out[(context, m.findtext("source") or "")] = tr
    return out


def test_every_string_has_a_french_translation():
    problems = []
    for (context, source), tr in _messages(TS).items():
        forms = [f.text for f in tr.iter("numerusform")] if len(tr) else [tr.text]
        if tr.get("type") == "unfinished" or not all((f or "").strip() for f in forms):
            problems.append(f"{context}: {source!r}")
        for marker in ("%1", "%2", "%3", "%n"):
            if marker in source and not all(marker in (f or "") for f in forms):
                problems.append(f"{context}: {source!r} lost {marker}")
    assert not problems, "untranslated or broken French strings:\n" + "\n".join(problems)


def test_no_source_string_is_missing_from_the_french_file(tmp_path):
    fresh = tmp_path / "fresh.ts"
    _i18n().extract(fresh)
    in_code = set(_messages(fresh))
    in_ts = set(_messages(TS))
    missing = sorted(in_code - in_ts)
    assert not missing, ("strings in pos_app/ui with no French translation — run scripts/update-translations.sh "
                         f"and translate them: {missing[:20]}")
    assert len(in_code) > 300


def test_the_compiled_qm_matches_the_ts(tmp_path):
    i18n = _i18n()
    out = tmp_path / "pos_fr.qm"
    subprocess.run([i18n.tool("lrelease"), "-silent", "-removeidentical", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == QM.read_bytes(), "pos_fr.qm is stale: run scripts/update-translations.sh"


def test_languages_and_locale_formats():
    assert ("fr", "Français") in available_languages()
    assert fmt.money(Money(123450, "XOF"), "fr_SN") == "123\u202f450\u00a0F\u202fCFA"  # no minor unit
    assert fmt.money(Money(123456, "KES"), "fr") == "1\u202f234,56\u00a0KES"
    assert fmt.money(Money(123456, "KES"), "en_KE") == "Ksh1,234.56"


@pytest.fixture
def french_window(qtbot, services, settings):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QApplication
    settings.set(opt.LANGUAGE, "fr")
    assert install_language("fr", QApplication.instance()) == "fr"
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    yield w
    w.shutdown()
    install_language("en", QApplication.instance())


def test_the_till_speaks_french(qtbot, french_window, tmp_path):  # noqa: ANN001
    w = french_window
    assert w.locale_name == "fr"  # French numbers and money for a Kenyan shop
    assert w.menuBar().actions()[0].text() in ("&Poste", "&Shift") and any(
        a.text() == "&Gérant" for a in w.menuBar().actions())
    login(qtbot, w)
    sell_to_confirm(qtbot, w)
    from PySide6.QtWidgets import QAbstractButton, QLabel
    visible = [x.text() for x in w.sale.findChildren(QLabel) + w.sale.findChildren(QAbstractButton)
               if x.isVisible()]
    assert "Confirmer la vente (Entrée)" in visible, visible
    assert any(",00\u00a0KES" in t for t in visible), visible  # 100,00 KES: French decimal comma
    path = tmp_path / "fr-sale.png"
    assert w.grab().save(str(path))
    if os.environ.get("POS_WRITE_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        w.grab().save(str(SCREENSHOT))
