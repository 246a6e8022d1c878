"""HTTP client for the prepaid server: signed requests, timeouts, problem+json mapped to errors.

Network trouble (refused, reset, timeout, 5xx, a reply that is not what the protocol says) is a
`NetworkError` and is retried; a problem+json 4xx is a `ServerRefused` and is not.
"""
from __future__ import annotations

import base64
import json
import time
from typing import Any
from urllib.parse import quote

import requests

from topup_core.errors import DomainError

from .credentials import Credentials
from topup_core.signing import signed_headers

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 15.0
FAST_PATH_TIMEOUT_S = 2.0  # the online sale: beyond this it stays queued, outcome unknown


class NetworkError(DomainError):
    code = "network_error"


class ServerRefused(DomainError):
    """The server answered with a problem+json error (4xx)."""

    def __init__(self, status: int, code: str, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(code, message, status=status)
        self.status = status
        self.body = body or {}


PRIMARY_RETRY_S = 60.0  # after failing over, the first URL is tried again this often


def parse_urls(text: str | None) -> list[str]:
    """Server addresses from a setting: separated by spaces, commas or semicolons, in order."""
    return [u.strip().rstrip("/") for u in (text or "").replace(",", " ").replace(";", " ").split() if u.strip()]


class ServerClient:
    """`fallback_urls`: other servers on the same database, tried in order when the current one
    cannot be reached or answers 5xx (issue 13). Sale ids make a resend to another server safe:
    a sale the first one took is answered `duplicate`. Every attempt is signed anew (new nonce).
    `verify`: requests' certificate check, a CA bundle path when one is set (issue 11)."""

    def __init__(self, credentials: Credentials | None, base_url: str | None = None,
                 fallback_urls: list[str] | tuple[str, ...] = (), *, verify: bool | str = True) -> None:
        self.credentials = credentials
        primary = (base_url or (credentials.server_url if credentials else "")).rstrip("/")
        self.urls = [primary] + [u.rstrip("/") for u in fallback_urls if u and u.rstrip("/") != primary]
        self._current = 0
        self._primary_again_at = 0.0
        self.session = requests.Session()
        # Certificates checked by default; a CA bundle path when set (issue 11). Passed per request:
        # requests lets REQUESTS_CA_BUNDLE in the environment override a session's own `verify`.
        self.verify = verify
        self.skew_ms = 0  # server time minus ours, learned from clock_skew answers

    @property
    def base_url(self) -> str:
        """The server this client is talking to now."""
        return self.urls[self._current]

    @base_url.setter
    def base_url(self, url: str) -> None:
        self.urls[self._current] = url.rstrip("/")

    def _order(self) -> list[int]:
        """URL indexes to try: the current one first, the rest in list order (the first URL again
        once PRIMARY_RETRY_S has passed since failing over)."""
        if self._current and time.monotonic() >= self._primary_again_at:
            self._current = 0
        return [self._current] + [i for i in range(len(self.urls)) if i != self._current]

    def close(self) -> None:
        self.session.close()

    # --- plumbing ---

    def _now_ms(self) -> int:
        return time.time_ns() // 1_000_000 + self.skew_ms

    def request(self, method: str, path: str, body: Any = None, *, timeout: float | None = None,
                headers: dict[str, str] | None = None, signed: bool = True, allow_304: bool = False,
                data: bytes | None = None) -> requests.Response:
        """`data`: a body already encoded as JSON (the drain builds batches from stored documents)."""
        if data is None:
            data = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        for attempt in (1, 2):
            all_headers = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
            if signed:
                if self.credentials is None:
                    raise DomainError("not_enrolled", "This terminal is not enrolled with a server yet.")
                all_headers.update(signed_headers(self.credentials.terminal_id, self.credentials.secret,
                                                  method, path, data, self._now_ms()))
            response = self._send_with_failover(method, path, data, all_headers, signed,
                                                timeout=(CONNECT_TIMEOUT_S, timeout or READ_TIMEOUT_S))
            if response.status_code < 300 or (allow_304 and response.status_code == 304):
                return response
            problem = _problem(response)
            if problem.get("code") == "clock_skew" and attempt == 1 and "server_time_ms" in problem:
                self.skew_ms = int(problem["server_time_ms"]) - time.time_ns() // 1_000_000
                continue  # sign again on the server's clock; the clerk is shown the skew
            raise ServerRefused(response.status_code, problem.get("code") or f"http_{response.status_code}",
                                problem.get("detail") or problem.get("title") or response.reason, problem)
        raise AssertionError("unreachable")

    def _send_with_failover(self, method: str, path: str, data: bytes, headers: dict[str, str], signed: bool,
                            timeout: tuple[float, float]) -> requests.Response:
        """The first answer that is not network trouble, trying the URLs in order; a 4xx is an answer."""
        failure: NetworkError | None = None
        for index in self._order():
            if failure is not None and signed and self.credentials is not None:  # a fresh nonce for each server
                headers = {**headers, **signed_headers(self.credentials.terminal_id, self.credentials.secret,
                                                       method, path, data, self._now_ms())}
            try:
                response = self.session.request(method, self.urls[index] + path, data=data, headers=headers,
                                                timeout=timeout, verify=self.verify)
            except requests.exceptions.SSLError as exc:  # not a lost reply: retrying will not help
                raise NetworkError("tls_untrusted", "The server's certificate could not be verified. If it uses its "
                                   "own certificate authority, set server_ca_bundle to that CA's file.") from exc
            except requests.RequestException as exc:
                failure = NetworkError("network_error", f"The server could not be reached ({type(exc).__name__}).")
                failure.__cause__ = exc
                continue
            if response.status_code >= 500 or response.status_code == 429:
                failure = NetworkError("server_unavailable",
                                       f"The server is having trouble (HTTP {response.status_code}).")
                continue
            if index != self._current:
                self._current = index
                self._primary_again_at = time.monotonic() + PRIMARY_RETRY_S
            return response
        assert failure is not None
        raise failure

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise NetworkError("corrupt_reply", "The server's reply was not readable; it will be tried again.") from exc

    # --- protocol ---

    def enroll(self, code: str, label: str, request_id: str | None = None) -> Credentials:
        doc = {"code": code, "label": label}
        if request_id:  # a server that predates it ignores the field (pydantic's default)
            doc["enrollment_request_id"] = request_id
        body = self._json(self.request("POST", "/api/v1/enroll", doc, signed=False))
        try:
            return Credentials(self.base_url, body["terminal_id"], body["terminal_code"], body.get("agent_id", ""),
                               base64.b64decode(body["secret"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise NetworkError("corrupt_reply", "The enrollment reply was malformed.") from exc

    def catalog(self, etag: str | None) -> tuple[dict[str, Any] | None, str | None]:
        """(document, etag), or (None, etag) when unchanged."""
        headers = {"If-None-Match": etag} if etag else None
        response = self.request("GET", "/api/v1/catalog", headers=headers, allow_304=True)
        if response.status_code == 304:
            return None, etag
        return self._json(response), response.headers.get("ETag")

    def post_batch(self, sales: list[dict[str, Any]]) -> dict[str, Any]:
        return self.post_batch_body([s["id"] for s in sales],
                                    json.dumps({"sales": sales}, separators=(",", ":")).encode())

    def post_batch_body(self, sale_ids: list[str], body: bytes, timeout: float | None = None) -> dict[str, Any]:
        """POST an encoded batch (`{"sales": [...]}` with these ids, in this order); the reply must
        answer each id in the same order, or it is not a reply to this batch."""
        reply = self._json(self.request("POST", "/api/v1/sales/batch", data=body, timeout=timeout))
        results = reply.get("results") if isinstance(reply, dict) else None
        if not isinstance(results, list) or len(results) != len(sale_ids) or any(
                not isinstance(r, dict) or r.get("id") != sale_id for r, sale_id in zip(results, sale_ids)):
            raise NetworkError("corrupt_reply", "The server's batch reply did not match the batch sent.")
        return reply

    def post_sale(self, sale: dict[str, Any], timeout: float = FAST_PATH_TIMEOUT_S) -> dict[str, Any]:
        try:
            reply = self._json(self.request("POST", "/api/v1/sales", sale, timeout=timeout))
        except ServerRefused as exc:
            if exc.status == 409:  # same id, different content: never a second sale
                # (issue 11) keep what the server recorded for the id, if it says (the manager sees it)
                extra = {k: v for k, v in exc.body.items() if k in ("outcome", "recorded", "original", "server_ref",
                                                                     "original_status", "recorded_status")}
                return {**extra, "id": sale["id"], "status": "rejected", "code": exc.code, "message": exc.message}
            raise
        if not isinstance(reply, dict) or reply.get("id") != sale["id"]:
            raise NetworkError("corrupt_reply", "The server's reply was about another sale.")
        return reply

    def float_status(self) -> dict[str, Any]:
        return self._json(self.request("GET", "/api/v1/float"))

    def reserve_allowance(self, amount: int) -> dict[str, Any]:
        return self._json(self.request("POST", "/api/v1/allowance", {"amount": amount}))

    def release_allowance(self) -> dict[str, Any]:
        return self._json(self.request("DELETE", "/api/v1/allowance"))

    def subscriber(self, e164: str) -> dict[str, Any]:
        return self._json(self.request("GET", "/api/v1/subscribers/" + quote(e164, safe="")))

    def terminal_status(self) -> dict[str, Any]:
        return self._json(self.request("GET", "/api/v1/terminal/status"))


def _problem(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
        return body if isinstance(body, dict) else {}
    except ValueError:
        return {}
