"""CSV (golden file), PDF (text read back with pypdf), Z slip, and `pos-admin report` headless."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos_app.domain.sale import SaleRequest
from pos_app.reports.csv_export import report_csv
from pos_app.reports.pdf_export import report_pdf
from pos_app.printing.slip import z_slip_document
from pos_app.reports.text import report_text
from pos_app.store.uow import UnitOfWork

GOLDEN = Path(__file__).parent / "golden" / "z_report.csv"


def confirm(services, sale_id, status="accepted"):  # noqa: ANN001
    with UnitOfWork(services.db, write=False) as uow:
        item = [o for o in uow.outbox.for_ref(sale_id) if o.kind == "sale"][0]
    services.engine._apply([(item.id, {"id": sale_id, "status": status, "server_ref": "PS-1",
                                            "code": None if status == "accepted" else "risk_rejected",
                                            "message": None if status == "accepted" else "Refused by risk rules."})])


def a_day(services, clerk, manager, clock):  # noqa: ANN001, ANN201
    """A small, fixed day: cash, card and mobile money; a cancel, a refusal, a reversal, one carried over."""
    plan = [("0712345678", "SAF-AIRTIME", 10000, "cash", 20000, None), ("0733123456", "AIR-FIXED", 5000, "card", None,
            "CARD0001"), ("0771234567", "TKL-FIXED", 20000, "mobile_money", None, "QK12AB34"),
            ("0712345678", "SAF-PIN", 5000, "cash", 5000, None), ("0712000111", "SAF-AIRTIME", 100000, "cash",
            100000, None), ("0712000222", "SAF-FIXED", 25000, "cash", 30000, None)]
    ids = []
    for number, product, face, method, tendered, ref in plan:
        clock.advance(minutes=47)
        ids.append(services.sell.record(clerk if len(ids) % 2 == 0 else manager,
                                              SaleRequest(number, product, face, method, tendered, ref)).id)
    for sale_id in ids[:3] + ids[5:]:
        confirm(services, sale_id)
    services.cancel_queued(clerk, ids[3], approver=manager, reason="customer left before paying")
    clock.advance(minutes=5)
    services.reverse(clerk, ids[5], approver=manager, reason="wrong number typed")
    from pos_app.application.answers import apply_reversal_answer
    fix = [f for f in services.sales.fixes_for(manager, ids[5]) if f["state"] == "pending"][0]
    with UnitOfWork(services.db) as uow:
        apply_reversal_answer(uow, fix["id"], {"status": "reversed"}, 0)
        uow.commit()
    return ids


@pytest.fixture
def z_report(services, clerk, manager, clock):  # noqa: ANN001, ANN201
    a_day(services, clerk, manager, clock)
    return services.close_day(manager, carry_over=True, reason="line down at closing")


def test_csv_matches_the_golden_file(z_report):
    text = report_csv(z_report)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_csv_amounts_are_exact_decimals_that_add_up(z_report):
    import csv
    rows = list(csv.DictReader(io.StringIO(report_csv(z_report))))
    takings = next(r for r in rows if r["section"] == "summary" and r["key"] == "takings")
    by_clerk = [r for r in rows if r["section"] == "clerk"]
    from decimal import Decimal
    assert sum(Decimal(r["price"]) for r in by_clerk) == Decimal(takings["price"])
    assert takings["count"] == "4" and takings["price"] == "1350.00"


def test_pdf_has_the_header_figures_and_exceptions(z_report):
    reader = PdfReader(io.BytesIO(report_pdf(z_report, "en_KE")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # wrapped cells: one space
    for expected in ("Mama Mboga Top-Ups", "Moi Avenue 12, Nairobi", "Terminal NBO1", "Z report #1",
                     "business day 2026-11-21", "Takings by hour", "Alice Wanjiru", "Mary Otieno",
                     "wrong number typed", "customer left before paying", "CARRIED OVER", "line down at closing",
                     "Ksh1,350.00"):
        assert expected in text, expected


def test_z_slip_and_text(z_report):
    slip = z_slip_document(z_report, "en_KE")
    assert slip.title == "Z REPORT #1"
    assert "Takings: Ksh1,350.00" in slip.lines and "CARRIED OVER UNSENT: 1" in slip.lines
    lines = report_text(z_report, "en_KE")
    assert any("CARRIED OVER UNSENT" in line for line in lines)


def test_z_slip_goes_through_the_print_spool(services, manager, z_report, tmp_path):
    from pos_app.application import settings as bs
    from pos_app.domain.roles import LOCAL_ADMIN
    services.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: f"pdf://{tmp_path}"})
    job = services.close_day.print_slip(manager, z_report)
    assert job.kind == "z_slip" and job.title == "Z REPORT #1"
    services.start(worker=False)
    assert services.spool.wait_idle(10)
    assert services.print_jobs.get(manager, job.id).state == "printed"
    assert list(tmp_path.glob("job-*.pdf"))


def run_admin(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_pos_admin_report_x_and_z_headless(tmp_path):
    assert run_admin(tmp_path, "init", "--demo").returncode == 0
    from pos_app.runtime import Runtime
    with Runtime.open(tmp_path) as svc:
        clerk = svc.auth.login("alice", "1234")
        sale = svc.sell.record(clerk, SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 10000))
        confirm(svc, sale.id)
    x = run_admin(tmp_path, "report", "x", "--csv", str(tmp_path / "x.csv"), "--pdf", str(tmp_path / "x.pdf"))
    assert x.returncode == 0, x.stderr
    assert "X report" in x.stdout and "Ksh100.00" in x.stdout
    assert (tmp_path / "x.csv").read_text().startswith("section,key")
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    no_manager = run_admin(tmp_path, "report", "z")
    assert no_manager.returncode == 1 and "--manager" in no_manager.stderr
    clerk_tries = run_admin(tmp_path, "report", "z", "--manager", "alice", stdin="1234\n")
    assert clerk_tries.returncode == 1 and clerk_tries.stderr.count("\n") == 1
    wrong_pin = run_admin(tmp_path, "report", "z", "--manager", "mary", stdin="0000\n")
    assert wrong_pin.returncode == 1
    z = run_admin(tmp_path, "report", "z", "--manager", "mary", "--csv", str(tmp_path / "z.csv"), stdin="9876\n")
    assert z.returncode == 0, z.stderr
    assert "Z report #1" in z.stdout and "approved by Mary Otieno" in z.stdout and "9876" not in z.stdout
    again = run_admin(tmp_path, "report", "z", "--number", "1", "--pdf", str(tmp_path / "z1.pdf"))
    assert again.returncode == 0 and "Z report #1" in again.stdout
    assert run_admin(tmp_path, "verify").returncode == 0
