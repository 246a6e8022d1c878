"""schemathesis over /openapi.json: no 5xx for any generated input, signed or not."""
from __future__ import annotations

import time

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topup_core.signing import signed_headers
from support.server import TerminalClient

EXAMPLES_PER_OPERATION = 12
BUDGET_S = 50


class SigningSession(requests.Session):
    """Signs the final prepared request (exact path and body bytes), like a real terminal."""

    def __init__(self, terminal: TerminalClient) -> None:
        super().__init__()
        self.terminal = terminal

    def send(self, request: requests.PreparedRequest, **kwargs):  # noqa: ANN003, ANN201
        if "/enroll" not in request.path_url:
            body = request.body or b""
            if isinstance(body, str):
                body = body.encode()
            request.headers.update(signed_headers(self.terminal.terminal_id, self.terminal.secret, request.method,
                                                  request.path_url, body, time.time_ns() // 1_000_000))
        return super().send(request, **kwargs)


def test_no_server_errors(any_server):
    """On SQLite and PostgreSQL (issue 11: PostgreSQL refused NUL bytes with a 500)."""
    server_url = any_server
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    schema = schemathesis.openapi.from_url(server_url.url + "/openapi.json")
    session = SigningSession(terminal)
    plain = requests.Session()
    deadline = time.monotonic() + BUDGET_S
    seen: dict[int, int] = {}
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 11

    for operation in operations:
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(), signed=st.booleans())
        def check(case, signed):  # noqa: ANN001, ANN202
            if time.monotonic() > deadline:
                return
            response = case.call(base_url=server_url.url, session=session if signed else plain)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code < 500, (case.method, case.formatted_path, response.status_code,
                                                response.text[:300])
            if response.status_code >= 400:
                assert response.headers.get("content-type", [""])[0].startswith("application/problem+json")

        check()
    # The signed path was really exercised: some requests got past authentication.
    assert any(code in seen for code in (200, 201)), seen
    assert any(code in seen for code in (401,)), seen
