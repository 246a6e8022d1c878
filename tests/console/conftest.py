"""Fixtures for the distributor's console (issue 16)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.server import pg_server_url, postgres_database, server_on, server_url, start_server  # noqa: E402,F401

from prepaid_server.services import operators  # noqa: E402
from prepaid_server.services.context import open_context  # noqa: E402

from support.console import PASSWORD, ROOT, Console  # noqa: E402,F401


@pytest.fixture
def ctx(tmp_path):  # noqa: ANN001, ANN201
    return open_context(f"sqlite:///{tmp_path / 'console.sqlite3'}")


@pytest.fixture
def console(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    """A real pos-server process (plain http on loopback, so cookies without Secure) with one
    operator of each role; yields (server, ctx)."""
    monkeypatch.setenv("POS_CONSOLE_COOKIE_SECURE", "0")
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    ctx = open_context(url)
    for name, role in (("ann", "admin"), ("fay", "finance"), ("rik", "risk"), ("sam", "support")):
        operators.add(ctx, ROOT, name, role, PASSWORD)
    server = start_server(url)
    try:
        yield server, ctx
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request, tmp_path):  # noqa: ANN001, ANN201
    """A real server with the demo data on SQLite and on PostgreSQL."""
    with server_on(request.param, tmp_path) as server:
        yield server
