"""`pos-server`: serve the API (default) or run an admin command. Exit 0 on success, else non-zero
with a one-line reason on stderr."""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

DEFAULT_PORT = 8700


def default_database_url() -> str:
    env = os.environ.get("POS_SERVER_DATABASE_URL")
    if env:
        return env
    from platformdirs import user_data_dir
    folder = Path(user_data_dir("topup-pos-server"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # issue 11: the database and the key file are the owner's only
    return f"sqlite:///{folder / 'server.sqlite3'}"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pos-server", description="TopUp POS central prepaid server.")
    p.add_argument("--database-url", default=None,
                   help="sqlite:///PATH (default, in the user data dir) or postgresql+psycopg://USER@HOST/DB")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--log-format", choices=["json", "text"], default="json",
                   help="server logs: JSON lines with a request id (default) or plain text")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("serve", help="serve the API (the default)")
    a = sub.add_parser("create-agent", help="create an agent; prints its id")
    a.add_argument("name")
    a.add_argument("--limit", type=int, default=0, help="lowest float allowed, minor units, <= 0 (negative = credit line; default 0)")
    a.add_argument("--currency", default="KES")
    a.add_argument("--prefix", default=None, help="terminal code prefix, e.g. NBO (default: from the name)")
    a.add_argument("--parent", default=None, help="the parent agent's id (dealer of this retailer)")
    d = sub.add_parser("deposit", help="add float to an agent (negative = correction); prints the balance")
    d.add_argument("agent_id")
    d.add_argument("amount_minor", type=int)
    c = sub.add_parser("issue-code", help="print a one-time enrollment code for an agent")
    c.add_argument("agent_id")
    c.add_argument("--ttl-hours", type=int, default=24)
    sub.add_parser("seed-demo", help="demo agent + float + demo catalog; prints an enrollment code")
    pc = sub.add_parser("publish-catalog", help="publish a catalog JSON file as the next version")
    pc.add_argument("file")
    sub.add_parser("ledger-check", help="prove the ledger invariants")
    al = sub.add_parser("alerts", help="list risk flags, newest first")
    al.add_argument("--limit", type=int, default=200)
    al.add_argument("--json", action="store_true")
    rr = sub.add_parser("risk-rule", help="configure a risk rule: repeat_msisdn | daily_cap | amount_spike")
    rr.add_argument("rule")
    rr.add_argument("action", choices=["off", "flag", "reject"])
    rr.add_argument("--threshold", type=int, default=None,
                    help="seconds (repeat_msisdn), minor units per day (daily_cap), multiple of median (amount_spike)")
    u = sub.add_parser("usage", help="record a subscriber spending main balance (demo/testing of reversals)")
    u.add_argument("msisdn")
    u.add_argument("amount_minor", type=int)
    from . import cli_terminals  # issue 11
    cli_terminals.add_parser(sub)
    _add_serve_hardening(p)
    from . import charging_cli  # issue 15
    charging_cli.register(sub)
    from . import cli_console  # issue 16: operator, audit-check, transfer
    cli_console.add_commands(sub)
    return p


def _add_serve_hardening(p: argparse.ArgumentParser) -> None:
    """Issue 11: TLS and the request body limit (options of serving, before or after `serve`)."""
    serve = next(a for a in p._subparsers._group_actions if isinstance(a, argparse._SubParsersAction)).choices["serve"]
    for parser, default in ((p, None), (serve, argparse.SUPPRESS)):
        _serve_options(parser, default)


def _serve_options(p: argparse.ArgumentParser, default: object) -> None:
    p.add_argument("--tls-cert", "--ssl-certfile", dest="tls_cert", default=default, help="PEM certificate (chain): serve HTTPS")
    p.add_argument("--tls-key", "--ssl-keyfile", dest="tls_key", default=default, help="PEM private key of --tls-cert")
    p.add_argument("--max-body-bytes", type=int, default=default, help="largest request body accepted (default 1 MiB)")
    p.add_argument("--public-url", default=default, help="the server's public address (https://...), handed to "
                   "terminals: the receipt's QR opens the customer's statement there (issue 15)")


def _serve(url: str, host: str, port: int, workers: int, log_level: str, log_format: str,
           args: argparse.Namespace | None = None) -> int:
    from .serving import serve

    extra = {}
    if args is not None and (args.tls_cert or args.tls_key):
        if not (args.tls_cert and args.tls_key):
            raise SystemExit("pos-server: --tls-cert and --tls-key go together")
        extra = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    if args is not None and args.max_body_bytes:
        os.environ["POS_SERVER_MAX_BODY_BYTES"] = str(args.max_body_bytes)
    if args is not None and getattr(args, "public_url", None):  # issue 15: read by api/charging.install
        from .api.charging import check_public_url
        os.environ["POS_SERVER_PUBLIC_URL"] = check_public_url(args.public_url)
    return serve(url, host, port, workers=workers, log_level=log_level, log_format=log_format, **extra)


def _run(args: argparse.Namespace) -> int:
    url = args.database_url or default_database_url()
    command = args.command or "serve"
    if command == "serve":
        return _serve(url, args.host, args.port, args.workers, args.log_level, args.log_format, args)
    from . import charging_cli  # issue 15
    if command in charging_cli.COMMANDS:
        return charging_cli.run(args, url)
    from .services import admin, ledger_check
    from .services.context import open_context
    ctx = open_context(url)
    from . import cli_console  # issue 16
    from .services import hierarchy, operators
    done = cli_console.run(ctx, args)
    if done is not None:
        return done
    if command == "create-agent":  # audited, with an optional parent (issue 16)
        print(hierarchy.create_agent(ctx, operators.cli_actor(cli_console.getpass.getuser()), args.name, args.limit,
                                     args.currency, args.prefix, args.parent))
    elif command == "deposit":
        print(hierarchy.deposit(ctx, operators.cli_actor(cli_console.getpass.getuser()), args.agent_id,
                                args.amount_minor))
    elif command == "issue-code":
        print(admin.issue_enrollment_code(ctx, args.agent_id, args.ttl_hours * 3600 * 1000))
    elif command == "seed-demo":
        seeded = admin.seed_demo(ctx)
        print(f"agent_id={seeded['agent_id']}")
        print(f"enrollment_code={seeded['enrollment_code']}")
    elif command == "publish-catalog":
        print(admin.publish_catalog_file(ctx, args.file))
    elif command == "ledger-check":
        report = ledger_check.check(ctx)
        if not report.ok:
            print(f"pos-server: ledger check failed: {report.problems[0]}"
                  + (f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""), file=sys.stderr)
            return 3
        print(f"ledger ok: {report.postings} postings, {report.entries} entries, {report.accounts} accounts")
    elif command == "alerts":
        alerts = admin.list_alerts(ctx, args.limit)
        if args.json:
            print(json.dumps([dataclasses.asdict(a) for a in alerts], indent=1))
        for a in ([] if args.json else alerts):
            print(f"{a.id}\t{a.created_at_ms}\t{a.rule}\t{a.action}\tsale={a.sale_id}\tterminal={a.terminal_id}\t{a.detail}")
    elif command == "risk-rule":
        setting = admin.set_risk_rule(ctx, args.rule, args.action, args.threshold)
        print(f"{args.rule} {setting.action} threshold={setting.threshold}")
    elif command == "usage":
        print(admin.charge_usage(ctx, args.msisdn, args.amount_minor))
    elif command == "terminal":
        from . import cli_terminals
        return cli_terminals.run(args, ctx)
    return 0


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # issue 11: the database, its WAL, the key file: owner only
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI contract: one line, non-zero
        from topup_core.errors import DomainError
        reason = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        print(f"pos-server: {reason.splitlines()[0] if reason else type(exc).__name__}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
