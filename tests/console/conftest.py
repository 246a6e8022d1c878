"""Fixtures for the distributor's console (issue 16)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.server import pg_server_url, postgres_database, server_url, start_server  # noqa: E402,F401

from prepaid_server.services import operators  # noqa: E402
from prepaid_server.services.context import open_context  # noqa: E402

ROOT = operators.cli_actor("test")


@pytest.fixture
def ctx(tmp_path):  # noqa: ANN001, ANN201
    return open_context(f"sqlite:///{tmp_path / 'console.sqlite3'}")
