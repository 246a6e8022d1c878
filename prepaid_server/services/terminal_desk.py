"""The console's terminal desk (issue 16): a terminal's last sale, its sequence gaps (sales the
server has not received), and disabling or enabling it (audited; a disabled terminal's signed
requests are refused `terminal_disabled`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from topup_core.errors import NotFound
from topup_core.wire import CloseResult

from ..store.repositories.console import TerminalDetail
from . import audit
from .auth import forget_terminal
from .context import ServerContext
from .operators import Actor, require

GAPS_SHOWN = 50
CLOSES_SHOWN = 30
TOTAL_FIELDS = ("count", "face", "bonus", "price", "float_cost", "commission")


@dataclass(frozen=True)
class CloseView:
    """One Z report as the server answered it: the terminal's totals beside the recompute."""

    id: str
    z_no: int
    business_day: str
    currency: str
    received_at_ms: int
    server: dict[str, int]
    client: dict[str, int] | None
    matched: bool | None  # None: the terminal sent no totals to compare
    differences: list[str] = field(default_factory=list)


def compare_close(result: CloseResult, client: dict[str, int] | None) -> tuple[bool | None, list[str]]:
    """Matched, and what differs: each total the terminal reported that the server's recompute
    does not give, sales the server is missing, sales the terminal left out, rejected sales."""
    differences = []
    server = result.settled.as_dict()
    if client is not None:
        for name in TOTAL_FIELDS:
            if name in client and client[name] != server[name]:
                differences.append(f"{name}: terminal {client[name]}, server {server[name]}")
    if result.missing_seqs:
        differences.append(f"{len(result.missing_seqs)} sale(s) the server never received: "
                           + ", ".join(map(str, result.missing_seqs[:10])) + (" …" if len(result.missing_seqs) > 10 else ""))
    if result.unlisted_seqs:
        differences.append(f"{len(result.unlisted_seqs)} accepted sale(s) the report leaves out: "
                           + ", ".join(map(str, result.unlisted_seqs[:10])) + (" …" if len(result.unlisted_seqs) > 10 else ""))
    if result.rejected:
        differences.append(f"{result.rejected} listed sale(s) the server rejected")
    if client is None and not differences:
        return None, []
    return not differences, differences


def record_close(ctx: ServerContext, result: CloseResult, client: dict[str, int] | None,
                 client_methods: dict[str, list[int]] | None = None,
                 server_methods: dict[str, list[int]] | None = None) -> None:
    """Keep a terminal's close and its recompute for the terminal page (a retry replaces it).
    Issue 16 item 6: the methods as the terminal reported them and as the server recomputed them
    go into the same JSON columns (`client_totals["methods"]`, `server_totals["methods"]`), no schema change."""
    matched, differences = compare_close(result, client)
    row = {"id": result.id, "terminal_id": result.terminal_id, "z_no": result.z_no,
           "business_day": result.business_day, "currency": result.currency,
           "client_totals": json.dumps({**client, **({"methods": client_methods} if client_methods is not None else {})},
                                       sort_keys=True) if client is not None else None,
           "server_totals": json.dumps({"settled": result.settled.as_dict(), "reversed": result.reversed.as_dict(),
                                        "rejected": result.rejected, "methods": server_methods or {}}, sort_keys=True),
           "matched": matched, "differences": json.dumps(differences), "received_at_ms": result.computed_at_ms}
    ctx.run(lambda uow: uow.day_closes.put(row))


@dataclass(frozen=True)
class TerminalPage:
    terminal: TerminalDetail
    missing: list[int]  # the first sequence numbers not received
    closes: list[CloseView] = field(default_factory=list)  # newest first

    @property
    def contiguous(self) -> int:
        """Every sequence number up to this one has been received."""
        return self.missing[0] - 1 if self.missing else self.terminal.highest_seq

    @property
    def gap_count(self) -> int:
        return self.terminal.highest_seq - self.terminal.received


def page(ctx: ServerContext, actor: Actor, terminal_id: str) -> TerminalPage:
    require(actor, "agents.view")
    with ctx.uow() as uow:
        found = uow.terminal_desk.detail(terminal_id) if terminal_id and len(terminal_id) <= 36 else None
        if found is None:
            raise NotFound("terminal_unknown", "There is no such terminal.")
        closes = [_close_view(r) for r in uow.day_closes.for_terminal(terminal_id, CLOSES_SHOWN)]
        return TerminalPage(found, uow.terminal_desk.missing_seqs(terminal_id, found.contiguous_through, GAPS_SHOWN),
                            closes)


def _close_view(row: dict) -> CloseView:
    server = json.loads(row["server_totals"])
    return CloseView(row["id"], int(row["z_no"]), row["business_day"], row["currency"], int(row["received_at_ms"]),
                     server["settled"], json.loads(row["client_totals"]) if row["client_totals"] else None,
                     row["matched"] if row["matched"] is None else bool(row["matched"]),
                     json.loads(row["differences"]))


def set_disabled(ctx: ServerContext, actor: Actor, terminal_id: str, disabled: bool) -> TerminalDetail:
    """The one way to disable or enable a terminal (console and CLI): role-checked, audited in the
    same transaction, and this process's credential cache dropped at once."""
    require(actor, "terminals.manage")
    with ctx.uow() as uow:
        found = uow.terminal_desk.detail(terminal_id) if terminal_id and len(terminal_id) <= 36 else None
        if found is None:
            raise NotFound("terminal_unknown", "There is no such terminal.")
        uow.terminal_desk.set_disabled(terminal_id, disabled)
        audit.record_in(uow, ctx.clock(), actor.name, "terminal_disable" if disabled else "terminal_enable",
                        terminal_id, {"code": found.code})
        uow.commit()
    forget_terminal(ctx, terminal_id)  # this process refuses it at once; others within terminal_cache_ms
    return found
