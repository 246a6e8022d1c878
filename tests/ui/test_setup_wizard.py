"""First-run setup through the wizard, against a real pos-server on loopback: at the end the
terminal is enrolled (credentials saved), the manager can log in and the settings are stored."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from pos_app.runtime import Runtime
from pos_app.application import firstrun
from pos_app.application import settings as bs
from pos_app.application.clock import FixedClock
from pos_app.sync.credentials import CredentialStore
from pos_app.ui import settings as opt
from pos_app.ui.settings import UiSettings
from pos_app.ui.setup import SetupWizard
from support.server import server_url  # noqa: F401 - fixture

from ui_helpers import wait_idle


@pytest.fixture
def fresh(tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("TOPUP_NO_KEYRING", "1")
    services = Runtime.open(tmp_path / "fresh", clock=clock)
    yield services
    services.close()


def _wizard(qtbot, services, **kw) -> SetupWizard:  # noqa: ANN001
    ui = UiSettings.in_file(services.data_dir.path / "ui.ini")
    w = SetupWizard(services, ui_settings=ui, **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    wait_idle(qtbot, w)
    return w


def _next(qtbot, w: SetupWizard, expected_page: int) -> None:  # noqa: ANN001
    button = w.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on page {w.currentId()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert w.currentId() == expected_page


def test_first_run_enrolls_creates_manager_and_saves_settings(qtbot, fresh, server_url):  # noqa: F811
    assert fresh.first_run.needs_setup()
    w = _wizard(qtbot, fresh)

    # 1. language and country
    page = w.language_page
    page.country.setCurrentIndex(page.country.findData("KE"))
    assert page.currency.text() == "KES" and page.timezone.currentText() == "Africa/Nairobi"
    _next(qtbot, w, w.SERVER)

    # 2. server: Next stays disabled until enrolled
    assert not w.button(QWizard.WizardButton.NextButton).isEnabled()
    w.server_page.url.setText(server_url.url)
    w.server_page.code.setText("WRONG-CODE")
    qtbot.mouseClick(w.server_page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.server_page.busy, timeout=15_000)
    assert w.server_page.enrolled is None and w.server_page.status.text()
    assert w.server_page.status.property("state") == "error"
    w.server_page.code.setText(server_url.enrollment_code)
    qtbot.mouseClick(w.server_page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.server_page.enrolled is not None, timeout=15_000)
    assert w.server_page.enrolled.catalog_version is not None
    _next(qtbot, w, w.MANAGER)

    # 3. the first manager, PIN twice
    mp = w.manager_page
    qtbot.keyClicks(mp.full_name, "Grace Njeri")
    assert mp.username.text() == "grace"
    qtbot.keyClicks(mp.pin, "2468")
    qtbot.keyClicks(mp.pin2, "2469")
    assert not mp.isComplete() and mp.hint.property("state") == "error"
    mp.pin2.clear()
    qtbot.keyClicks(mp.pin2, "2468")
    assert mp.isComplete()
    _next(qtbot, w, w.PRINTER)

    # 4. printer: PDF by default; the test page goes through the runner
    wait_idle(qtbot, w)
    assert w.printer_page.uri.text().startswith("pdf://")
    pdf_dir = fresh.data_dir.path / "test-pages"
    w.printer_page.uri.setText(f"pdf://{pdf_dir}")
    qtbot.mouseClick(w.printer_page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.printer_page.test_result is not None, timeout=15_000)
    assert w.printer_page.status.property("state") == "ok", w.printer_page.status.text()
    assert list(pdf_dir.glob("*.pdf"))
    _next(qtbot, w, w.SHOP)

    # 5. the shop, then Finish stores everything in the background
    qtbot.keyClicks(w.shop_page.shop_name, "Grace Top-Ups")
    w.shop_page.address.setPlainText("Kenyatta Ave 3, Nakuru")
    with qtbot.waitSignal(w.finished_setup, timeout=15_000):
        qtbot.mouseClick(w.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert w.result() == QWizard.DialogCode.Accepted

    # one sync engine, handed to Sell as its ports: no hook lists to snapshot or leak
    # (the guard runs the engine's allowance check, then the points check: both inside the sale's transaction)
    assert fresh.engine in fresh.sell.guard.guards and fresh.sell.submitter is fresh.engine
    assert not hasattr(fresh.sell, "guards") and not hasattr(fresh.sell, "on_recorded")
    # The terminal is enrolled and its credentials saved...
    creds = CredentialStore(fresh.data_dir.path).load()
    assert creds is not None and creds.server_url == server_url.url
    engine = fresh.engine
    assert engine.status().enrolled
    assert engine.refresh_float()["currency"] == "KES"  # signed requests work
    engine.client.close()
    # ...the manager can log in...
    actor = fresh.auth.login("grace", "2468")
    assert actor.role.value == "manager"
    # ...and the settings are stored.
    store = fresh.settings
    assert store.get(bs.SHOP_NAME) == "Grace Top-Ups"
    assert store.get(bs.SHOP_ADDRESS) == "Kenyatta Ave 3, Nakuru"
    assert store.get(bs.COUNTRY) == "KE" and store.get(bs.CURRENCY) == "KES"
    assert store.get(bs.PRINTER_URI) == f"pdf://{pdf_dir}"
    assert fresh.terminal.info.terminal_code == creds.terminal_code
    assert not fresh.first_run.needs_setup()
    assert UiSettings.in_file(fresh.data_dir.path / "ui.ini").get(opt.LAST_USER) == "grace"


def test_rerun_by_admin_is_prefilled_and_manager_optional(qtbot, services):  # noqa: ANN001
    admin = services.auth.login("admin", "0000")
    w = _wizard(qtbot, services, actor=admin, rerun=True)
    assert w.shop_page.shop_name.text() == "Mama Mboga Top-Ups"
    assert w.manager_page.optional
    _next(qtbot, w, w.SERVER)
    w.server_page.offline.setChecked(True)  # not enrolled in this fixture
    _next(qtbot, w, w.MANAGER)
    _next(qtbot, w, w.PRINTER)  # no new manager: allowed on a re-run
    _next(qtbot, w, w.SHOP)
    w.shop_page.shop_name.setText("Mama Mboga II")
    with qtbot.waitSignal(w.finished_setup, timeout=15_000):
        qtbot.mouseClick(w.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert services.settings.get(bs.SHOP_NAME) == "Mama Mboga II"
    assert len(services.auth.list_users(admin)) == 3


def test_apply_setup_refuses_a_bad_pin_before_writing(fresh):  # noqa: ANN001
    from topup_core.errors import ValidationError
    plan = firstrun.SetupPlan(shop_name="X", manager_name="Ann", manager_pin="12")
    with pytest.raises(ValidationError):
        fresh.first_run.apply(plan)
    assert fresh.first_run.needs_setup()
    assert not fresh.setup.is_initialised()


def test_pos_app_opens_the_wizard_when_not_set_up(tmp_path, monkeypatch):  # noqa: ANN001
    import logging

    import pos_app.ui.setup as setup_ui
    from pos_app.cli import app as cli

    calls = []
    monkeypatch.setattr(setup_ui, "run_setup", lambda services, argv=None: calls.append(services) or False)
    before = list(logging.getLogger().handlers)
    try:
        assert cli.main(["--data-dir", str(tmp_path / "new")]) == 2  # cancelled: exits, nothing half set up
    finally:
        for h in list(logging.getLogger().handlers):
            if h not in before:
                logging.getLogger().removeHandler(h)
                h.close()
    assert len(calls) == 1
    assert (tmp_path / "new" / "logs" / "pos-app.log").parent.is_dir()
