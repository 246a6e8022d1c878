"""Server-side failures with a stable code and the HTTP status they map to (problem+json)."""
from __future__ import annotations


class ServerError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, code: str | None = None, message: str = "", *, status: int | None = None,
                 **extra: object) -> None:
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.message = message or self.code
        self.extra = extra
        super().__init__(f"{self.code}: {self.message}")


class Unauthorized(ServerError):
    status = 401
    code = "unauthorized"


class Forbidden(ServerError):
    status = 403
    code = "forbidden"


class NotFoundError(ServerError):
    status = 404
    code = "not_found"


class ConflictError(ServerError):
    status = 409
    code = "conflict"


class InvalidInput(ServerError):
    status = 422
    code = "invalid_input"
