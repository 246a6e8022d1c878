"""A test page: proves the address, the paper width, the code pages, the image path and QR codes."""
from __future__ import annotations

from datetime import datetime, timezone

from pos_app.application.terminal import TerminalInfo

from . import delivery
from .jobs import render_for
from .layout import Document
from .uri import parse_printer_uri


def test_document(terminal: TerminalInfo | None = None, uri_text: str = "", width_mm: int | None = None) -> Document:
    shop = terminal.shop_name if terminal else "TopUp POS"
    lines = [
        f"Shop: {shop}",
        f"Terminal: {terminal.terminal_code}" if terminal else "",
        f"Printer: {uri_text}" if uri_text else "",
        f"Paper: {width_mm} mm" if width_mm else "",
        f"Printed: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        "Code page: Café Niño Señor € 100",
        "Image fallback: ₦ 500 — متجر",
        "Digits: 0123456789",
        "If you can read all lines and scan the code below, receipts will print correctly.",
    ]
    return Document("PRINTER TEST", [line for line in lines if line is not None], qr_data="TOPUP-POS-TEST",
                    footer="TopUp POS")


def test_page(uri_text: str, terminal: TerminalInfo | None = None) -> delivery.Delivery:
    """Print a test page now (blocking; not for the UI thread). Raises PrinterUriError for a bad address."""
    uri = parse_printer_uri(uri_text)
    document = test_document(terminal, uri_text, uri.width_mm)
    data = render_for(document, uri)
    if uri.is_pdf:
        return delivery.write_pdf(uri, f"test-page-{datetime.now().strftime('%Y%m%d-%H%M%S')}.pdf", data)
    return delivery.deliver(uri, data)


class PrinterTools:
    """The application's `PrinterSetup` port: what the setup wizard asks of printers (blocking)."""

    def __init__(self, terminal=None) -> None:  # noqa: ANN001 - Callable[[], TerminalInfo] | None
        self._terminal = terminal or (lambda: None)

    def list_usb(self) -> list:
        from .discovery import list_usb_printers

        return list_usb_printers()

    def test_page(self, uri: str) -> tuple[bool, str]:
        """(printed?, what happened). A bad address raises PrinterUriError (printer_uri_invalid)."""
        result = test_page(uri, self._terminal())
        return result.outcome == delivery.PRINTED, result.message
