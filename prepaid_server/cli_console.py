"""`pos-server` subcommands of the distributor's console (issue 16): operators, the audit check,
float transfers. Registered by cli.py with one call each way."""
from __future__ import annotations

import argparse
import getpass
import sys


def add_commands(sub: "argparse._SubParsersAction") -> None:
    o = sub.add_parser("operator", help="console operators: add | list | disable | enable | reset")
    osub = o.add_subparsers(dest="operator_command", required=True)
    add = osub.add_parser("add", help="add an operator; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "finance", "risk", "support"])
    osub.add_parser("list", help="list operators")
    for verb in ("disable", "enable"):
        osub.add_parser(verb, help=f"{verb} an operator").add_argument("name")
    osub.add_parser("reset", help="set a new password (read from stdin) and clear the lockout").add_argument("name")
    sub.add_parser("audit-check", help="verify the server audit log's hash chain (exit 1 at the first bad row)")
    t = sub.add_parser("transfer", help="move float from a dealer to one of its retailers")
    t.add_argument("from_agent")
    t.add_argument("to_agent")
    t.add_argument("amount_minor", type=int)
    t.add_argument("--id", required=True, help="the client's transfer id: the same id moves money once")
    st = sub.add_parser("settlement", help="settlement of a UTC day, per agent (CSV to stdout or --csv F)")
    st.add_argument("--day", required=True, help="YYYY-MM-DD (UTC)")
    st.add_argument("--agent", default=None, help="one agent's id (default: every agent)")
    st.add_argument("--csv", default=None, help="write the CSV to this file")
    st.add_argument("--pdf", default=None, help="write a PDF (one page per agent, with a chart) to this file")


def _password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def run(ctx, args: argparse.Namespace) -> int | None:  # noqa: ANN001
    """Run a console command; None when `args.command` is not one of ours."""
    from .services import audit, hierarchy, operators

    actor = operators.cli_actor(getpass.getuser())
    if args.command == "operator":
        verb = args.operator_command
        if verb == "add":
            made = operators.add(ctx, actor, args.name, args.role, _password())
            print(made.id)
        elif verb == "list":
            for o in operators.list_operators(ctx, actor):
                state = "disabled" if o.disabled else "locked" if o.locked else "active"
                print(f"{o.name}\t{o.role}\t{state}")
        elif verb in ("disable", "enable"):
            operators.set_disabled(ctx, actor, args.name, verb == "disable")
        elif verb == "reset":
            operators.reset_password(ctx, actor, args.name, _password())
        return 0
    if args.command == "audit-check":
        report = audit.check(ctx)
        if not report.ok:
            print(f"pos-server: audit log broken at row {report.bad_seq}: {report.problem}", file=sys.stderr)
            return 1
        print(f"audit ok: {report.events} events")
        return 0
    if args.command == "transfer":
        result = hierarchy.transfer(ctx, actor, args.id, args.from_agent, args.to_agent, args.amount_minor)
        print(f"{'duplicate' if result.duplicate else 'moved'} {result.amount} {result.currency}; "
              f"sender balance {result.from_balance}")
        return 0
    if args.command == "settlement":
        from .services import settlement
        rows = [settlement.for_agent(ctx, actor, args.agent, args.day)] if args.agent else \
            settlement.all_agents(ctx, actor, args.day)
        text = settlement.to_csv(rows)
        if args.pdf:
            from .services.settlement_pdf import to_pdf
            with open(args.pdf, "wb") as fh:
                fh.write(to_pdf(rows))
        if args.csv:
            with open(args.csv, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        elif not args.pdf:
            sys.stdout.write(text)
        for r in rows:  # issue 16 item 6: the day closes' methods beside the server's, differences named
            print(f"{r.agent_id} {r.day} methods: " + ("match the day closes" if r.methods_matched else
                                                       "; ".join(r.method_differences)), file=sys.stderr)
        return 0 if all(r.reconciled for r in rows) else 4
    return None
