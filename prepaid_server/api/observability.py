"""What operators watch: Prometheus metrics at /metrics, readiness at /ready (vs liveness at
/api/v1/health), and one structured JSON log line per request carrying a request id.

Metrics (prometheus-client; multi-process aware when PROMETHEUS_MULTIPROC_DIR is set, as
prepaid_server/serving.py does for --workers > 1):
    pos_http_requests_total{method,route,status}        pos_http_request_seconds{method,route}
    pos_sale_results_total{status,code}                 pos_problems_total{code}  (e.g. nonce_replayed)
    pos_float_low_total                                 answers whose float was at or below the low-float mark
Logs never carry bodies, secrets, PINs or customer numbers: method, route template, status,
duration, request id and the authenticated terminal id only.
"""
from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from typing import Any, Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("prepaid_server.access")

HTTP_REQUESTS = Counter("pos_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_SECONDS = Histogram("pos_http_request_seconds", "Time to answer an HTTP request", ["method", "route"],
                         buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SALE_RESULTS = Counter("pos_sale_results_total", "Sale answers by outcome", ["status", "code"])
PROBLEMS = Counter("pos_problems_total", "Problem answers by code", ["code"])
FLOAT_LOW = Counter("pos_float_low_total", "Answers whose agent float was at or below the low-float mark")


def count_sale_results(results: list[Any]) -> None:
    for r in results:
        SALE_RESULTS.labels(r.status, r.code or "").inc()


def count_problem(code: str) -> None:
    PROBLEMS.labels(code).inc()


def note_float(available: int, low_mark: int) -> None:
    if available <= low_mark:
        FLOAT_LOW.inc()


def metrics_body() -> tuple[bytes, str]:
    """The exposition text: this process's registry, or every worker's in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


class RequestObserver:
    """Pure ASGI middleware (no BaseHTTPMiddleware: it would cost a task per request): request id in,
    X-Request-Id out, one metric sample and one access-log line per HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = [500]

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(method, route, str(status[0])).inc()
            HTTP_SECONDS.labels(method, route).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info("request", extra={"http": {
                    "method": method, "route": route, "status": status[0], "ms": round(elapsed * 1000, 2),
                    "terminal_id": (scope.get("state") or {}).get("terminal_id")}})
            request_id_var.reset(token)


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any `http` extra."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {"ts": round(record.created, 3), "level": record.levelname.lower(),
                               "logger": record.name, "msg": record.getMessage()}
        request_id = request_id_var.get()
        if request_id:
            doc["request_id"] = request_id
        http = getattr(record, "http", None)
        if http:
            doc["http"] = http
        if record.exc_info:
            doc["error"] = self.formatException(record.exc_info).splitlines()[-1][:500]
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def configure_logging(level: str = "warning", fmt: str = "json") -> None:
    """Root logging for a server process: JSON lines (default) or plain text, on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
