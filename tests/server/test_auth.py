"""Enrollment and request signing against a real server process."""
from __future__ import annotations

import json

import requests

from support.server import TerminalClient, now_ms
from topup_core.signing import sign

PROBLEM = "application/problem+json"


def _assert_problem(r: requests.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["code"] == code and body["status"] == status
    assert body["type"].endswith("/" + code) and body["title"] and body["detail"]
    return body


def test_enrollment_code_works_once(server_url):
    r = requests.post(server_url.url + "/api/v1/enroll", json={"code": server_url.enrollment_code, "label": "Till 1"})
    assert r.status_code == 201
    body = r.json()
    assert body["terminal_code"] == "NBO1" and body["agent_id"] == server_url.agent_id
    assert len(__import__("base64").b64decode(body["secret"])) == 32
    again = requests.post(server_url.url + "/api/v1/enroll", json={"code": server_url.enrollment_code})
    _assert_problem(again, 409, "enrollment_code_used")


def test_enrollment_code_unknown_and_expired(server_url):
    _assert_problem(requests.post(server_url.url + "/api/v1/enroll", json={"code": "AAAA-BBBB-CCCC"}), 400,
                    "enrollment_code_invalid")
    expired = server_url.cli("issue-code", server_url.agent_id, "--ttl-hours", "0").stdout.strip()
    _assert_problem(requests.post(server_url.url + "/api/v1/enroll", json={"code": expired}), 410,
                    "enrollment_code_expired")


def test_second_terminal_gets_next_code(server_url):
    first = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    second = server_url.enroll()
    assert (first.terminal_code, second.terminal_code) == ("NBO1", "NBO2")


def test_good_signature_passes(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    r = terminal.get("/api/v1/float")
    assert r.status_code == 200
    assert r.json()["balance"] == 5_000_000 and r.json()["currency"] == "KES"


def test_missing_signature(server_url):
    _assert_problem(requests.get(server_url.url + "/api/v1/float"), 401, "signature_missing")


def test_bad_signature(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    forged = TerminalClient(server_url.url, terminal.terminal_id, b"x" * 32)
    _assert_problem(forged.get("/api/v1/float"), 401, "signature_invalid")


def test_body_tampering_breaks_signature(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    body = json.dumps({"amount": 100}).encode()
    ts, nonce = now_ms(), "ab" * 16
    headers = {"X-Terminal-Id": terminal.terminal_id, "X-Timestamp": str(ts), "X-Nonce": nonce,
               "X-Signature": sign(terminal.secret, "POST", "/api/v1/allowance", ts, nonce, body),
               "Content-Type": "application/json"}
    r = requests.post(server_url.url + "/api/v1/allowance", data=json.dumps({"amount": 999999}), headers=headers)
    _assert_problem(r, 401, "signature_invalid")
    assert terminal.get("/api/v1/float").json()["allowance"]["reserved"] == 0


def test_clock_skew(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    body = _assert_problem(terminal.get("/api/v1/float", timestamp_ms=now_ms() - 301_000), 401, "clock_skew")
    assert abs(body["server_time_ms"] - now_ms()) < 60_000
    _assert_problem(terminal.get("/api/v1/float", timestamp_ms=now_ms() + 301_000), 401, "clock_skew")
    assert terminal.get("/api/v1/float", timestamp_ms=now_ms() - 200_000).status_code == 200


def test_replayed_nonce(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    ts, nonce = now_ms(), "cd" * 16
    headers = {"X-Terminal-Id": terminal.terminal_id, "X-Timestamp": str(ts), "X-Nonce": nonce,
               "X-Signature": sign(terminal.secret, "GET", "/api/v1/float", ts, nonce, b"")}
    assert requests.get(server_url.url + "/api/v1/float", headers=headers).status_code == 200
    _assert_problem(requests.get(server_url.url + "/api/v1/float", headers=headers), 401, "nonce_replayed")


def test_replayed_nonce_refused_by_another_server_process(server_url):
    """Nonces live in the database: a second process on the same DB refuses the replay too."""
    from support.server import start_server
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    other = start_server(server_url.database_url, seed=False)
    try:
        ts, nonce = now_ms(), "ef" * 16
        headers = {"X-Terminal-Id": terminal.terminal_id, "X-Timestamp": str(ts), "X-Nonce": nonce,
                   "X-Signature": sign(terminal.secret, "GET", "/api/v1/float", ts, nonce, b"")}
        assert requests.get(server_url.url + "/api/v1/float", headers=headers).status_code == 200
        _assert_problem(requests.get(other.url + "/api/v1/float", headers=headers), 401, "nonce_replayed")
    finally:
        other.stop()


def test_unknown_terminal(server_url):
    stranger = TerminalClient(server_url.url, "00000000-0000-0000-0000-000000000000", b"k" * 32)
    _assert_problem(stranger.get("/api/v1/float"), 401, "terminal_unknown")
