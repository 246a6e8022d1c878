"""Issue 12: `pos-admin printer use URI --as NAME` sets the till's printer as Settings does: an
administrator's PIN on stdin, the address checked first, the change audited, the next receipt on it."""
from __future__ import annotations

import sys
from pathlib import Path

from pos_app.runtime import Runtime

from test_sell_and_jobs import demo_dir, run, sell  # noqa: F401 - fixture

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from printing.printer_emulator import PrinterEmulator  # noqa: E402


def test_printer_use_applies_to_the_next_receipt_and_is_audited(demo_dir: Path) -> None:  # noqa: F811
    printer = PrinterEmulator()
    try:
        proc = run(demo_dir, "printer", "use", printer.uri, "--as", "admin", stdin="0000\n")
        assert proc.returncode == 0, proc.stderr
        assert f"receipts print on {printer.uri}" in proc.stdout and "Printer ready" in proc.stdout
        sold = sell(demo_dir, "--tendered", "20000")
        assert sold.returncode == 0, sold.stderr
        assert f"receipt printed to {printer.uri}" in sold.stdout
        assert printer.complete_receipts(b"NBO1-000001") == 1
        with Runtime.open(demo_dir) as app:
            rows = _audit(app)
        assert rows and rows[-1].actor.endswith("admin") and "printer_uri" in rows[-1].details
    finally:
        printer.stop()


def test_printer_use_refuses_a_clerk_a_wrong_pin_and_a_bad_address_changing_nothing(demo_dir: Path) -> None:  # noqa: F811
    bad = run(demo_dir, "printer", "use", "192.168.1.50", "--as", "admin", stdin="0000\n")
    assert bad.returncode == 1 and "is not a printer address" in bad.stderr and "tcp://192.168.1.50:9100" in bad.stderr
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    clerk = run(demo_dir, "printer", "use", "dummy://", "--as", "alice", stdin="1234\n")
    assert clerk.returncode == 1 and clerk.stderr.strip()
    wrong = run(demo_dir, "printer", "use", "dummy://", "--as", "admin", stdin="9999\n")
    assert wrong.returncode == 1
    with Runtime.open(demo_dir) as app:
        assert app.spool.settings.printer_uri.startswith("pdf://")  # unchanged: PDF files


def _audit(app):  # noqa: ANN001, ANN202
    with app.uow(write=False) as uow:
        return [r for r in reversed(uow.audit.page(100)) if r.action == "settings.changed"]
