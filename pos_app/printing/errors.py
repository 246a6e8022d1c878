"""Errors of the printing adapter. None of them may ever cost a sale: callers catch PrintingError."""
from __future__ import annotations


class PrintingError(Exception):
    """Base class; `str(exc)` is a sentence a clerk can act on."""


class PrinterUriError(PrintingError, ValueError):
    """A printer address that cannot be understood."""


class UnknownJob(PrintingError, LookupError):
    pass


class JobStateError(PrintingError):
    """The requested action does not fit the job's state (e.g. retrying a job already printed)."""
