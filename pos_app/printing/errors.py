"""Errors of the printing adapter. None of them may ever cost a sale: callers catch PrintingError.
Each is a DomainError with a stable code, so screens and `pos-admin` word it like any other."""
from __future__ import annotations

from topup_core.errors import DomainError, ValidationError


class PrintingError(DomainError):
    """Base class; `str(exc)` is a sentence a clerk can act on."""

    code = "printing_error"

    def __init__(self, message: str = "", code: str | None = None, **details: object) -> None:
        super().__init__(code, message, **details)

    def __str__(self) -> str:
        return self.message


class PrinterUriError(PrintingError, ValidationError, ValueError):
    """A printer address that cannot be understood."""

    code = "printer_uri_invalid"
