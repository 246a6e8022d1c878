"""Receipt printing: an adapter between recorded sales and thermal printers (ESC/POS), PDFs and
previews. A printer problem never costs a sale: everything here can fail without touching one.

Main entry points:
    PrintSpool         the ReceiptPrinter port (payloads) + the worker that prints queued jobs
    build_receipt      SaleRecord + TerminalInfo -> Receipt (the one model every output renders)
    render_png / render_pdf / render_escpos_receipt
    parse_printer_uri, test_page, list_usb_printers, PrinterState
"""
from __future__ import annotations

import os as _os


def _escpos_cache_dir() -> str:
    """python-escpos parses its printer database into a pickle in a *new temp dir* per process
    unless told where to keep it (~0.4 s on every start). Give it a lasting per-user cache."""
    from platformdirs import user_cache_dir

    path = _os.path.join(user_cache_dir("TopUpPOS", "TopUp"), "escpos")
    try:
        _os.makedirs(path, exist_ok=True)
    except OSError:
        import tempfile

        path = tempfile.gettempdir()
    return path


_os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", _escpos_cache_dir())

from .errors import PrinterUriError, PrintingError  # noqa: E402 (after the cache dir is set)
from .layout import Document, receipt_blocks
from .pdf_render import render_pdf
from .preview import export_png, render_png
from .receipt import Receipt, build_receipt
from .settings import PrintSettings, default_printer_uri, print_settings
from .spool import PrintSpool
from .status import PrinterState
from .uri import PrinterUri, parse_printer_uri


def render_escpos_receipt(receipt: Receipt, uri: str = "dummy://") -> bytes:
    """ESC/POS bytes of a receipt for the printer at `uri` (width/profile taken from it)."""
    from .escpos_render import render_escpos

    parsed = parse_printer_uri(uri)
    return render_escpos(receipt_blocks(receipt, parsed.columns), parsed, open_drawer=receipt.open_drawer)


def test_page(uri: str, terminal=None):  # noqa: ANN001, ANN201
    from .testpage import test_page as _test_page

    return _test_page(uri, terminal)


def list_usb_printers():  # noqa: ANN201
    from .discovery import list_usb_printers as _list

    return _list()


__all__ = [
    "Document", "PrintSettings", "PrintSpool", "PrinterState", "PrinterUri", "PrinterUriError", "PrintingError",
    "Receipt", "build_receipt", "default_printer_uri", "export_png", "list_usb_printers", "parse_printer_uri",
    "print_settings", "render_escpos_receipt", "render_pdf", "render_png", "test_page",
]
