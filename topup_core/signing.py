"""HMAC-SHA256 request signing shared by the terminal and the server (docs/PROTOCOL.md)."""
from __future__ import annotations

import hashlib
import hmac
import secrets

SKEW_MS = 300_000
HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"


def signing_message(method: str, path_with_query: str, timestamp_ms: int | str, nonce: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body or b"").hexdigest()
    return "\n".join([method.upper(), path_with_query, str(timestamp_ms), nonce, digest]).encode("utf-8")


def sign(secret: bytes, method: str, path_with_query: str, timestamp_ms: int | str, nonce: str, body: bytes) -> str:
    return hmac.new(secret, signing_message(method, path_with_query, timestamp_ms, nonce, body), hashlib.sha256).hexdigest()


def verify(secret: bytes, signature: str, method: str, path_with_query: str, timestamp_ms: int | str, nonce: str,
           body: bytes) -> bool:
    expected = sign(secret, method, path_with_query, timestamp_ms, nonce, body)
    return hmac.compare_digest(expected, signature or "")


def new_nonce() -> str:
    return secrets.token_hex(16)


def signed_headers(terminal_id: str, secret: bytes, method: str, path_with_query: str, body: bytes,
                   now_ms: int) -> dict[str, str]:
    nonce = new_nonce()
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: str(now_ms),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: sign(secret, method, path_with_query, now_ms, nonce, body),
    }
