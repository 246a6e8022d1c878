"""Request body limit (issue 11): a body over the limit is answered 413 problem+json before it is
read whole. A declared Content-Length over the limit is refused at once; a chunked body is
counted as it arrives and refused as soon as it passes the limit. A body sent to a signed route
without the signing headers is answered 401 `signature_missing` before any of it is read."""
from __future__ import annotations

import json

from .observability import count_problem

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
_TYPE = "https://topup-pos.example/problems/payload_too_large"


_UNSIGNED = {"/api/v1/enroll", "/api/v1/charging/enroll", "/api/v1/health"}  # taken without a signature
_SIGNING_HEADERS = (b"x-terminal-id", b"x-timestamp", b"x-nonce", b"x-signature")
_MISSING = json.dumps({"type": "https://topup-pos.example/problems/signature_missing", "title": "Unauthorized",
                       "status": 401, "code": "signature_missing",
                       "detail": "Sign the request: X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature."}).encode()


def _problem_bytes(limit: int) -> bytes:
    return json.dumps({"type": _TYPE, "title": "Content Too Large", "status": 413, "code": "payload_too_large",
                       "detail": f"The request body is over {limit} bytes; send less at once.",
                       "max_body_bytes": limit}).encode()


class BodyLimit:
    """Pure ASGI middleware (no buffering of its own)."""

    def __init__(self, app, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:  # noqa: ANN001
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send) -> None:  # noqa: ANN001
        count_problem("payload_too_large")
        body = _problem_bytes(self.max_bytes)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0
        if declared > self.max_bytes:
            await self._refuse(send)
            return
        path = scope.get("path", "")
        has_body = declared > 0 or b"chunked" in headers.get(b"transfer-encoding", b"")
        if (has_body and path.startswith("/api/v1/") and path not in _UNSIGNED
                and not all(h in headers for h in _SIGNING_HEADERS)):
            # An unsigned body for a signed route: refused before a byte of it is read (issue 11).
            count_problem("signature_missing")
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/problem+json"),
                                    (b"content-length", str(len(_MISSING)).encode()), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": _MISSING})
            return
        seen = 0
        refused = False

        async def counting_receive():  # noqa: ANN202
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Answer now; the app then sees a disconnect and whatever it sends is dropped.
                    refused = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message) -> None:  # noqa: ANN001
            if not refused:
                await send(message)

        await self.app(scope, counting_receive, guarded_send)
