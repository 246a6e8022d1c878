"""Fixtures for the prepaid server tests. Reusable parts live in tests/support/server.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make tests/support importable as `support`

from support.server import pg_server_url, postgres_database, server_on, server_url, start_server  # noqa: E402,F401


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request, tmp_path):  # noqa: ANN001, ANN201
    """The same test against SQLite and PostgreSQL (for storage-sensitive behaviour)."""
    with server_on(request.param, tmp_path) as server:
        yield server
