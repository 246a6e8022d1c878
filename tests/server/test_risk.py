"""Risk rules, each configurable as flag (accept + alert) or reject."""
from __future__ import annotations

from support.server import TerminalClient


def _send(terminal: TerminalClient, docs: list[dict]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["code"]) for r in terminal.send_batch(docs).json()["results"]]


def test_repeat_number_is_flagged_then_rejected(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    number = "+254712999001"
    assert _send(terminal, [terminal.sale(msisdn=number), terminal.sale(msisdn=number)]) == [("accepted", None)] * 2
    alerts = server_url.cli("alerts").stdout.strip().splitlines()
    assert len(alerts) == 1 and "repeat_msisdn" in alerts[0] and "flag" in alerts[0]

    server_url.cli("risk-rule", "repeat_msisdn", "reject")
    assert _send(terminal, [terminal.sale(msisdn=number)]) == [("rejected", "risk_rejected")]
    other = "+254712999002"
    assert _send(terminal, [terminal.sale(msisdn=other)]) == [("accepted", None)]
    assert len(server_url.cli("alerts").stdout.strip().splitlines()) == 2


def test_daily_cap(server_url):
    server_url.cli("risk-rule", "daily_cap", "reject", "--threshold", "25000")
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    assert _send(terminal, [terminal.sale(face=10_000), terminal.sale(face=10_000), terminal.sale(face=10_000)]) == [
        ("accepted", None), ("accepted", None), ("rejected", "risk_rejected")]
    assert "daily_cap" in server_url.cli("alerts").stdout


def test_amount_far_above_normal(server_url):
    server_url.cli("risk-rule", "amount_spike", "reject")
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    history = [terminal.sale(face=5_000) for _ in range(20)]
    assert _send(terminal, history) == [("accepted", None)] * 20
    assert _send(terminal, [terminal.sale(face=60_000), terminal.sale(face=40_000)]) == [
        ("rejected", "risk_rejected"), ("accepted", None)]
    assert "amount_spike" in server_url.cli("alerts").stdout


def test_spike_needs_history(server_url):
    server_url.cli("risk-rule", "amount_spike", "reject")
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    assert _send(terminal, [terminal.sale(face=5_000), terminal.sale(face=500_000)]) == [("accepted", None)] * 2
