"""`pos-server terminal list | disable ID | enable ID` (issue 11)."""
from __future__ import annotations

import argparse
import json
import logging
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("terminal", help="list, disable or enable terminals (audited)")
    t.add_argument("action", choices=["list", "disable", "enable"])
    t.add_argument("terminal_id", nargs="?")
    t.add_argument("--json", action="store_true", help="list as JSON")


def run(args: argparse.Namespace, ctx) -> int:  # noqa: ANN001 - ServerContext
    from .services import terminals_admin

    audit = logging.getLogger("prepaid_server.audit")
    if not audit.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        audit.addHandler(handler)
        audit.setLevel(logging.INFO)
    if args.action == "list":
        rows = terminals_admin.list_terminals(ctx)
        if args.json:
            print(json.dumps([{"id": r.id, "code": r.code, "agent_id": r.agent_id, "label": r.label,
                               "enrolled_at_ms": r.enrolled_at_ms, "disabled": r.disabled} for r in rows], indent=1))
        for r in ([] if args.json else rows):
            print(f"{r.id}\t{r.code}\t{r.agent_id}\t{'disabled' if r.disabled else 'enabled'}\t{r.enrolled_at_ms}\t{r.label}")
        return 0
    if not args.terminal_id:
        print(f"pos-server: terminal {args.action} needs a terminal id", file=sys.stderr)
        return 2
    row = terminals_admin.set_disabled(ctx, args.terminal_id, args.action == "disable")
    print(f"{row.id}\t{row.code}\t{'disabled' if row.disabled else 'enabled'}")
    return 0
