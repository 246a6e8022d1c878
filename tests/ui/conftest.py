"""UI tests: real services over a real SQLite data dir (seeded once, copied per test), offscreen Qt."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pos_app.runtime import Runtime
from pos_app.application.clock import FixedClock
from pos_app.ui import settings as opt
from pos_app.ui.app import build_main_window
from pos_app.ui.settings import UiSettings

START = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)  # 12:30 in Nairobi; the demo promotion runs


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template")
    with Runtime.open(path) as services:
        services.setup.seed_demo()
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def services(seeded_template: Path, tmp_path: Path, clock: FixedClock):  # noqa: ANN201
    data = tmp_path / "data"
    data.mkdir()
    for f in seeded_template.iterdir():
        if f.name.startswith("pos.sqlite3") or f.name == "pin.key":  # the PINs are sealed under it (issue 11)
            shutil.copy2(f, data / f.name)
    services = Runtime.open(data, clock=clock)
    yield services
    services.close()


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    s = UiSettings.in_file(tmp_path / "ui.ini")
    s.set(opt.LAST_USER, "alice")
    s.set(opt.IDLE_LOCK_SECONDS, 0)
    s.set(opt.STATUS_REFRESH_MS, 60_000)
    s.set(opt.RESULT_POLL_SECONDS, 0)
    return s


@pytest.fixture
def window(qtbot, services, settings):  # noqa: ANN001, ANN201
    w = build_main_window(services, settings=settings)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    yield w
    w.shutdown()


from ui_helpers import wait_idle  # noqa: E402
