"""The lean single-sale route (issue 13, perf-sale): its body is validated once, from the bytes,
yet every bad body still gets FastAPI's 422 validation_failed problem (never a 5xx, nothing
stored), the signature is still checked first, and /openapi.json still describes the body.
Real server processes on a real SQLite file and a real PostgreSQL."""
from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import create_engine, text

from support.server import server_on

SALES = "/api/v1/sales"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):  # noqa: ANN001, ANN201
    with server_on(request.param, tmp_path_factory.mktemp("lean")) as running:
        yield running


def _stored(server, sale_id: str) -> int:  # noqa: ANN001
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM sales WHERE id = :i"), {"i": sale_id}).scalar()
    finally:
        engine.dispose()


def _problem(r: requests.Response, status: int = 422, code: str = "validation_failed") -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code
    return body


def test_bad_bodies_are_422_validation_failed_and_store_nothing(server):
    t = server.enroll("Lean")
    good = t.sale()
    sale_id = good["id"]
    cases = {
        "not json": b"{not json",
        "a list": json.dumps([good]).encode(),
        "a string": b'"sale"',
        "empty": b"",
        "float face": json.dumps({**good, "face": 10000.0}).encode(),
        "string face": json.dumps({**good, "face": "10000"}).encode(),
        "bool seq": json.dumps({**good, "seq": True}).encode(),
        "missing price": json.dumps({k: v for k, v in good.items() if k != "price"}).encode(),
        "negative face": json.dumps({**good, "face": -1}).encode(),
        "lone surrogate": json.dumps({**good, "msisdn": "\ud800"}).encode(),
        "NUL in id": json.dumps({**good, "product": "a\x00b"}).encode(),
        "lowercase currency": json.dumps({**good, "currency": "kes"}).encode(),
        "deep": b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    }
    for name, raw in cases.items():
        body = _problem(t.request("POST", SALES, raw=raw))
        assert body["errors"] and body["errors"][0]["loc"][0] == "body", (name, body)
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        _problem(t.request("POST", SALES, raw=json.dumps(good).encode(), headers={"Content-Type": content_type}))
    assert _stored(server, sale_id) == 0
    r = t.post(SALES, good)  # the same document, well formed: accepted once, then duplicate
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    assert t.post(SALES, good).json()["status"] == "duplicate"
    assert _stored(server, sale_id) == 1
    server.cli("ledger-check")


def test_the_signature_is_checked_before_the_body(server):
    t = server.enroll("Lean sig")
    bad_body = json.dumps({"id": "x", "face": 1.5}).encode()
    r = requests.post(server.url + SALES, data=bad_body, headers={
        "Content-Type": "application/json", "X-Terminal-Id": t.terminal_id, "X-Timestamp": "1",
        "X-Nonce": "ab" * 16, "X-Signature": "00" * 32}, timeout=10)
    assert r.status_code == 401, r.text


def test_extra_fields_are_ignored_and_part_of_nothing(server):
    """As before the lean route: unknown keys are dropped (extra="ignore") and the id's content
    hash is over the validated document, so a resend without them is a duplicate."""
    t = server.enroll("Lean extra")
    sale = t.sale()
    r = t.post(SALES, {**sale, "note": "ignored"})
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    assert t.post(SALES, sale).json()["status"] == "duplicate"


def test_openapi_still_describes_the_sale_body(server):
    spec = requests.get(server.url + "/openapi.json", timeout=10).json()
    body = spec["paths"][SALES]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert body["required"] is True
    assert schema["title"] == "SaleDocument"
    assert {"id", "terminal_id", "face", "float_cost", "catalog_version"} <= set(schema["required"])
