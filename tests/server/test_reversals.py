"""Reversal rules: only a confirmed sale, once, within the window, while the credit is unspent."""
from __future__ import annotations

import json
import time
import uuid

from support.server import TerminalClient, now_ms


def _reverse(terminal: TerminalClient, sale_id: str, rid: str | None = None, created_at_ms: int | None = None):  # noqa: ANN202
    body = {"id": rid or str(uuid.uuid4()), "sale_id": sale_id, "reason": "wrong number",
            "created_at_ms": created_at_ms or now_ms()}
    r = terminal.post("/api/v1/reversals", body)
    assert r.status_code == 200, r.text
    return r.json(), body


def _sell(terminal: TerminalClient, **kw) -> dict:  # noqa: ANN003
    sale = terminal.sale(**kw)
    result = terminal.send_batch([sale]).json()["results"][0]
    assert result["status"] == "accepted", result
    return sale


def test_reversal_restores_float_and_subscriber(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    sale = _sell(terminal, face=100_000)  # bonus 12,000 in the demo catalog
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000 - sale["float_cost"]
    result, body = _reverse(terminal, sale["id"])
    assert result["status"] == "reversed" and result["code"] is None
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000
    sub = terminal.get("/api/v1/subscribers/" + sale["msisdn"]).json()
    assert (sub["main_balance"], sub["bonus_balance"]) == (0, 0)
    assert sub["recent"][0]["reversed"] is True

    # Idempotent on id; a new reversal of the same sale is refused.
    again = terminal.post("/api/v1/reversals", body).json()
    assert again["status"] == "reversed"
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000
    second, _ = _reverse(terminal, sale["id"])
    assert (second["status"], second["code"]) == ("refused", "already_reversed")
    conflict = terminal.post("/api/v1/reversals", dict(body, reason="other"))
    assert conflict.status_code == 409 and conflict.json()["code"] == "id_conflict"
    any_server.cli("ledger-check")


def test_only_confirmed_sales(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    unknown, _ = _reverse(terminal, str(uuid.uuid4()))
    assert (unknown["status"], unknown["code"]) == ("refused", "not_confirmed")
    rejected = terminal.sale(face=10_000, bonus=1)
    assert terminal.send_batch([rejected]).json()["results"][0]["status"] == "rejected"
    refused, _ = _reverse(terminal, rejected["id"])
    assert refused["code"] == "not_confirmed"


def test_another_agents_sale_cannot_be_reversed(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    sale = _sell(terminal, face=10_000)
    agent = server_url.cli("create-agent", "Other Shop").stdout.strip()
    stranger = TerminalClient.enroll(server_url.url, server_url.issue_code(agent))
    refused, _ = _reverse(stranger, sale["id"])
    assert refused["code"] == "not_confirmed"
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000 - sale["float_cost"]


def test_credit_spent(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    sale = _sell(terminal, face=10_000)
    assert server_url.cli("usage", sale["msisdn"], "2000").stdout.strip() == "8000"
    refused, _ = _reverse(terminal, sale["id"])
    assert (refused["status"], refused["code"]) == ("refused", "credit_spent")
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000 - sale["float_cost"]


def test_window_expired(server_url, tmp_path):
    doc = json.loads((server_url and open(__import__("support.server", fromlist=["x"]).DEMO_CATALOG).read()))
    doc["limits"]["reversal_window_s"] = 1
    path = tmp_path / "short.json"
    path.write_text(json.dumps(doc))
    server_url.cli("publish-catalog", str(path))
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    sale = _sell(terminal, face=10_000)
    assert sale["catalog_version"] == 2
    time.sleep(1.3)
    refused, _ = _reverse(terminal, sale["id"])
    assert (refused["status"], refused["code"]) == ("refused", "window_expired")
    fresh = _sell(terminal, face=10_000)
    ok, _ = _reverse(terminal, fresh["id"], created_at_ms=fresh["created_at_ms"] + 500)
    assert ok["status"] == "reversed"
