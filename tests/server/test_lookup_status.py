"""Subscriber lookup and per-terminal missing sequence numbers."""
from __future__ import annotations

from support.server import TerminalClient


def test_subscriber_lookup(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    number = "+254712345678"
    first, second = terminal.sale(face=10_000, msisdn=number), terminal.sale(face=50_000, msisdn="0712 345 678")
    assert [x["status"] for x in terminal.send_batch([first, second]).json()["results"]] == ["accepted"] * 2
    r = terminal.get("/api/v1/subscribers/" + number)
    assert r.status_code == 200
    body = r.json()
    assert body["msisdn"] == number and body["currency"] == "KES"
    assert (body["main_balance"], body["bonus_balance"]) == (60_000, 500 + 5_000)
    assert body["bonus_expires_at"] is not None
    assert [x["sale_id"] for x in body["recent"]] == [second["id"], first["id"]] or \
        {x["sale_id"] for x in body["recent"]} == {first["id"], second["id"]}
    # National form finds the same subscriber.
    assert terminal.get("/api/v1/subscribers/0712345678").json()["msisdn"] == number


def test_terminal_status_reports_missing_seqs(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    docs = {seq: terminal.sale(face=10_000, seq=seq) for seq in (1, 2, 4, 7)}
    docs[4]["bonus"] = 1  # a rejected sale still counts as received
    terminal.send_batch(list(docs.values()))
    status = terminal.get("/api/v1/terminal/status").json()
    assert status["last_seq"] == 7 and status["contiguous_through"] == 2
    assert status["missing"] == [3, 5, 6] and status["missing_count"] == 3
    terminal.send_batch([terminal.sale(face=10_000, seq=s) for s in (3, 5, 6)])
    status = terminal.get("/api/v1/terminal/status").json()
    assert (status["last_seq"], status["contiguous_through"], status["missing"]) == (7, 7, [])
    # Another terminal's numbering is separate.
    other = any_server.enroll()
    assert other.get("/api/v1/terminal/status").json()["last_seq"] == 0
