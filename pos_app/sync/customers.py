"""The customer lookup over the sync engine's signed client (issue 14): the CustomerServer port."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from topup_core.errors import DomainError

from .engine import SyncEngine


class CustomerLink:
    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    def believed_offline(self) -> bool:
        return self.engine.believed_offline()

    def subscriber(self, msisdn: str, timeout: float) -> dict[str, Any]:
        client = self.engine.client
        if client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        reply = client._json(client.request("GET", "/api/v1/subscribers/" + quote(msisdn, safe=""), timeout=timeout))
        if not isinstance(reply, dict):
            raise DomainError("corrupt_reply", "The server's customer view was not readable.")
        return reply

    def usage(self, msisdn: str, days: int, timeout: float) -> dict[str, Any]:
        """issue 15: the usage breakdown by day and service."""
        client = self.engine.client
        if client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        reply = client._json(client.request("GET", "/api/v1/subscribers/" + quote(msisdn, safe="")
                                            + f"/usage?days={int(days)}", timeout=timeout))
        if not isinstance(reply, dict):
            raise DomainError("corrupt_reply", "The server's usage breakdown was not readable.")
        return reply

    def lapsed(self, min_days: int, limit: int = 200) -> dict[str, Any]:
        client = self.engine.client
        if client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        reply = client._json(client.request("GET", f"/api/v1/customers/lapsed?min_days={int(min_days)}&limit={int(limit)}"))
        if not isinstance(reply, dict) or not isinstance(reply.get("customers"), list):
            raise DomainError("corrupt_reply", "The server's lapsed-customer list was not readable.")
        return reply
