"""Operators' terminal administration (issue 11): list, disable, enable; every change audited on
the `prepaid_server.audit` logger (action, terminal, OS user), never with a secret."""
from __future__ import annotations

import getpass
import json
import logging

from topup_core.errors import NotFound

from ..store.repositories.hardening import TerminalListing
from .auth import forget_terminal
from .context import ServerContext

audit = logging.getLogger("prepaid_server.audit")


def list_terminals(ctx: ServerContext) -> list[TerminalListing]:
    with ctx.uow() as uow:
        return uow.hardening.listing()


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "unknown"


def set_disabled(ctx: ServerContext, terminal_id: str, disabled: bool) -> TerminalListing:
    with ctx.uow() as uow:
        if len(terminal_id) > 36 or not uow.hardening.set_disabled(terminal_id, disabled):
            raise NotFound("terminal_unknown", "There is no such terminal.")
        identity = uow.hardening.identity(terminal_id)
        uow.commit()
    forget_terminal(ctx, terminal_id)  # this process at once; server processes within terminal_cache_ms
    audit.warning(json.dumps({"event": "terminal_disabled" if disabled else "terminal_enabled",
                              "terminal_id": terminal_id, "terminal_code": identity.code,
                              "agent_id": identity.agent_id, "actor": _actor(), "at_ms": ctx.clock()}))
    return TerminalListing(identity.id, identity.code, identity.agent_id, "", identity.enrolled_at_ms, disabled)
