"""Domain errors: a stable machine-readable code plus a message a clerk can act on.

The UI maps codes to friendly text; the server maps them to problem+json.
"""
from __future__ import annotations


class DomainError(Exception):
    """Base of every expected, explainable failure."""

    code: str = "error"

    def __init__(self, code: str | None = None, message: str = "", **details: object) -> None:
        if code is not None:
            self.code = code
        self.message = message or self.code
        self.details = details
        super().__init__(f"{self.code}: {self.message}")


class ValidationError(DomainError):
    """Input that can never be right as given (wrong number, amount off-step...)."""

    code = "invalid_input"


class NotFound(DomainError):
    code = "not_found"


class PermissionDenied(DomainError):
    code = "permission_denied"


class AuthenticationError(DomainError):
    code = "authentication_failed"


class Conflict(DomainError):
    """The request is valid but clashes with the current state (e.g. immutable sale)."""

    code = "conflict"


class StoreUnavailable(DomainError):
    """Disk full, database locked, I/O error: the sale was refused and nothing was written."""

    code = "store_unavailable"
