"""Every error is RFC 9457 problem+json with a stable code, including the framework's own."""
from __future__ import annotations

import requests

from support.server import TerminalClient


def _problem(r: requests.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert set(body) >= {"type", "title", "status", "code", "detail"}
    assert body["status"] == status and body["code"] == code


def test_framework_errors_are_problems(server_url):
    _problem(requests.get(server_url.url + "/api/v1/nowhere"), 404, "not_found")
    _problem(requests.put(server_url.url + "/api/v1/enroll", json={}), 405, "method_not_allowed")
    _problem(requests.post(server_url.url + "/api/v1/enroll", data=b"{not json",
                           headers={"Content-Type": "application/json"}), 422, "validation_failed")
    _problem(requests.post(server_url.url + "/api/v1/enroll", json={"code": 12}), 422, "validation_failed")


def test_validation_errors_on_signed_routes(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    _problem(terminal.post("/api/v1/allowance", {"amount": "100"}), 422, "validation_failed")
    _problem(terminal.post("/api/v1/allowance", {"amount": 1.5}), 422, "validation_failed")
    _problem(terminal.post("/api/v1/sales/batch", {"sales": [{}] * 501}), 422, "validation_failed")
    _problem(terminal.get("/api/v1/catalog/notanumber"), 422, "validation_failed")
    _problem(terminal.get("/api/v1/catalog/99"), 404, "catalog_version_unknown")
    _problem(terminal.get("/api/v1/subscribers/hello"), 422, "msisdn_invalid")
    _problem(terminal.get("/api/v1/subscribers/+254712000111"), 404, "subscriber_unknown")


def test_openapi_is_published(server_url):
    spec = requests.get(server_url.url + "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ["/api/v1/enroll", "/api/v1/catalog", "/api/v1/catalog/{version}", "/api/v1/sales/batch",
                 "/api/v1/sales", "/api/v1/reversals", "/api/v1/float", "/api/v1/allowance",
                 "/api/v1/subscribers/{msisdn}", "/api/v1/terminal/status"]:
        assert path in spec["paths"], path
    batch = spec["paths"]["/api/v1/sales/batch"]["post"]["responses"]
    assert "200" in batch and "application/problem+json" in batch["401"]["content"]
