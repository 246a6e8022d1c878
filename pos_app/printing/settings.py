"""Printer settings: the business settings the spool reads (declared in
pos_app/application/settings.py, stored in the database with the rest)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.application import settings as bs

from .receipt import DEFAULT_FOOTER


@dataclass(frozen=True)
class PrintSettings:
    printer_uri: str
    drawer_pin: int = 2
    footer: str = DEFAULT_FOOTER
    logo_path: str | None = None
    pdf_uri: str = ""  # the PDF folder receipts go to when no printer can take them


def default_printer_uri(data_dir: Path | str) -> str:
    """Until a printer is set up, receipts become PDFs in the data directory: nothing is lost."""
    return f"pdf://{Path(data_dir) / 'receipts'}"


def print_settings(settings: bs.BusinessSettings, data_dir: Path | str) -> PrintSettings:
    """What the spool prints with, from the (cached) business settings."""
    return PrintSettings(
        printer_uri=settings.get(bs.PRINTER_URI) or default_printer_uri(data_dir),
        drawer_pin=settings.get(bs.PRINTER_DRAWER_PIN),
        footer=settings.get(bs.RECEIPT_FOOTER),
        logo_path=settings.get(bs.RECEIPT_LOGO_PATH) or None,
        pdf_uri=default_printer_uri(data_dir),
    )
