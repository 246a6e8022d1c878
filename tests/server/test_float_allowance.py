"""Offline allowance: reserved from float up front, never more than is available, consumed first."""
from __future__ import annotations

from support.server import TerminalClient


def test_allowance_is_reserved_from_float_and_released(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    r = terminal.post("/api/v1/allowance", {"amount": 200_000})
    assert r.status_code == 200
    body = r.json()
    assert body["balance"] == 4_800_000 and body["available"] == 4_800_000
    assert body["allowance"] == {"reserved": 200_000, "used": 0, "remaining": 200_000}
    # Asking again for the same target reserves nothing more.
    assert terminal.post("/api/v1/allowance", {"amount": 200_000}).json()["balance"] == 4_800_000

    sale = terminal.sale(face=100_000)  # float cost 94,000: taken from the allowance first
    batch = terminal.send_batch([sale]).json()
    assert batch["results"][0]["status"] == "accepted"
    assert batch["float"]["balance"] == 4_800_000
    assert batch["float"]["allowance"] == {"reserved": 200_000, "used": 94_000, "remaining": 106_000}

    released = terminal.delete("/api/v1/allowance").json()
    assert released["balance"] == 4_800_000 + 106_000
    assert released["allowance"] == {"reserved": 0, "used": 0, "remaining": 0}
    any_server.cli("ledger-check")


def test_allowance_never_exceeds_available_float(server_url):
    agent = server_url.cli("create-agent", "Tiny Shop", "--limit=-10000").stdout.strip()
    server_url.cli("deposit", agent, "40000")
    first = TerminalClient.enroll(server_url.url, server_url.issue_code(agent))
    second = TerminalClient.enroll(server_url.url, server_url.issue_code(agent))
    a = first.post("/api/v1/allowance", {"amount": 1_000_000}).json()
    assert a["allowance"]["remaining"] == 50_000  # 40,000 float + 10,000 credit
    assert (a["balance"], a["limit"], a["available"]) == (-10_000, -10_000, 0)
    b = second.post("/api/v1/allowance", {"amount": 1_000}).json()
    assert b["allowance"]["remaining"] == 0 and b["balance"] == -10_000
    # Sales beyond the allowance cannot dip into the float below its limit.
    sales = [first.sale(face=50_000)]  # float cost 47,000 <= 50,000 allowance
    sales.append(first.sale(face=5_000))  # 4,700 > 3,000 left, float has none spare
    results = first.send_batch(sales).json()
    assert [x["status"] for x in results["results"]] == ["accepted", "rejected"]
    assert results["results"][1]["code"] == "insufficient_float"
    assert results["float"]["balance"] == -10_000
    server_url.cli("ledger-check")


def test_allowance_validation(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    assert terminal.post("/api/v1/allowance", {"amount": -1}).status_code == 422
    assert terminal.get("/api/v1/float").json()["allowance"]["reserved"] == 0
