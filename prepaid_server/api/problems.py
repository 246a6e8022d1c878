"""RFC 9457 problem+json for every non-2xx reply, including FastAPI's own 404/405/422."""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from topup_core.errors import (AuthenticationError, Conflict, DomainError, NotFound, PermissionDenied,
                               StoreUnavailable, ValidationError)

from ..services.ingest import IdConflict
from .observability import count_problem

PROBLEM_TYPE = "https://topup-pos.example/problems/"
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("prepaid_server.api")

_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
                 415: "unsupported_media_type", 422: "validation_failed", 429: "too_many_requests"}


# Domain errors carry a code, never an HTTP status: the status is chosen here, at the API edge.
_STATUS_BY_KIND: tuple[tuple[type[DomainError], int], ...] = (
    (ValidationError, 422), (AuthenticationError, 401), (PermissionDenied, 403), (NotFound, 404),
    (Conflict, 409), (StoreUnavailable, 503),
)
_STATUS_BY_CODE = {"enrollment_code_invalid": 400, "enrollment_code_expired": 410,
                   "rate_limited": 429}  # issue 11


def status_for(exc: DomainError) -> int:
    """The HTTP status of a domain error: by its code where the protocol names one, else by its kind."""
    if exc.code in _STATUS_BY_CODE:
        return _STATUS_BY_CODE[exc.code]
    for kind, status in _STATUS_BY_KIND:
        if isinstance(exc, kind):
            return status
    return 400


class Problem(BaseModel):
    type: str
    title: str
    status: int
    code: str
    detail: str
    server_time_ms: int | None = None
    errors: list[dict[str, Any]] | None = None


def problem(status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    count_problem(code)
    body = {"type": PROBLEM_TYPE + code, "title": title, "status": status, "code": code, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _safe_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Echo where and what, never the rejected input itself (it may be large or sensitive).
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()[:20]]


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_req: Request, exc: DomainError) -> JSONResponse:
        status = status_for(exc)
        if status == 503:
            log.error("database unavailable: %s", exc.code)
            return problem(status, exc.code, exc.message, headers={"Retry-After": "2"}, **exc.details)
        if status == 429:
            wait = str(exc.details.get("retry_after_s", 1))
            return problem(status, exc.code, exc.message, headers={"Retry-After": wait}, retry_after_s=int(wait))
        return problem(status, exc.code, exc.message, **exc.details)

    @app.exception_handler(IdConflict)
    async def _id_conflict(_req: Request, exc: IdConflict) -> JSONResponse:
        return problem(409, "id_conflict", f"Sale id {exc.sale_id} was already used for a different sale.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "validation_failed", "The request does not match the schema.", errors=_safe_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        return problem(exc.status_code, code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_req: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem(500, "internal_error", "The server failed; the request may be retried with the same id.")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem replies a route can give."""
    return {s: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": HTTPStatus(s).phrase} for s in statuses}
