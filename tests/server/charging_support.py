"""Helpers for the charging tests: a server context on a controllable clock, a subscriber with
credit (through a real sale), and an enrolled charging client."""
from __future__ import annotations

from dataclasses import dataclass, field

from prepaid_server.services import admin, catalogs, charging_clients, enrollment, ingest
from prepaid_server.services.auth import AuthedTerminal
from prepaid_server.services.context import ServerContext, Settings, open_context
from support.server import sale_doc
from topup_core.catalog import Catalog

T0 = 1_795_000_000_000  # 2026-11-18 (UTC), a Wednesday


@dataclass
class Clock:
    now: int = T0

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms


@dataclass
class World:
    ctx: ServerContext
    clock: Clock
    terminal: AuthedTerminal
    client: charging_clients.AuthedClient
    catalog: Catalog
    seq: list[int] = field(default_factory=lambda: [0])

    def top_up(self, msisdn: str, face: int, **kw) -> dict:
        self.seq[0] += 1
        doc = sale_doc(self.catalog, self.terminal.terminal_id, self.seq[0], face=face, msisdn=msisdn,
                       created_at_ms=self.clock.now, **kw)
        (result,), _ = ingest.ingest(self.ctx, self.terminal, [doc])
        assert result.status == "accepted", result
        return doc


def world(url: str, settings: Settings | None = None) -> World:
    clock = Clock()
    ctx = open_context(url, settings=settings or Settings(), clock=clock)
    seeded = admin.seed_demo(ctx)
    e = enrollment.enroll(ctx, str(seeded["enrollment_code"]), "Till")
    terminal = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
    enrolled = charging_clients.enroll(ctx, charging_clients.add_client_code(ctx, "MSC 1"))
    client = charging_clients.AuthedClient(enrolled.client_id, enrolled.name)
    with ctx.uow() as uow:
        catalog = catalogs.current_catalog(ctx, uow)
    return World(ctx, clock, terminal, client, catalog)
