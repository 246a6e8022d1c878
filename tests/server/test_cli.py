"""The admin CLI contract: exit 0 on success; non-zero with one line on stderr otherwise."""
from __future__ import annotations

import sqlite3

from support.server import TerminalClient, run_cli


def test_admin_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    agent = run_cli(url, "create-agent", "Mombasa Road", "--limit=-5000", "--currency", "KES").stdout.strip()
    assert len(agent) == 36
    assert run_cli(url, "deposit", agent, "250000").stdout.strip() == "250000"
    assert run_cli(url, "deposit", agent, "-1000").stdout.strip() == "249000"
    code = run_cli(url, "issue-code", agent).stdout.strip()
    assert len(code) == 14 and code.count("-") == 2
    seeded = run_cli(url, "seed-demo").stdout
    assert "agent_id=" in seeded and "enrollment_code=" in seeded
    assert run_cli(url, "seed-demo").stdout.split()[0] == seeded.split()[0]  # idempotent: same demo agent
    assert run_cli(url, "ledger-check").stdout.startswith("ledger ok")
    assert "reject" in run_cli(url, "risk-rule", "daily_cap", "reject", "--threshold", "100").stdout


def test_failures_are_one_line_and_non_zero(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    agent = run_cli(url, "create-agent", "Shop").stdout.strip()
    for args, words in [(("deposit", "nobody", "10"), "no agent"),
                        (("deposit", agent, "-10"), "below its limit"),
                        (("create-agent", "Shop", "--limit", "500"), "zero or negative"),
                        (("create-agent", "Shop", "--currency", "kes"), "ISO 4217"),
                        (("risk-rule", "nonsense", "flag"), "Rules are"),
                        (("usage", "+254712000000", "10"), "never been topped up")]:
        proc = run_cli(url, *args, check=False)
        assert proc.returncode != 0, args
        assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert run_cli(url, "ledger-check").returncode == 0


def test_ledger_check_detects_tampering(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    assert terminal.send_batch([terminal.sale(face=10_000)]).json()["results"][0]["status"] == "accepted"
    assert server_url.cli("ledger-check").returncode == 0
    path = server_url.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # someone edits a cached balance behind the ledger's back
        conn.execute("UPDATE accounts SET balance = balance + 1 WHERE id LIKE 'float:%'")
    proc = server_url.cli("ledger-check", check=False)
    assert proc.returncode != 0
    assert "differs from the sum of its entries" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_ledger_is_append_only(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    terminal.send_batch([terminal.sale(face=10_000)])
    path = server_url.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        for sql in ("UPDATE entries SET amount = amount + 1", "DELETE FROM postings"):
            try:
                conn.execute(sql)
            except sqlite3.DatabaseError as exc:
                assert "append-only" in str(exc)
            else:
                raise AssertionError(f"{sql} was allowed")
