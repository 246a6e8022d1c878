"""The distributor's web console (issue 16): server-rendered pages under /console in the API's own
process, Jinja2 templates, htmx served from our own static files. It calls the same services as
the API and the CLI; no business rule lives in a template or a route.

`install(app)` adds the routes, the static files, and HTML error pages for /console paths (the API
keeps its problem+json)."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from topup_core.errors import DomainError

from . import web
from .routes import build_router, error_status

log = logging.getLogger("prepaid_server.console")


def install(app: FastAPI) -> None:
    app.include_router(build_router())
    app.mount(f"{web.PREFIX}/static", StaticFiles(directory=str(web.HERE / "static")), name="console-static")
    handlers = app.exception_handlers

    def for_console(kind: type, html) -> None:  # noqa: ANN001
        api = handlers.get(kind)

        async def handler(request: Request, exc: Exception):  # noqa: ANN202
            if request.url.path == web.PREFIX or request.url.path.startswith(web.PREFIX + "/"):
                return html(request, exc)
            return await api(request, exc)

        app.add_exception_handler(kind, handler)

    def domain(request: Request, exc: DomainError):  # noqa: ANN202
        status = error_status(exc)
        if status >= 500:
            log.error("console: %s", exc.code)
        return web.error_page(request, status, exc.code, exc.message)

    def invalid(request: Request, exc: RequestValidationError):  # noqa: ANN202
        return web.error_page(request, 400, "bad_request", "The request contains characters that are not allowed.")

    def http(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        from ..api.problems import _STATUS_CODES
        code = _STATUS_CODES.get(exc.status_code, "bad_request")
        return web.error_page(request, exc.status_code, code, exc.detail if isinstance(exc.detail, str) else code)

    def crash(request: Request, exc: Exception):  # noqa: ANN202
        log.exception("console: unhandled error")
        return web.error_page(request, 500, "internal_error", "The server failed. Try again.")

    for_console(DomainError, domain)
    for_console(RequestValidationError, invalid)
    for_console(StarletteHTTPException, http)
    for_console(Exception, crash)
