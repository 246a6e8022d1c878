"""`pos-admin sell`, `sales list` and `print-jobs` as real subprocesses: a receipted sale through the
same use cases as the till, bad input refused in one line with nothing written, and print recovery."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.db import snapshot

PROG = [sys.executable, "-m", "pos_app.cli.admin"]
BAD_PDF_DIR = "pdf:///proc/topup-pos-cannot-write-here"  # mkdir fails, even for root: the job fails at once


def run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*PROG, "--data-dir", str(data_dir), *args], input=stdin, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def sell(data_dir: Path, *extra: str, pin: str = "1234", user: str = "alice", number: str = "0712345678",
         product: str = "SAF-AIRTIME", amount: str = "10000", pay: str = "cash") -> subprocess.CompletedProcess:
    return run(data_dir, "sell", "--user", user, "--number", number, "--product", product, "--amount", amount,
               "--pay", pay, *extra, stdin=pin + "\n")


def set_printer(data_dir: Path, uri: str) -> None:
    from pos_app.application import settings as bs
    from pos_app.domain.roles import LOCAL_ADMIN
    from pos_app.runtime import Runtime

    with Runtime.open(data_dir) as app:
        app.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: uri})


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    proc = run(tmp_path, "init", "--demo")
    assert proc.returncode == 0, proc.stderr
    return tmp_path


def test_sell_records_the_sale_and_prints_its_receipt(demo_dir: Path) -> None:
    proc = sell(demo_dir, "--tendered", "20000")
    assert proc.returncode == 0, proc.stderr
    assert "NBO1-000001" in proc.stdout and "PENDING" in proc.stdout  # not enrolled: queued, said plainly
    assert "change Ksh100.00" in proc.stdout and "receipt printed to pdf://" in proc.stdout
    assert "1234" not in proc.stdout + proc.stderr  # the PIN came from stdin and goes nowhere
    pdf = demo_dir / "receipts" / "receipt-NBO1-000001.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    conn = sqlite3.connect(demo_dir / "pos.sqlite3")
    try:
        assert conn.execute("SELECT seq, status, face, tendered, change FROM sales").fetchall() == [
            (1, "QUEUED", 10000, 20000, 10000)]
        assert conn.execute("SELECT kind, state FROM outbox").fetchall() == [("sale", "pending")]
        assert conn.execute("SELECT kind, state, copy_no FROM print_jobs").fetchall() == [("receipt", "printed", 0)]
        assert conn.execute("SELECT actor FROM audit_log WHERE action = 'sale.recorded'").fetchall() == [
            ("clerk:alice",)]
    finally:
        conn.close()
    assert run(demo_dir, "verify").returncode == 0


def test_sell_json_card_exact_cash_and_voucher(demo_dir: Path) -> None:
    card = sell(demo_dir, "--reference", "AUTH-99812", "--json", pay="card")
    assert card.returncode == 0, card.stderr
    doc = json.loads(card.stdout)
    assert doc["sale"]["payment_method"] == "card" and doc["sale"]["payment_reference"] == "AUTH-99812"
    assert doc["sale"]["msisdn"] == "+254 7•• ••• 678" and doc["sale"]["status"] == "QUEUED"
    assert doc["receipt"]["state"] == "printed" and doc["drawer_opened"] is False  # a card sale, a PDF "printer"
    exact = json.loads(sell(demo_dir, "--json", amount="5000").stdout)  # cash, no --tendered: exact
    assert (exact["sale"]["tendered"], exact["sale"]["change"]) == (5000, 0)
    voucher = sell(demo_dir, product="SAF-PIN", amount="5000", pay="mobile", *("--reference", "QK7TX29"))
    assert voucher.returncode == 0, voucher.stderr
    assert "voucher PIN" in voucher.stdout and "serial" in voucher.stdout


@pytest.mark.parametrize("how,args,kw,needle", [
    ("number too short", (), {"number": "0712"}, "too short"),
    ("another country", (), {"number": "+255 712 345 678"}, "country"),
    ("amount off its step", (), {"amount": "10050"}, "steps"),
    ("amount below the minimum", (), {"amount": "5"}, "smallest"),
    ("unknown product", (), {"product": "NO-SUCH"}, "product"),
    ("unknown payment", (), {"pay": "bitcoin"}, "cash, card, mobile or points"),
    ("card without reference", (), {"pay": "card"}, "reference"),
    ("cash short", ("--tendered", "9999"), {}, "at least"),
    ("not a number", (), {"amount": "ten"}, "invalid int"),
    ("not a fixed amount", (), {"product": "TKL-FIXED", "number": "0771234567", "amount": "12300"}, "amounts"),
])
def test_bad_input_is_one_line_and_writes_nothing(demo_dir: Path, how: str, args: tuple, kw: dict,
                                                  needle: str) -> None:
    assert sell(demo_dir, "--tendered", "20000").returncode == 0  # something there already
    before = snapshot(demo_dir / "pos.sqlite3")
    proc = sell(demo_dir, *args, **kw)
    assert proc.returncode != 0, how
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("pos-admin"), proc.stderr
    assert needle in proc.stderr, proc.stderr
    assert snapshot(demo_dir / "pos.sqlite3") == before, how
    assert not (demo_dir / "receipts" / "receipt-NBO1-000002.pdf").exists()


@pytest.mark.parametrize("user,pin,needle", [("alice", "0000", "Wrong PIN"), ("ghost", "1234", "Wrong user or PIN")])
def test_wrong_clerk_or_pin_sells_nothing(demo_dir: Path, user: str, pin: str, needle: str) -> None:
    proc = sell(demo_dir, "--tendered", "20000", user=user, pin=pin)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and needle in proc.stderr
    after = snapshot(demo_dir / "pos.sqlite3")
    assert (after["sales"], after["outbox"], after["next_seq"]) == (0, 0, None)  # the failed login is audited


def test_sales_list_filters_by_status_and_speaks_json(demo_dir: Path) -> None:
    for number in ("0712345678", "0733123456"):
        assert sell(demo_dir, "--tendered", "20000", number=number,
                    product="SAF-AIRTIME" if number.startswith("071") else "AIR-AIRTIME").returncode == 0
    conn = sqlite3.connect(demo_dir / "pos.sqlite3", isolation_level=None)
    conn.execute("UPDATE sales SET status='CONFIRMED', server_ref='PS-1' WHERE seq = 1")
    conn.close()
    listing = run(demo_dir, "sales", "list")
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["NBO1-000002", "NBO1-000001"]  # newest first
    assert "0712345678" not in listing.stdout  # numbers are masked
    confirmed = json.loads(run(demo_dir, "sales", "list", "--status", "confirmed", "--json").stdout)
    assert [(s["receipt_no"], s["status"], s["server_ref"]) for s in confirmed] == [("NBO1-000001", "CONFIRMED", "PS-1")]
    assert json.loads(run(demo_dir, "sales", "list", "--status", "REJECTED", "--json").stdout) == []
    bad = run(demo_dir, "sales", "list", "--status", "LOST")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "LOST" in bad.stderr
    bad = run(demo_dir, "sales", "list", "--limit", "0")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_print_jobs_list_retry_reroute_dismiss(demo_dir: Path, tmp_path: Path) -> None:
    set_printer(demo_dir, BAD_PDF_DIR)
    proc = sell(demo_dir, "--tendered", "20000")
    assert proc.returncode == 5  # the sale stands; its receipt did not print
    assert "stands" in proc.stderr and proc.stderr.count("\n") == 1
    listed = json.loads(run(demo_dir, "print-jobs", "list", "--json").stdout)
    assert [(j["id"], j["state"], j["title"]) for j in listed] == [(1, "failed", "Receipt NBO1-000001")]
    assert "Cannot save" in listed[0]["last_error"]
    assert run(demo_dir, "print-jobs", "retry", "1").returncode == 1  # same folder: fails again
    good = tmp_path / "elsewhere"
    moved = run(demo_dir, "print-jobs", "reroute", "1", "--to", f"pdf://{good}")
    assert moved.returncode == 0 and "printed" in moved.stdout, moved.stderr
    assert (good / "receipt-NBO1-000001.pdf").exists()
    assert json.loads(run(demo_dir, "print-jobs", "list", "--json").stdout) == []
    assert sell(demo_dir, "--tendered", "20000").returncode == 5
    dismissed = run(demo_dir, "print-jobs", "dismiss", "2")
    assert dismissed.returncode == 0 and "dismissed" in dismissed.stdout
    every = json.loads(run(demo_dir, "print-jobs", "list", "--all", "--json").stdout)
    assert [(j["id"], j["state"]) for j in every] == [(1, "printed"), (2, "dismissed")]
    conn = sqlite3.connect(demo_dir / "pos.sqlite3")
    actions = [a for (a,) in conn.execute("SELECT action FROM audit_log WHERE action LIKE 'print.%' ORDER BY id")]
    conn.close()
    assert actions == ["print.retried", "print.rerouted", "print.dismissed"]


def test_print_jobs_confirm_or_copy_a_receipt_in_doubt(demo_dir: Path) -> None:
    assert sell(demo_dir, "--tendered", "20000").returncode == 0
    assert sell(demo_dir, "--tendered", "20000").returncode == 0
    conn = sqlite3.connect(demo_dir / "pos.sqlite3", isolation_level=None)
    conn.execute("UPDATE print_jobs SET state = 'in_doubt', last_error = 'the printer stopped answering'")
    conn.close()
    assert run(demo_dir, "print-jobs", "retry", "1").returncode == 1  # may have printed: never resent
    refused = run(demo_dir, "print-jobs", "retry", "1")
    assert "COPY" in refused.stderr and refused.stderr.count("\n") == 1
    confirmed = run(demo_dir, "print-jobs", "confirm", "1")
    assert confirmed.returncode == 0 and "printed" in confirmed.stdout
    copy = run(demo_dir, "print-jobs", "reprint", "2")
    assert copy.returncode == 0 and "COPY 1" in copy.stdout, copy.stderr
    assert (demo_dir / "receipts" / "receipt-NBO1-000002-copy1.pdf").exists()
    again = run(demo_dir, "print-jobs", "confirm", "1")  # already settled
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "printed" in again.stderr
    unknown = run(demo_dir, "print-jobs", "dismiss", "99")
    assert unknown.returncode == 1 and "99" in unknown.stderr
