"""Helpers for the console tests (issue 16): a browser-less client and the CLI's actor."""
from __future__ import annotations

from prepaid_server.services import operators

ROOT = operators.cli_actor("test")

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
