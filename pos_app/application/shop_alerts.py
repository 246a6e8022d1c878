"""What the server says needs the shop's attention (issue 14 item 5, issue 15 item 4; till-points):
the agent's open alerts (risk rules, low balance and usage spikes of customers whose last top-up this
shop sold, low float) and the low-float warning, as they came in the float reply the terminal already
fetches. The manager acknowledges one from the till: a signed request, recorded and audited on the
server, and audited here too.

    alerts = app.shop_alerts.current()          # at once: the last reply the sync worker fetched
    alerts = app.shop_alerts.refresh()          # asks the server now
    app.shop_alerts.acknowledge(manager, alerts.alerts[0].id)
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from topup_core.errors import DomainError

from pos_app.domain.roles import Actor, Permission

from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)
FRESH_S = 15.0  # a float reply younger than this is shown as it is (History reloads often)


class AlertServer(Protocol):
    def last_reply(self) -> tuple[dict[str, Any], float] | None: ...
    def fetch(self) -> dict[str, Any]: ...
    def acknowledge(self, alert_id: int, clerk: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ShopAlert:
    id: int
    rule: str
    at_ms: int
    explanation: str
    msisdn_masked: str | None
    sale_id: str | None


@dataclass(frozen=True)
class LowFloat:
    currency: str
    available: int
    hourly_rate: int
    hours_left: float
    mark_hours: int
    suggested_topup: int
    explanation: str


@dataclass(frozen=True)
class ShopAlerts:
    alerts: tuple[ShopAlert, ...] = ()
    low_float: LowFloat | None = None
    as_of_ms: int | None = None  # when the server said so (None: it never did)

    @property
    def count(self) -> int:
        return len(self.alerts) + (1 if self.low_float else 0)


def parse(reply: dict[str, Any], as_of_ms: int | None) -> ShopAlerts:
    """The float reply's attention part; a part that is not what the protocol says is left out (logged)."""
    alerts = []
    for a in reply.get("alerts") or ():
        try:
            if type(a["id"]) is not int or type(a["created_at_ms"]) is not int:
                raise TypeError("not ints")
            alerts.append(ShopAlert(a["id"], str(a["rule"]), a["created_at_ms"], str(a["explanation"]),
                                    a.get("msisdn_masked"), a.get("sale_id")))
        except (KeyError, TypeError):
            log.warning("an alert we cannot read is left out: %r", a)
    low = None
    x = reply.get("low_float")
    if isinstance(x, dict):
        try:
            ints = [x[k] for k in ("available", "hourly_rate", "mark_hours", "suggested_topup")]
            if any(type(v) is not int for v in ints):
                raise TypeError("not ints")
            low = LowFloat(str(x["currency"]), *ints[:2], float(x["hours_left"]), *ints[2:], str(x["explanation"]))
        except (KeyError, TypeError, ValueError):
            log.warning("a low-float warning we cannot read is left out: %r", x)
    return ShopAlerts(tuple(alerts), low, as_of_ms)


class ShopAlertsService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, server: AlertServer | None) -> None:
        self.uow, self.clock, self.server = uow, clock, server
        self._acknowledged: set[int] = set()  # gone from the list before the next reply says so

    def _shown(self, alerts: ShopAlerts) -> ShopAlerts:
        return ShopAlerts(tuple(a for a in alerts.alerts if a.id not in self._acknowledged), alerts.low_float,
                          alerts.as_of_ms)

    def current(self) -> ShopAlerts:
        """No I/O: what the last float reply said (nothing, with no server or no reply yet)."""
        last = self.server.last_reply() if self.server is not None else None
        if last is None:
            return ShopAlerts()
        return self._shown(parse(last[0], int(last[1] * 1000)))

    def refresh(self, actor: Actor) -> ShopAlerts:
        """Ask the server now; offline, the last reply (the screen says "as of")."""
        actor.require(Permission.SELL, self.clock.now())
        if self.server is None:
            return ShopAlerts()
        last = self.server.last_reply()
        if last is not None and time.time() - last[1] < FRESH_S:
            return self.current()  # the sync worker (or we) asked a moment ago: no second request
        try:
            reply = self.server.fetch()
        except DomainError as exc:
            if exc.code in ("network_error", "server_unavailable", "not_enrolled"):
                return self.current()
            raise
        return self._shown(parse(reply, to_ms(self.clock.now())))

    def acknowledge(self, actor: Actor, alert_id: int) -> None:
        """A manager saw it (the server records who, from which till, and audits it)."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        if self.server is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        self.server.acknowledge(alert_id, actor.display_name)
        self._acknowledged.add(alert_id)
        with self.uow() as uow:
            uow.audit.append(to_ms(now), actor.label, "alert.acknowledged", str(alert_id), {})
            uow.commit()
