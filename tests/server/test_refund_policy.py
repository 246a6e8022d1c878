"""Issue 14 item 4: the refund policy of the catalog, enforced by the server on real server processes
(SQLite and PostgreSQL): reason codes, approvers (a second, different manager above the amount),
once per sale, the window, and the partial reversal after the customer spent part of the credit,
with its bonus and points. The ledger and the audit chain check clean afterwards."""
from __future__ import annotations

import json
import time
import uuid

from support.server import DEMO_CATALOG, TerminalClient, now_ms

POLICY = {"window_s": 3600, "approver": "manager", "second_approver_above": 50_000, "partial": True,
          "text": "Refunds within 1 h with a manager; unused credit only."}


def _publish(server, tmp_path, policy: dict, name: str = "policy.json") -> None:  # noqa: ANN001
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["refund_policy"] = policy
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    server.cli("publish-catalog", str(path))


def _sell(terminal: TerminalClient, **kw) -> dict:  # noqa: ANN003
    sale = terminal.sale(**kw)
    result = terminal.send_batch([sale]).json()["results"][0]
    assert result["status"] == "accepted", result
    return sale


def _reverse(terminal: TerminalClient, sale_id: str, **extra) -> dict:  # noqa: ANN003
    body = {"id": str(uuid.uuid4()), "sale_id": sale_id, "reason": "wrong number", "created_at_ms": now_ms(),
            **extra}
    r = terminal.post("/api/v1/reversals", body)
    assert r.status_code == 200, r.text
    return r.json()


def _sub(terminal: TerminalClient, msisdn: str) -> dict:
    return terminal.get("/api/v1/subscribers/" + msisdn).json()


def test_refund_policy_full_partial_second_approver_once(any_server, tmp_path):
    _publish(any_server, tmp_path, POLICY)
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    start = terminal.get("/api/v1/float").json()["balance"]
    one = {"reason_code": "wrong_number", "approvers": ["manager:Mary"]}

    # Full reversal: the reason code and a manager are needed; then everything comes back.
    a = _sell(terminal, face=10_000)  # bonus 500, 10 points in the demo catalog
    assert a["catalog_version"] == 2
    assert _reverse(terminal, a["id"])["code"] == "reason_code_required"
    assert _reverse(terminal, a["id"], reason_code="bribe", approvers=["m"])["code"] == "reason_code_unknown"
    assert _reverse(terminal, a["id"], reason_code="wrong_number")["code"] == "approver_required"
    full = _reverse(terminal, a["id"], **one)
    assert (full["status"], full["final_state"]) == ("reversed", "reversed_full"), full
    assert (full["recovered"], full["refund"], full["bonus_back"], full["points_back"]) == (
        10_000, a["price"], 500, 10)
    sub = _sub(terminal, a["msisdn"])
    assert (sub["main_balance"], sub["bonus_balance"], sub["loyalty"]["points"]) == (0, 0, 0)
    again = _reverse(terminal, a["id"], **one)  # once per sale
    assert (again["status"], again["code"]) == ("refused", "already_reversed")

    # Partial: the customer spent 40.00 of 100.00; the manager must accept the partial recovery.
    b = _sell(terminal, face=10_000)
    assert any_server.cli("usage", b["msisdn"], "4000").stdout.strip() == "6000"
    refused = _reverse(terminal, b["id"], **one)
    assert (refused["status"], refused["code"]) == ("refused", "partial_needs_consent")
    assert "60.00" in refused["message"]
    part = _reverse(terminal, b["id"], allow_partial=True, **one)
    assert (part["status"], part["final_state"]) == ("reversed", "reversed_partial"), part
    assert (part["recovered"], part["refund"], part["bonus_back"], part["points_back"]) == (
        6_000, b["price"] * 6_000 // 10_000, 500, 10)
    sub = _sub(terminal, b["msisdn"])
    assert (sub["main_balance"], sub["bonus_balance"], sub["loyalty"]["points"]) == (0, 0, 0)
    float_back_b = b["float_cost"] * 6_000 // 10_000

    # Above 500.00: two distinct managers (the same one twice is one).
    c = _sell(terminal, face=100_000)
    assert _reverse(terminal, c["id"], **one)["code"] == "second_approver_required"
    same = _reverse(terminal, c["id"], reason_code="duplicate", approvers=["manager:Mary", "MANAGER:mary "])
    assert same["code"] == "second_approver_required"
    two = _reverse(terminal, c["id"], reason_code="duplicate", approvers=["manager:Mary", "manager:Joe"])
    assert (two["status"], two["final_state"]) == ("reversed", "reversed_full")

    balance = terminal.get("/api/v1/float").json()["balance"]
    assert balance == start - b["float_cost"] + float_back_b
    any_server.cli("ledger-check")
    any_server.cli("audit-check")


def test_window_and_partial_not_allowed(any_server, tmp_path):
    server_url = any_server  # both databases
    _publish(server_url, tmp_path, {"window_s": 1, "partial": False, "text": "Full refunds only, within 1 s."})
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    one = {"reason_code": "customer_request", "approvers": ["manager:Mary"]}
    sale = _sell(terminal, face=10_000)
    assert server_url.cli("usage", sale["msisdn"], "1").stdout.strip() == "9999"
    refused = _reverse(terminal, sale["id"], allow_partial=True, created_at_ms=sale["created_at_ms"] + 500, **one)
    assert (refused["status"], refused["code"]) == ("refused", "partial_not_allowed")
    time.sleep(1.3)
    late = _reverse(terminal, sale["id"], **one)
    assert (late["status"], late["code"]) == ("refused", "window_expired")
    spent = _sell(terminal, face=10_000)
    assert server_url.cli("usage", spent["msisdn"], "10000").stdout.strip() == "0"
    assert _reverse(terminal, spent["id"], created_at_ms=spent["created_at_ms"] + 500, **one)["code"] == "credit_spent"
    server_url.cli("ledger-check")
    server_url.cli("audit-check")


def test_concurrent_reversals_of_one_sale_reverse_it_once(any_server, tmp_path):
    """Once per sale under concurrency: eight reversals of the same sale at once (different ids),
    while the same subscriber is topped up again; exactly one reverses, the ledger balances, no
    deadlock (the lock order: float, sale, main account, bonus account, points)."""
    from concurrent.futures import ThreadPoolExecutor

    _publish(any_server, tmp_path, POLICY)
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    sale = _sell(terminal, face=10_000)
    one = {"reason_code": "duplicate", "approvers": ["manager:Mary"]}
    more = [terminal.sale(face=10_000, msisdn=sale["msisdn"]) for _ in range(3)]

    def reverse(_i: int) -> dict:
        return _reverse(terminal, sale["id"], **one)

    with ThreadPoolExecutor(max_workers=6) as pool:
        topups = [pool.submit(terminal.send_batch, [doc]) for doc in more]
        answers = list(pool.map(reverse, range(8)))
    assert sorted(a["status"] for a in answers) == ["refused"] * 7 + ["reversed"]
    assert {a["code"] for a in answers if a["status"] == "refused"} == {"already_reversed"}
    assert all(t.result().json()["results"][0]["status"] == "accepted" for t in topups)
    sub = _sub(terminal, sale["msisdn"])
    assert sub["main_balance"] == 30_000
    any_server.cli("ledger-check")
    any_server.cli("audit-check")
