"""Printer settings, kept with the terminal's other business settings in the database."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.store.database import Database
from pos_app.store.uow import UnitOfWork

from .receipt import DEFAULT_FOOTER
from .uri import parse_printer_uri

KEYS = {"printer_uri": "printer_uri", "kick_drawer": "printer_kick_drawer", "drawer_pin": "printer_drawer_pin",
        "footer": "receipt_footer", "logo_path": "receipt_logo_path"}


@dataclass(frozen=True)
class PrintSettings:
    printer_uri: str
    kick_drawer: bool = True  # open the cash drawer when a cash sale's receipt prints
    drawer_pin: int = 2
    footer: str = DEFAULT_FOOTER
    logo_path: str | None = None


def default_printer_uri(data_dir: Path | str) -> str:
    """Until a printer is set up, receipts become PDFs in the data directory: nothing is lost."""
    return f"pdf://{Path(data_dir) / 'receipts'}"


def load_print_settings(db: Database, data_dir: Path | str) -> PrintSettings:
    with UnitOfWork(db, write=False) as uow:
        s = uow.settings.all()
    return PrintSettings(
        printer_uri=s.get(KEYS["printer_uri"]) or default_printer_uri(data_dir),
        kick_drawer=s.get(KEYS["kick_drawer"], "1") == "1",
        drawer_pin=int(s.get(KEYS["drawer_pin"], "2")),
        footer=s.get(KEYS["footer"], DEFAULT_FOOTER),
        logo_path=s.get(KEYS["logo_path"]) or None,
    )


def save_print_settings(db: Database, settings: PrintSettings) -> None:
    parse_printer_uri(settings.printer_uri)  # refuse to store an address we cannot use
    values = {"printer_uri": settings.printer_uri, "kick_drawer": "1" if settings.kick_drawer else "0",
              "drawer_pin": str(settings.drawer_pin), "footer": settings.footer, "logo_path": settings.logo_path or ""}
    with UnitOfWork(db) as uow:
        for field, value in values.items():
            uow.settings.set(KEYS[field], value)
        uow.commit()
