"""The shop's alerts over the sync engine's signed client (till-points): the AlertServer port."""
from __future__ import annotations

import time
from typing import Any

from topup_core.errors import DomainError

from .engine import SyncEngine


class AlertsLink:
    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    def _client(self):  # noqa: ANN202
        if self.engine.client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        return self.engine.client

    def last_reply(self) -> tuple[dict[str, Any], float] | None:
        """The float reply the sync worker fetched last (no I/O), with its time (epoch seconds)."""
        return getattr(self.engine, "attention_reply", None)

    def fetch(self) -> dict[str, Any]:
        """GET /api/v1/float now (the float, the open alerts, the low-float warning)."""
        client = self._client()
        reply = client._json(client.request("GET", "/api/v1/float"))
        if not isinstance(reply, dict):
            raise DomainError("corrupt_reply", "The server's float reply was not readable.")
        self.engine.attention_reply = (reply, time.time())
        return reply

    def acknowledge(self, alert_id: int, clerk: str) -> dict[str, Any]:
        client = self._client()
        return client._json(client.request("POST", f"/api/v1/alerts/{int(alert_id)}/acknowledge", {"clerk": clerk}))
