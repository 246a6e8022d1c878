"""The customer's statement link (issue 15), made by the terminal and checked by the server.

    https://SERVER/s/<terminal code>.<sale id>.<mac>

`mac` is the first 16 bytes of HMAC-SHA256(terminal secret, "statement\\n" + sale id), base64url
without padding: the terminal can print it offline (it holds its secret) and the server, which
knows every terminal's secret, verifies it. 128 bits: the link cannot be guessed from a sale id.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re

_PART = re.compile(r"^[A-Za-z0-9-]{1,36}$")
_MAC = re.compile(r"^[A-Za-z0-9_-]{22}$")


def _mac(secret: bytes, sale_id: str) -> str:
    digest = hmac.new(secret, b"statement\n" + sale_id.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def statement_token(secret: bytes, terminal_code: str, sale_id: str) -> str:
    return f"{terminal_code}.{sale_id}.{_mac(secret, sale_id)}"


def statement_url(public_url: str | None, secret: bytes, terminal_code: str, sale_id: str) -> str | None:
    """The link for the receipt's QR, or None when no public URL is set (the QR keeps the reference)."""
    if not public_url:
        return None
    return f"{public_url.rstrip('/')}/s/{statement_token(secret, terminal_code, sale_id)}"


def split_token(token: str) -> tuple[str, str, str] | None:
    """(terminal code, sale id, mac) when the token is well formed, else None."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not _PART.match(parts[0]) or not _PART.match(parts[1]) or not _MAC.match(parts[2]):
        return None
    return parts[0], parts[1], parts[2]


def mac_matches(secret: bytes, sale_id: str, mac: str) -> bool:
    return hmac.compare_digest(_mac(secret, sale_id), mac)
