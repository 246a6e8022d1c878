"""The charging API over HTTP against a real pos-server process: charging clients enroll with a
code printed by `pos-server charging-client add`, only they can charge, terminals never can;
sessions, events, idempotency, coded errors (never a 5xx), OpenAPI, restart, a vanished client."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
import requests

from prepaid_server.simulate import ChargingClient
from support.server import start_server, unique_msisdn


def voice_per_minute() -> int:
    """The demo tariff's Safaricom voice price now: 200 a minute at night in Nairobi, else 400."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    hour = datetime.now(ZoneInfo("Africa/Nairobi")).hour
    return 200 if hour >= 22 or hour < 6 else 400


def enroll_client(server, name: str = "MSC") -> ChargingClient:  # noqa: ANN001
    code = server.cli("charging-client", "add", name).stdout.strip()
    assert len(code.replace("-", "")) == 12
    return ChargingClient.enroll(server.url, code)


def subscriber(server, face: int = 10_000) -> tuple[object, str]:  # noqa: ANN001
    till = server.enroll("Till")
    number = unique_msisdn()
    r = till.send_batch([till.sale(face=face, msisdn=number)])
    assert r.json()["results"][0]["status"] == "accepted", r.text
    return till, number


def test_a_charging_client_charges_and_a_terminal_never_can(server_url):
    till, number = subscriber(server_url)
    client = enroll_client(server_url)
    sid = f"call-{uuid.uuid4().hex[:8]}"
    price = voice_per_minute()
    opened = client.open(sid, number, "voice", 120)
    assert opened.status_code == 200, opened.text
    assert opened.json()["granted_units"] == 120
    upd = client.update(sid, 1, 100, 60)
    assert upd.status_code == 200 and upd.json()["used_units"] == 100
    end = client.terminate(sid, 2, 20)
    assert end.json()["state"] == "closed" and end.json()["charged"] == 2 * price
    assert client.event(f"sms-{uuid.uuid4().hex[:8]}", number).json()["charged"] == 100

    # A terminal can never charge.
    refused = till.post("/api/v1/charging/sessions", {"session_id": "t1", "request_number": 0, "msisdn": number,
                                                      "service": "voice", "requested_units": 60})
    assert refused.status_code == 403 and refused.json()["code"] == "charging_not_allowed"
    assert till.post("/api/v1/charging/events", {"event_id": "t2", "msisdn": number}).status_code == 403
    # A charging client can only charge.
    for path in ("/api/v1/float", "/api/v1/catalog", f"/api/v1/subscribers/{number}",
                 f"/api/v1/subscribers/{number}/usage?days=7", f"/api/v1/subscribers/{number}/buckets"):
        r = client.request("GET", path)
        assert r.status_code == 401 and r.json()["code"] == "terminal_unknown", path
    # The terminal sees the usage breakdown and the buckets.
    usage = till.get(f"/api/v1/subscribers/{number}/usage?days=7").json()
    assert {(line["service"], line["units"], line["charge"]) for line in usage["lines"]} == {
        ("voice", 120, 2 * price), ("sms", 1, 100)}
    assert usage["totals"] == {"voice": 2 * price, "sms": 100}
    buckets = till.get(f"/api/v1/subscribers/{number}/buckets").json()["buckets"]
    assert [b["id"] for b in buckets] == ["bonus", "main"] and all(b["reserved"] == 0 for b in buckets)
    server_url.cli("ledger-check")


def test_codes_work_once_and_unsigned_or_unknown_is_refused(server_url):
    code = server_url.cli("charging-client", "add", "SMSC").stdout.strip()
    ChargingClient.enroll(server_url.url, code)
    again = requests.post(server_url.url + "/api/v1/charging/enroll", json={"code": code}, timeout=5)
    assert again.status_code == 409 and again.json()["code"] == "enrollment_code_used"
    bad = requests.post(server_url.url + "/api/v1/charging/enroll", json={"code": "NOPE-NOPE-NOPE"}, timeout=5)
    assert bad.status_code == 400 and bad.json()["code"] == "enrollment_code_invalid"
    # A terminal's enrollment code does not enroll a charging client.
    other = requests.post(server_url.url + "/api/v1/charging/enroll", json={"code": server_url.issue_code()}, timeout=5)
    assert other.status_code == 400
    unsigned = requests.post(server_url.url + "/api/v1/charging/events", json={"event_id": "x", "msisdn": "1"},
                             timeout=5)
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "signature_missing"
    stranger = ChargingClient(server_url.url, str(uuid.uuid4()), b"k" * 32)
    r = stranger.event("x", "+254712000001")
    assert r.status_code == 401 and r.json()["code"] == "charging_client_unknown"


def test_idempotency_conflicts_and_bad_input_over_http(server_url):
    _till, number = subscriber(server_url)
    client = enroll_client(server_url)
    first = client.open("s-1", number, "data", 1_000_000)
    assert client.open("s-1", number, "data", 1_000_000).json() == first.json()
    clash = client.open("s-1", number, "data", 2_000_000)
    assert clash.status_code == 409 and clash.json()["code"] == "request_conflict"
    bad_bodies = [
        ("/api/v1/charging/sessions", {"session_id": "s-2", "msisdn": number, "service": "voice",
                                       "requested_units": 60.0}),
        ("/api/v1/charging/sessions", {"session_id": "s-2", "msisdn": number, "service": "fax", "requested_units": 1}),
        ("/api/v1/charging/sessions", {"session_id": "bad id/", "msisdn": number, "service": "voice",
                                       "requested_units": 1}),
        ("/api/v1/charging/sessions", {"session_id": "s-2", "msisdn": number, "service": "voice",
                                       "requested_units": -1}),
        ("/api/v1/charging/sessions", {"session_id": "s-2", "msisdn": number, "service": "voice",
                                       "requested_units": 10**30}),
        ("/api/v1/charging/sessions/s-1/update", {"request_number": "1", "used_units": 1}),
        ("/api/v1/charging/events", {"event_id": "e", "msisdn": number, "units": 0}),
        ("/api/v1/charging/events", [1, 2]),
    ]
    for path, body in bad_bodies:
        r = client.request("POST", path, body)
        assert r.status_code == 422, (path, body, r.text)
    r = client.request("POST", "/api/v1/charging/sessions/nope/update", {"request_number": 1, "used_units": 1})
    assert r.status_code == 404 and r.json()["code"] == "session_unknown"
    r = client.open("s-3", "+254799999999", "voice", 60)
    assert r.status_code == 404 and r.json()["code"] == "subscriber_unknown"
    r = client.open("s-4", "07", "voice", 60)
    assert r.status_code == 422 and r.json()["code"] == "msisdn_invalid"


def test_openapi_publishes_the_charging_api(server_url):
    paths = requests.get(server_url.url + "/openapi.json", timeout=5).json()["paths"]
    for p in ("/api/v1/charging/enroll", "/api/v1/charging/sessions", "/api/v1/charging/sessions/{session_id}/update",
              "/api/v1/charging/sessions/{session_id}/terminate", "/api/v1/charging/events",
              "/api/v1/subscribers/{msisdn}/usage", "/api/v1/subscribers/{msisdn}/buckets"):
        assert p in paths, p


def test_sessions_survive_a_server_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    server = start_server(url)
    try:
        _till, number = subscriber(server)
        client = enroll_client(server)
        assert client.open("keep", number, "voice", 60).json()["granted_units"] == 60
    finally:
        server.stop()
    server = start_server(url, seed=False)
    try:
        client.base_url = server.url
        r = client.update("keep", 1, 60, 60)
        assert r.status_code == 200 and r.json()["charged"] == voice_per_minute()
        assert client.update("keep", 1, 60, 60).json() == r.json()  # the retry after the restart
        assert client.terminate("keep", 2, 0).json()["state"] == "closed"
        server.cli("ledger-check")
    finally:
        server.stop()


CLIENT_SCRIPT = textwrap.dedent("""
    import base64, json, sys, time
    from prepaid_server.simulate import ChargingClient
    cred = json.loads(sys.argv[1])
    c = ChargingClient(cred["server"], cred["client_id"], base64.b64decode(cred["secret"]))
    r = c.open("doomed", cred["msisdn"], "voice", 600)
    print(r.json()["granted_units"], flush=True)
    time.sleep(600)
""")


def test_a_client_killed_mid_session_has_its_reservation_released(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_SERVER_CHARGING_VALIDITY_MS", "1500")
    monkeypatch.setenv("POS_SERVER_CHARGING_SWEEP_MS", "200")
    server = start_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        till, number = subscriber(server)
        client = enroll_client(server)
        cred = {**client.credential(), "msisdn": number}
        import json
        proc = subprocess.Popen([sys.executable, "-c", CLIENT_SCRIPT, json.dumps(cred)], stdout=subprocess.PIPE,
                                text=True, env={**os.environ})
        assert proc.stdout.readline().strip() == "600"
        held = till.get(f"/api/v1/subscribers/{number}/buckets").json()["buckets"]
        assert sum(b["reserved"] for b in held) == 10 * voice_per_minute()
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            held = till.get(f"/api/v1/subscribers/{number}/buckets").json()["buckets"]
            if sum(b["reserved"] for b in held) == 0:
                break
            time.sleep(0.2)
        assert sum(b["reserved"] for b in held) == 0
        late = client.update("doomed", 1, 600, 0)
        assert late.status_code == 409 and late.json()["code"] == "session_released"
        server.cli("ledger-check")
    finally:
        server.stop()


def test_simulate_usage_enrolls_itself_and_charges_through_the_api(server_url, tmp_path):
    till, number = subscriber(server_url, face=100_000)
    cred = tmp_path / "sim.json"
    args = ("simulate-usage", "--server", server_url.url, "--subscribers", "3", "--hours", "2", "--seed", "3",
            "--credential", str(cred))
    first = server_url.cli(*args)
    import json
    report = json.loads(first.stdout)
    assert report["errors"] == 0 and report["requests"] > 0 and cred.stat().st_mode & 0o077 == 0
    client_id = json.loads(cred.read_text())["client_id"]
    server_url.cli(*args)  # the second run reuses the stored credential
    assert json.loads(cred.read_text())["client_id"] == client_id
    listed = server_url.cli("charging-client", "list").stdout
    assert listed.count("usage simulator") == 1
    usage = till.get(f"/api/v1/subscribers/{number}/usage?days=1").json()
    assert usage["lines"] and sum(usage["totals"].values()) > 0
    server_url.cli("ledger-check")


def test_the_subscriber_lookup_lists_the_buckets_in_the_order_of_use(server_url):
    till, number = subscriber(server_url)
    bundle = server_url.cli("bundle-grant", number, "sms", "10", "--days", "3").stdout.strip()
    body = till.get(f"/api/v1/subscribers/{number}").json()
    assert [b["id"] for b in body["buckets"]] == [bundle, "bonus", "main"]
    assert body["buckets"][0] == {**body["buckets"][0], "type": "sms", "unit": "SMS", "remaining": 10, "reserved": 0,
                                  "weight": 10, "status": "active"}
    assert body["main_balance"] == next(b["remaining"] for b in body["buckets"] if b["id"] == "main")
