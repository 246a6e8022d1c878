"""`pos-admin [--data-dir DIR] COMMAND`: scriptable terminal administration (brief §6).

Secrets (PINs) come from stdin or a prompt, never from argv. Exit 0 on success; otherwise a
non-zero code and one line on stderr.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from topup_core.errors import DomainError
from pos_app.domain.roles import LOCAL_ADMIN, Role
from pos_app.services import PosServices
from pos_app.services.backup import backup
from pos_app.services.integrity import verify
from pos_app.services.setup import initialise, is_initialised, seed_demo
from pos_app.store.datadir import DataDirLocked

from pos_app.printing.cli import add_printer_commands
from pos_app.sync.cli import add_sync_commands

from .common import default_data_dir, fail

PROG = "pos-admin"


def read_secret(prompt: str = "PIN: ", confirm: bool = True) -> str:
    """From a prompt when interactive (asked twice for a new PIN), else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat " + prompt) != first:
            raise DomainError("pin_mismatch", "The two PINs differ.")
        return first
    return sys.stdin.readline().strip()


def cmd_init(svc: PosServices, args: argparse.Namespace) -> int:
    if args.demo:
        seed_demo(svc.db, svc.clock, svc.auth, svc.catalogs)
        print(f"initialised demo terminal in {svc.data_dir.path}")
        return 0
    settings = {k: v for k, v in {"shop_name": args.shop_name, "country": args.country,
                                  "currency": args.currency, "timezone": args.timezone}.items() if v}
    existed = is_initialised(svc.db)
    terminal_id = initialise(svc.db, svc.clock, settings)
    print(f"{'already initialised' if existed else 'initialised'}: terminal {terminal_id}")
    return 0


def cmd_user(svc: PosServices, args: argparse.Namespace) -> int:
    if args.user_cmd == "add":
        pin = read_secret()
        svc.auth.add_user(LOCAL_ADMIN, args.username, args.name or args.username, args.role, pin)
        print(f"added {args.role} {args.username}")
    elif args.user_cmd == "list":
        for user in svc.auth.list_users(LOCAL_ADMIN):
            state = "active" if user["active"] else "disabled"
            if user["locked"]:
                state += ",locked"
            print(f"{user['username']:<16} {user['role']:<8} {state:<16} {user['display_name']}")
    elif args.user_cmd in ("disable", "enable"):
        svc.auth.set_active(LOCAL_ADMIN, args.username, args.user_cmd == "enable")
        print(f"{args.user_cmd}d {args.username}")
    return 0


def cmd_status(svc: PosServices, args: argparse.Namespace) -> int:
    from pos_app.services.status import terminal_status

    status = terminal_status(svc)
    if args.json:
        print(json.dumps(status, indent=2, sort_keys=True))
    else:
        for key, value in status.items():
            print(f"{key:<22} {value}")
    return 0


def cmd_backup(svc: PosServices, args: argparse.Namespace) -> int:
    path = backup(svc.db, Path(args.to) if args.to else None, keep=args.keep)
    print(path)
    return 0


def cmd_verify(svc: PosServices, args: argparse.Namespace) -> int:
    report = verify(svc.db)
    for name, result in report.checks.items():
        print(f"{name:<16} {result}")
    if not report.ok:
        bad = next(f"{n}: {r}" for n, r in report.checks.items() if r != "ok")
        return fail(PROG, f"verify failed: {bad}")
    return 0


def cmd_report(svc: PosServices, args: argparse.Namespace) -> int:
    """`report x` (read-only snapshot) or `report z` (close the business day; a manager approves with
    `--manager NAME` and their PIN on stdin). `report z --number N` exports a stored Z again."""
    from pos_app.domain.roles import Permission
    from pos_app.reports.csv_export import write_csv
    from pos_app.reports.pdf_export import write_pdf
    from pos_app.reports.text import report_text

    if args.kind == "x":
        report = svc.reports.x_report(LOCAL_ADMIN, args.day)
    elif args.number is not None:
        report = svc.reports.z_report(LOCAL_ADMIN, args.number)
    else:
        if not args.manager:
            return fail(PROG, "closing the day needs a manager: --manager NAME (PIN on stdin)")
        approver = svc.auth.approve(args.manager, read_secret("Manager PIN: ", confirm=False), Permission.CLOSE_DAY)
        report = svc.reports.close_day(LOCAL_ADMIN, approver=approver, day=args.day, carry_over=args.carry_over,
                                       reason=args.reason or "")
    from pos_app.reports.fmt import locale_for_country
    locale = locale_for_country(svc.sales.terminal.country)
    if args.json:
        print(json.dumps(report.body(), indent=2, sort_keys=True))
    else:
        print("\n".join(report_text(report, locale)))
    if args.csv:
        write_csv(report, args.csv)
    if args.pdf:
        write_pdf(report, args.pdf, locale)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="TopUp POS terminal administration")
    parser.add_argument("--data-dir", type=Path, default=None, help="data directory (default: per-user app data)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="initialise this terminal's database")
    p.add_argument("--demo", action="store_true", help="seed the demo shop, users, catalog and vouchers")
    p.add_argument("--shop-name")
    p.add_argument("--country", help="ISO 3166 region for phone numbers, e.g. KE")
    p.add_argument("--currency", help="ISO 4217 code, e.g. KES")
    p.add_argument("--timezone", help="IANA time zone, e.g. Africa/Nairobi")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", help="manage clerks, managers and admins")
    user_sub = p.add_subparsers(dest="user_cmd", required=True)
    add = user_sub.add_parser("add", help="add a user (PIN from stdin or a prompt)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default="clerk")
    add.add_argument("--name", help="display name")
    user_sub.add_parser("list")
    for verb in ("disable", "enable"):
        user_sub.add_parser(verb).add_argument("username")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("status", help="terminal, catalog, queue and database state")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("backup", help="consistent copy of the database")
    p.add_argument("--to", help="destination file (default: DATA_DIR/backups/pos-TIMESTAMP.sqlite3)")
    p.add_argument("--keep", type=int, help="keep only the newest N automatic backups")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("verify", help="database integrity, foreign keys, audit chain, sequence")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("report", help="x: snapshot of the open day; z: close the day (manager PIN on stdin)")
    p.add_argument("kind", choices=["x", "z"])
    p.add_argument("--day", help="business day YYYY-MM-DD (default: the earliest day not yet closed)")
    p.add_argument("--pdf", type=Path, help="also write the report as PDF to this file")
    p.add_argument("--csv", type=Path, help="also write the report as CSV to this file")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    p.add_argument("--manager", help="z: the approving manager's user name (PIN from stdin)")
    p.add_argument("--carry-over", action="store_true",
                   help="z: close even though some sales are not settled with the server (the report says so)")
    p.add_argument("--reason", help="z: why unsent sales are carried over")
    p.add_argument("--number", type=int, help="z: export stored Z report N instead of closing a day")
    p.set_defaults(func=cmd_report)

    add_sync_commands(sub, read_secret)
    # Printer commands talk to a printer, not the database: they run without the data-dir lock,
    # so a technician can test a printer while the till is open.
    add_printer_commands(sub).set_defaults(needs_data_dir=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "needs_data_dir", True):
        return args.func(args)
    data_dir = args.data_dir or default_data_dir()
    try:
        with PosServices.open(data_dir) as svc:
            return args.func(svc, args)
    except DataDirLocked as exc:
        return fail(PROG, exc.message, 3)
    except DomainError as exc:
        return fail(PROG, exc.message)
    except KeyboardInterrupt:
        return fail(PROG, "interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
