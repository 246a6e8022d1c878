"""The console's terminal desk (issue 16): a terminal's last sale, its sequence gaps (sales the
server has not received), and disabling or enabling it (audited; a disabled terminal's signed
requests are refused `terminal_disabled`)."""
from __future__ import annotations

from dataclasses import dataclass

from topup_core.errors import NotFound

from ..store.repositories.console import TerminalDetail
from . import audit
from .auth import forget_terminal
from .context import ServerContext
from .operators import Actor, require

GAPS_SHOWN = 50


@dataclass(frozen=True)
class TerminalPage:
    terminal: TerminalDetail
    missing: list[int]  # the first sequence numbers not received

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
        return TerminalPage(found, uow.terminal_desk.missing_seqs(terminal_id, found.contiguous_through, GAPS_SHOWN))


def set_disabled(ctx: ServerContext, actor: Actor, terminal_id: str, disabled: bool) -> None:
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
