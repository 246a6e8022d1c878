"""Fixtures for the prepaid server tests. Reusable parts live in tests/support/server.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make tests/support importable as `support`

from support.server import pg_server_url, server_url, start_server, postgres_database  # noqa: E402,F401


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request, tmp_path):  # noqa: ANN001, ANN201
    """The same test against SQLite and PostgreSQL (for storage-sensitive behaviour)."""
    if request.param == "sqlite":
        server = start_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        try:
            yield server
        finally:
            server.stop()
    else:
        with postgres_database() as url:
            server = start_server(url)
            try:
                yield server
            finally:
                server.stop()
