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


PASSWORD = "correct horse battery"


class Console:
    """A browser-less console client on a real server: requests keeps the cookies, every form
    sends the page's CSRF token like the browser would."""

    def __init__(self, base: str) -> None:
        import requests
        self.base = base
        self.http = requests.Session()
        self.csrf = ""

    def get(self, path: str, **kw):  # noqa: ANN003, ANN201
        r = self.http.get(self.base + path, timeout=30, **kw)
        self._remember(r.text)
        return r

    def _remember(self, html: str) -> None:
        import re
        m = re.search(r'name="csrf" value="([^"]+)"', html)
        if m:
            self.csrf = m.group(1)

    def post(self, path: str, data: dict | None = None, csrf: str | None = None, **kw):  # noqa: ANN003, ANN201
        body = dict(data or {})
        if csrf is None:
            body["csrf"] = self.csrf
        elif csrf:
            body["csrf"] = csrf
        r = self.http.post(self.base + path, data=body, timeout=30, **kw)
        self._remember(r.text)
        return r

    def login(self, name: str, password: str = PASSWORD):  # noqa: ANN201
        self.get("/console/login")
        return self.post("/console/login", {"name": name, "password": password})


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
