from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime
from pos_app.application.clock import FixedClock
from support.server import pg_server_url, server_url  # noqa: F401  (fixtures)


@pytest.fixture
def clock():
    """Starts at the real time (the server checks sale times against its catalog's validity) and
    moves only when a test advances it, so backoff can be skipped deterministically."""
    return FixedClock(datetime.now(timezone.utc))


@pytest.fixture
def terminal(tmp_path, server_url, clock):  # noqa: F811
    """A seeded terminal enrolled with a real server process; float topped up for big tests."""
    server_url.cli("deposit", server_url.agent_id, "500000000")
    svc = Runtime.open(tmp_path / "pos", clock=clock)
    svc.setup.seed_demo()
    svc.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: 200000000})  # room to keep selling if a slow machine makes contact look stale
    engine = svc.engine
    svc.enroll(server_url.url, server_url.enrollment_code, "Till 1")
    engine.pull_catalog()
    engine.refresh_float()
    yield svc, engine, server_url
    engine.client.close()
    svc.close()
