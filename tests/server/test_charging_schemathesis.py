"""schemathesis over the charging operations, signed as a charging client: no 5xx for any
generated input, and every error is problem+json."""
from __future__ import annotations

import time

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from prepaid_server.simulate import ChargingClient
from topup_core.signing import signed_headers

BUDGET_S = 40


class ClientSigning(requests.Session):
    def __init__(self, client: ChargingClient) -> None:
        super().__init__()
        self.client = client

    def send(self, request: requests.PreparedRequest, **kwargs):  # noqa: ANN003, ANN201
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        request.headers.update(signed_headers(self.client.client_id, self.client.secret, request.method,
                                              request.path_url, body, time.time_ns() // 1_000_000))
        return super().send(request, **kwargs)


def test_charging_operations_never_fail_with_a_5xx(server_url):
    till = server_url.enroll("Till")
    till.send_batch([till.sale(face=10_000, msisdn="+254712000001")])
    client = ChargingClient.enroll(server_url.url, server_url.cli("charging-client", "add", "fuzz").stdout.strip())
    schema = schemathesis.openapi.from_url(server_url.url + "/openapi.json")
    session = ClientSigning(client)
    operations = [op.ok() for op in schema.get_all_operations() if "/charging/" in op.ok().path
                  and not op.ok().path.endswith("/enroll")]
    assert len(operations) == 4
    deadline = time.monotonic() + BUDGET_S
    seen: dict[int, int] = {}
    for operation in operations:
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):  # noqa: ANN001, ANN202
            if time.monotonic() > deadline:
                return
            response = case.call(base_url=server_url.url, session=session)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code < 500, (case.formatted_path, response.text[:300])
            if response.status_code >= 400:
                assert response.headers.get("content-type", [""])[0].startswith("application/problem+json")

        check()
    assert any(200 <= s < 300 or s in (404, 409) for s in seen), seen  # past the signature check
