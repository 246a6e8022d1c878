"""Operators' terminal administration (issue 11): list, disable, enable; every change audited on
the `prepaid_server.audit` logger (action, terminal, OS user), never with a secret.

Disabling and enabling go through the console's use case (`terminal_desk.set_disabled`, issue 16)
with the CLI's actor `cli:<os user>`: one path, written to the hash-chained server audit log in the
same transaction, and the credential cache dropped; the logger line is kept for the CLI's users."""
from __future__ import annotations

import getpass
import json
import logging
from typing import TYPE_CHECKING

from topup_core.errors import NotFound

from ..store.repositories.hardening import TerminalListing
from .context import ServerContext

if TYPE_CHECKING:
    from .operators import Actor  # noqa: F401

audit = logging.getLogger("prepaid_server.audit")


def list_terminals(ctx: ServerContext) -> list[TerminalListing]:
    with ctx.uow() as uow:
        return uow.hardening.listing()


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "unknown"


def set_disabled(ctx: ServerContext, terminal_id: str, disabled: bool, actor: "Actor | None" = None
                 ) -> TerminalListing:
    """Disable or enable a terminal as `actor` (default: the CLI's `cli:<os user>`, an admin)."""
    from . import terminal_desk
    from .operators import cli_actor

    who = actor or cli_actor(_actor())
    if len(terminal_id) > 36:
        raise NotFound("terminal_unknown", "There is no such terminal.")
    found = terminal_desk.set_disabled(ctx, who, terminal_id, disabled)  # audited, cache dropped
    audit.warning(json.dumps({"event": "terminal_disabled" if disabled else "terminal_enabled",
                              "terminal_id": terminal_id, "terminal_code": found.code,
                              "agent_id": found.agent_id, "actor": who.name, "at_ms": ctx.clock()}))
    return TerminalListing(found.id, found.code, found.agent_id, "", found.enrolled_at_ms, disabled)
