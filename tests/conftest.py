"""Fixtures shared by every test layer: a real data directory with the demo market."""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # makes tests/support importable as `support`

from pos_app.runtime import Runtime  # noqa: E402
from pos_app.application.clock import FixedClock  # noqa: E402

# A fixed Saturday morning in Nairobi, inside the demo promotion's window.
DEMO_NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DEMO_NOW)


@pytest.fixture
def services(tmp_path: Path, clock: FixedClock):
    svc = Runtime.open(tmp_path / "data", clock=clock)
    svc.setup.seed_demo()
    yield svc
    svc.close()


@pytest.fixture
def clerk(services):
    return services.auth.login("alice", "1234")


@pytest.fixture
def manager(services):
    return services.auth.login("mary", "9876")
