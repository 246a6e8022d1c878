"""`pos-app --self-test`: does this installation work? Used on the frozen build (PyInstaller) and by
technicians. Each check prints `ok` or its failure; exit 0 when all pass, 1 otherwise.

1. a throwaway terminal database: migrations to head, demo data, a cash sale recorded;
2. the prepaid server's own migrations (the embedded server of --demo);
3. a receipt rendered to ESC/POS bytes (python-escpos capabilities data) and to PDF;
4. translations and babel/phonenumbers data are bundled;
5. the main window starts and closes (offscreen unless a display is asked for).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

CHECKS: list[tuple[str, Callable[["_Context"], str]]] = []


class _Context:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.app = None
        self.sale = None


def check(title: str):  # noqa: ANN201
    def register(fn: Callable[[_Context], str]) -> Callable[[_Context], str]:
        CHECKS.append((title, fn))
        return fn
    return register


@check("terminal database (migrations, demo data, a sale)")
def _database(ctx: _Context) -> str:
    from pos_app.domain.sale import SaleRequest
    from pos_app.runtime import Runtime
    from pos_app.store.migrate import current_revision, head_revision

    ctx.app = Runtime.open(ctx.root / "terminal")
    revision = current_revision(ctx.app.db.reader)
    if revision != head_revision():
        raise RuntimeError(f"schema at {revision}, expected {head_revision()}")
    ctx.app.setup.seed_demo()
    clerk = ctx.app.auth.login("alice", "1234")
    product = next(p for p in ctx.app.catalogs.current().products if p.kind.value != "voucher")
    face = product.denominations[0] if product.denominations else product.min_amount
    ctx.sale = ctx.app.sell.record(clerk, SaleRequest("0712345678", product.code, face, "cash", face * 2))
    return f"schema {revision}; sale {ctx.sale.receipt_no}"


@check("prepaid server database (migrations)")
def _server_database(ctx: _Context) -> str:
    from pos_app.embedded_server import check_server_schema

    url = f"sqlite:///{ctx.root / 'server.sqlite3'}"
    return f"schema {check_server_schema(url)}"


@check("embedded prepaid server (start, health, console page)")
def _embedded_server(ctx: _Context) -> str:
    """What `--demo` needs beyond the schema: the server's web stack and the console's templates
    and assets in this installation (a frozen bundle once shipped without the server's imports)."""
    import urllib.request

    from pos_app.embedded_server import start_embedded_server

    server = start_embedded_server(f"sqlite:///{ctx.root / 'server.sqlite3'}")
    try:
        with urllib.request.urlopen(server.url + "/api/v1/health", timeout=10) as r:  # noqa: S310 - loopback
            health = r.status
        with urllib.request.urlopen(server.url + "/console/login", timeout=10) as r:  # noqa: S310 - loopback
            login = r.status, len(r.read())
    finally:
        server.stop()
    if health != 200 or login[0] != 200:
        raise RuntimeError(f"health {health}, console login page {login[0]}")
    return f"health {health}; console login page {login[1]} bytes"


@check("receipt (ESC/POS bytes and PDF)")
def _receipt(ctx: _Context) -> str:
    from pos_app.printing.jobs import render_for
    from pos_app.printing.receipt import build_receipt
    from pos_app.printing.uri import parse_printer_uri

    if ctx.sale is None:
        raise RuntimeError("no sale to print (the database check failed)")
    receipt = build_receipt(ctx.sale, ctx.app.terminal.info)
    escpos = render_for(receipt, parse_printer_uri("dummy://?profile=TM-T20II&width=80"))
    if not escpos.startswith(b"\x1b@") or receipt.receipt_no.encode() not in escpos:
        raise RuntimeError("the ESC/POS bytes do not look like a receipt")
    narrow = render_for(receipt, parse_printer_uri("dummy://?width=58"))
    pdf = render_for(receipt, parse_printer_uri(f"pdf://{ctx.root / 'receipts'}"))
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("the PDF receipt is not a PDF")
    return f"{len(escpos)} bytes at 80 mm, {len(narrow)} at 58 mm, PDF {len(pdf)} bytes"


@check("bundled data (translations, locales, phone metadata)")
def _data(ctx: _Context) -> str:
    import phonenumbers
    from babel.numbers import format_currency

    from topup_core.resources import resource_path

    qm = sorted(p.name for p in resource_path("translations").glob("pos_*.qm"))
    if "pos_fr.qm" not in qm:
        raise RuntimeError(f"pos_fr.qm missing from {resource_path('translations')}")
    money = format_currency(1234.5, "XOF", locale="fr_SN")
    number = phonenumbers.format_number(phonenumbers.parse("+221771234567"),
                                        phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    for needed in (("styles", "light.qss"), ("icons", "app.svg"), ("demo", "catalog_ke.json")):
        if not resource_path(*needed).is_file():
            raise RuntimeError(f"resource {'/'.join(needed)} missing")
    return f"{', '.join(qm)}; {money}; {number}"


@check("main window (start and close)")
def _window(ctx: _Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a self-test never needs a screen
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    from pos_app.ui.app import build_main_window, ensure_application, install_translations
    from pos_app.ui.settings import UiSettings

    if ctx.app is None:
        raise RuntimeError("no database (the database check failed)")
    app = ensure_application([sys.argv[0]])
    language = install_translations(app, "fr")
    if language != "fr" or QCoreApplication.translate("SaleScreen", "Confirm sale (Enter)") == "Confirm sale (Enter)":
        raise RuntimeError("the French translation did not load")
    install_translations(app, "en")
    window = build_main_window(ctx.app, settings=UiSettings.in_file(ctx.root / "ui.ini"))
    try:
        window.resize(1024, 600)
        window.show()
        deadline = time.monotonic() + 20
        while not window.runner.is_idle() or window.terminal is None:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(50))
            if time.monotonic() > deadline:
                raise RuntimeError("the main window did not finish loading in 20 s")
        title = window.windowTitle()
    finally:
        window.close()
        window.shutdown()
        QCoreApplication.processEvents()
    return f"{app.platformName()}: {title}"


def run_self_test(out=None) -> int:  # noqa: ANN001
    if out is None and sys.stdout is None:  # a windowed Windows build has no console: write a file
        out = open(Path(tempfile.gettempdir()) / "topup-pos-selftest.txt", "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr = sys.stderr or out
    out = out or sys.stdout
    root = Path(tempfile.mkdtemp(prefix="topup-pos-selftest-"))
    ctx = _Context(root)
    failures = []
    try:
        for title, fn in CHECKS:
            started = time.monotonic()
            try:
                detail = fn(ctx)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, then the next check runs
                failures.append(title)
                print(f"FAIL {title}: {type(exc).__name__}: {exc}", file=out, flush=True)
                traceback.print_exc(file=sys.stderr)
            else:
                print(f"ok   {title} ({time.monotonic() - started:.1f} s): {detail}", file=out, flush=True)
    finally:
        if ctx.app is not None:
            ctx.app.close()
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print(f"self-test FAILED: {'; '.join(failures)}", file=sys.stderr)
        return 1
    print("self-test passed", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(run_self_test())
