"""`pos-admin enroll` and `pos-admin sync`."""
from __future__ import annotations

import argparse

from topup_core.errors import DomainError

from .engine import SyncEngine


def add_sync_commands(subparsers: argparse._SubParsersAction, read_secret) -> None:  # noqa: ANN001
    p = subparsers.add_parser("enroll", help="enroll this terminal with a prepaid server (code from stdin or a prompt)")
    p.add_argument("--server", required=True, help="server base URL, e.g. https://prepaid.example:8700")
    p.add_argument("--label", default="Till", help="how the server lists this terminal")
    p.set_defaults(func=lambda svc, args: cmd_enroll(svc, args, read_secret))
    p = subparsers.add_parser("sync", help="pull catalog and float, send every queued sale now")
    p.add_argument("--max-seconds", type=float, default=300.0)
    p.set_defaults(func=cmd_sync)


def cmd_enroll(svc, args: argparse.Namespace, read_secret) -> int:  # noqa: ANN001
    code = read_secret("Enrollment code: ", confirm=False)
    engine = SyncEngine(svc)
    creds = engine.enroll(args.server, code, args.label)
    engine.pull_catalog()
    print(f"enrolled as {creds.terminal_code} ({creds.terminal_id}) with {creds.server_url}")
    return 0


def cmd_sync(svc, args: argparse.Namespace) -> int:  # noqa: ANN001
    engine = SyncEngine(svc)
    if engine.credentials is None:
        raise DomainError("not_enrolled", "This terminal is not enrolled: run `pos-admin enroll --server URL` first.")
    version = engine.pull_catalog()
    view = engine.refresh_float()
    result = engine.drain(max_seconds=args.max_seconds)
    left = engine.status().queued
    print(f"catalog v{version}; float available {view['available']} {view['currency']} (minor units); "
          f"sent {result.sent}: accepted {result.accepted}, duplicate {result.duplicate}, "
          f"rejected {result.rejected}; still queued {left}")
    return 0 if left == 0 else 1
