"""`pos-admin customer show` and `pos-admin customers lapsed` (issue 14) as real subprocesses, against
a real pos-server on loopback (online, then cached with the server gone)."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.server import TerminalClient, now_ms, server_url  # noqa: F401  (fixture)

PROG = [sys.executable, "-m", "pos_app.cli.admin"]
NUMBER = "+254712345670"
DAY = 86_400_000


def run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*PROG, "--data-dir", str(data_dir), *args], input=stdin, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def enrolled(tmp_path: Path, server_url):  # noqa: ANN201, F811
    assert run(tmp_path, "init", "--demo").returncode == 0
    proc = run(tmp_path, "enroll", "--server", server_url.url, stdin=server_url.enrollment_code + "\n")
    assert proc.returncode == 0, proc.stderr
    from pos_app.domain.sale import SaleRequest
    from pos_app.runtime import Runtime
    with Runtime.open(tmp_path) as app:  # three top-ups, confirmed by the server
        app.engine.refresh_float()
        clerk = app.auth.login("alice", "1234")
        for face in (20_000, 20_000, 50_000):
            app.sell.record(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", face, "cash", face))
        assert app.engine.drain().accepted == 3
        app.engine.close()
    return tmp_path, server_url


def test_customer_show_online_then_cached(enrolled) -> None:  # noqa: ANN001
    data_dir, server = enrolled
    proc = run(data_dir, "customer", "show", "0712345670", "--json")
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    assert view["source"] == "server" and view["msisdn"].startswith("+254") and "345670" not in view["msisdn"]
    assert view["loyalty"]["points"] == 90 and view["loyalty"]["tier"] == "YELLOW"
    assert view["suggestions"]["amounts"][:2] == [20000, 50000]
    # the server's balance buckets (issue 15's shape), in the order they are used: bonus before main
    kinds = [(b["kind"], b["amount"]) for b in view["buckets"]]
    assert [k for k, _ in kinds][-2:] == ["bonus", "main"] and dict(kinds)["main"] == 90_000, kinds
    text = run(data_dir, "customer", "show", "0712345670").stdout
    assert "up to date" in text and "Yellow, 90 points" in text and "to Gold" in text
    server.stop()
    proc = run(data_dir, "customer", "show", "0712345670")
    assert proc.returncode == 0, proc.stderr
    assert "as of" in proc.stdout and "Yellow, 90 points" in proc.stdout
    bad = run(data_dir, "customer", "show", "12")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_customers_lapsed_from_the_server(enrolled, tmp_path) -> None:  # noqa: ANN001
    data_dir, server = enrolled
    # History: move this customer's three top-ups back (60, 53 and 46 days ago: a 7-day rhythm).
    from sqlalchemy import create_engine, text
    engine = create_engine(server.database_url)
    with engine.begin() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM sales WHERE msisdn = :m ORDER BY created_at_ms"),
                                          {"m": NUMBER})]
        for i, sale_id in enumerate(ids):
            conn.execute(text("UPDATE sales SET created_at_ms = :t WHERE id = :i"),
                         {"t": now_ms() - (60 - 7 * i) * DAY, "i": sale_id})
    engine.dispose()
    proc = run(data_dir, "customers", "lapsed", "--min-days", "30", "--json", "--csv", str(tmp_path / "l.csv"))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert "345670" not in row["msisdn_masked"] and row["msisdn_masked"].endswith("70")
    assert (row["days_since"], row["topups"], row["total"], row["last_amount"], row["usual_interval_days"]) == \
        (46, 3, 90_000, 50_000, 7)
    with open(tmp_path / "l.csv", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][0] == "number" and lines[1][1] == "46"
    assert "46 days" in run(data_dir, "customers", "lapsed").stdout
    assert json.loads(run(data_dir, "customers", "lapsed", "--min-days", "50", "--json").stdout) == []
    other = TerminalClient.enroll(server.url, server.issue_code())
    assert other.get("/api/v1/customers/lapsed?min_days=-1").status_code == 422  # bad input: coded, never 5xx


def test_sell_on_an_enrolled_terminal_from_a_fresh_process_goes_online(enrolled) -> None:  # noqa: ANN001
    """A new `pos-admin sell` process has never talked to the server: it asks first, so the sale
    takes the fast path (SUCCESS with a server reference) instead of `offline_no_allowance`."""
    data_dir, _server = enrolled
    proc = run(data_dir, "sell", "--user", "alice", "--number", "0712345670", "--product", "SAF-AIRTIME",
               "--amount", "10000", "--pay", "cash", stdin="1234\n")
    assert proc.returncode == 0, proc.stderr
    assert "SUCCESS, server reference" in proc.stdout, proc.stdout


def test_reminders_csv_lists_the_opted_in_numbers_in_full(tmp_path: Path) -> None:
    """till-points: `pos-admin customers reminders --csv F`, a real subprocess over a real till
    database: only numbers still opted in, in full (for the shop's SMS tool), with date and clerk."""
    assert run(tmp_path, "init", "--demo").returncode == 0
    from pos_app.runtime import Runtime
    with Runtime.open(tmp_path) as app:
        clerk = app.auth.login("alice", "1234")
        app.consent.give(clerk, "0712345678")
        app.consent.give(clerk, "0722000111")
        app.consent.withdraw(clerk, "0722000111")
    out = tmp_path / "reminders.csv"
    proc = run(tmp_path, "customers", "reminders", "--csv", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 numbers opted in" in proc.stderr
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["number", "consented_at", "recorded_by"]
    assert [r[0] for r in rows[1:]] == ["+254712345678"] and rows[1][2] == "Alice Wanjiru"
    assert run(tmp_path, "customers", "reminders").returncode != 0  # --csv is required


def test_sell_with_points_from_the_cli(tmp_path: Path) -> None:
    """till-points: `pos-admin sell --pay points` takes the same road; offline with no view of the
    customer's points the till refuses it with its code, nothing recorded; with one it is queued."""
    assert run(tmp_path, "init", "--demo").returncode == 0
    args = ("sell", "--user", "alice", "--number", "0712345678", "--product", "SAF-AIRTIME", "--amount", "5000",
            "--pay", "points")
    refused = run(tmp_path, *args, stdin="1234\n")
    assert refused.returncode != 0 and "not seen the customer's points" in refused.stderr
    from pos_app.runtime import Runtime
    from pos_app.store.uow import UnitOfWork
    with Runtime.open(tmp_path) as app:
        with UnitOfWork(app.db) as uow:
            uow.customers.keep("+254712345678", {"currency": "KES", "loyalty": {"points": 80}}, now_ms())
            uow.commit()
    sold = run(tmp_path, *args, stdin="1234\n")
    assert sold.returncode == 0, sold.stderr
    assert "by points" in sold.stdout
