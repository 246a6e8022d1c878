"""`pos-admin [--data-dir DIR] COMMAND`: scriptable terminal administration (brief §6).

Every use case the UI offers is reachable here, through the same use-case objects
(pos_app/runtime.py wires them). Secrets (PINs, enrollment codes) come from stdin or a prompt,
never from argv. Exit 0 on success; otherwise a non-zero code and one line on stderr.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from topup_core.errors import DomainError, PermissionDenied, ValidationError
from topup_core.formatting import format_money
from topup_core.msisdn import mask_e164
from pos_app.application import settings as bs
from pos_app.application.records import FAILED, IN_DOUBT, NEEDS_ATTENTION, PRINTED, PRINTING, QUEUED, JobView
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Permission, Role
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.printing.cli import add_printer_commands
from pos_app.reports.fmt import report_locale
from pos_app.runtime import Runtime
from pos_app.store.datadir import DataDirLocked

from .common import default_data_dir, fail
from .customers import add_customer_commands

PROG = "pos-admin"
PAY_METHODS = {"cash": "cash", "card": "card", "mobile": "mobile_money", "mobile_money": "mobile_money",
               "points": "points"}  # till-points: the customer's loyalty points
RECEIPT_WAIT_S = 20.0
EXIT_REJECTED = 1  # the server refused the sale (it is recorded as REJECTED; nothing was charged)
EXIT_RECEIPT = 5  # the sale stands, but its receipt did not print (see `pos-admin print-jobs list`)


class OneLineParser(argparse.ArgumentParser):
    """Usage errors are one line on stderr too (exit 2), like every other failure."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def read_secret(prompt: str = "PIN: ", confirm: bool = True) -> str:
    """From a prompt when interactive (asked twice for a new PIN), else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat " + prompt) != first:
            raise DomainError("pin_mismatch", "The two PINs differ.")
        return first
    return sys.stdin.readline().strip()


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))


def sale_dict(sale: SaleRecord) -> dict[str, Any]:
    """A sale for scripts: amounts in minor units, the customer's number masked."""
    opt = lambda m: None if m is None else m.amount  # noqa: E731
    return {
        "id": sale.id, "receipt_no": sale.receipt_no, "seq": sale.seq, "created_at": sale.created_at.isoformat(),
        "business_day": sale.business_day, "clerk": sale.clerk_name, "operator": sale.operator_code,
        "product": sale.product_code, "msisdn": mask_e164(sale.msisdn), "currency": sale.face.currency,
        "face": sale.face.amount, "bonus": sale.bonus.amount, "price": sale.price.amount,
        "payment_method": sale.payment_method.value, "tendered": opt(sale.tendered), "change": opt(sale.change),
        "payment_reference": sale.payment_reference, "status": sale.status.value, "server_ref": sale.server_ref,
        "reject_code": sale.reject_code, "reject_message": sale.reject_message,
        "voucher_serial": sale.voucher_serial, "voucher_pin": sale.voucher_pin,
    }


# ---------------------------------------------------------------- set-up and users

def admin_actor(app: Runtime, args: argparse.Namespace, *, first_admin_ok: bool = False) -> Actor:
    """Issue 11: user-management and settings commands run as an administrator: `--as NAME` and that
    admin's PIN as the first line of stdin (a prompt when interactive). The one exception is the
    first user of a terminal that has none (it has nobody to ask)."""
    name = getattr(args, "as_user", None)
    if not name:
        if first_admin_ok and not app.auth.has_users():
            return LOCAL_ADMIN
        raise PermissionDenied("admin_required",
                               "This command needs an administrator: --as NAME, with their PIN on the first line of stdin.")
    return app.auth.authenticate_admin(name, read_secret("Administrator PIN: ", confirm=False))


def cmd_init(app: Runtime, args: argparse.Namespace) -> int:
    if args.demo:
        app.setup.seed_demo()
        print(f"initialised demo terminal in {app.data_dir.path}")
        return 0
    settings = {s: v for s, v in {bs.SHOP_NAME: args.shop_name, bs.COUNTRY: args.country,
                                  bs.CURRENCY: args.currency, bs.TIMEZONE: args.timezone}.items() if v}
    existed = app.setup.is_initialised()
    if existed and settings:  # changing an initialised terminal's settings is a settings command
        app.settings.update(admin_actor(app, args), settings)
        print(f"already initialised; updated {', '.join(sorted(s.key for s in settings))}")
        return 0
    terminal_id = app.setup.initialise(settings)
    print(f"{'already initialised' if existed else 'initialised'}: terminal {terminal_id}")
    return 0


def cmd_user(app: Runtime, args: argparse.Namespace) -> int:
    if args.user_cmd == "add":
        actor = admin_actor(app, args, first_admin_ok=args.role == Role.ADMIN.value)
        pin = read_secret()  # the new user's PIN: the next line of stdin
        app.auth.add_user(actor, args.username, args.name or args.username, args.role, pin)
        print(f"added {args.role} {args.username}")
    elif args.user_cmd == "list":
        for user in app.auth.list_users(LOCAL_ADMIN):
            state = "active" if user["active"] else "disabled"
            if user["locked"]:
                state += ",locked"
            print(f"{user['username']:<16} {user['role']:<8} {state:<16} {user['display_name']}")
    elif args.user_cmd in ("disable", "enable"):
        app.auth.set_active(admin_actor(app, args), args.username, args.user_cmd == "enable")
        print(f"{args.user_cmd}d {args.username}")
    return 0


def cmd_settings(app: Runtime, args: argparse.Namespace) -> int:
    """`settings list` (read-only) and `settings set KEY VALUE --as NAME` (an administrator, audited)."""
    if args.settings_cmd == "list":
        for setting, value in app.settings.values().items():
            print(f"{setting.key:<26} {value}")
        return 0
    if args.key not in bs.BUSINESS or args.key in (bs.TERMINAL_ID.key, bs.TERMINAL_CODE.key, bs.SERVER_URL.key):
        raise ValidationError("setting_unknown", "There is no such setting (or it is set by enrollment); "
                                                 "see `pos-admin settings list`.")
    setting = bs.BUSINESS[args.key]
    value: Any = args.value
    if setting.type is int:
        try:
            value = int(value)
        except ValueError:
            raise ValidationError("setting_invalid", f"{setting.key} is a whole number.") from None
    elif setting.type is bool:
        value = value.strip().lower() in ("1", "true", "yes", "on")
    if setting is bs.SERVER_CA_BUNDLE and value and not Path(value).is_file():
        raise ValidationError("ca_bundle_missing", "The CA bundle file does not exist.")
    changed = app.settings.update(admin_actor(app, args), {setting: value})
    print(f"{setting.key} {'set' if changed else 'unchanged'}")
    return 0


def cmd_status(app: Runtime, args: argparse.Namespace) -> int:
    status = app.status.summary()
    if args.json:
        _print_json(status)
    else:
        for key, value in status.items():
            print(f"{key:<22} {value}")
    return 0


def cmd_backup(app: Runtime, args: argparse.Namespace) -> int:
    print(app.backup(LOCAL_ADMIN, Path(args.to) if args.to else None, keep=args.keep))
    return 0


def cmd_verify(app: Runtime, args: argparse.Namespace) -> int:
    report = app.verify(LOCAL_ADMIN)
    for name, result in report.checks.items():
        print(f"{name:<16} {result}")
    if not report.ok:
        return fail(PROG, f"verify failed: {report.first_problem()}")
    return 0


# ---------------------------------------------------------------- the prepaid server

def cmd_enroll(app: Runtime, args: argparse.Namespace) -> int:
    """Exit 0 when the terminal is enrolled afterwards (a failed first catalog pull is a warning on
    stderr: the worker fetches it later), non-zero when it is not (issue 11)."""
    if app.engine.enrolled and not args.reenroll:
        info = app.terminal.info
        print(f"already enrolled as {info.terminal_code} with {info.server_url}; nothing changed")
        print(f"{PROG}: warning: to make this terminal a NEW server terminal, run again with --reenroll",
              file=sys.stderr)
        return 0
    code = read_secret("Enrollment code: ", confirm=False)
    result = app.enroll(args.server, code, args.label, drain_first=args.drain_first)
    if args.public_url is not None:  # issue 15: the receipt's QR opens the customer's statement
        app.settings.update(LOCAL_ADMIN, {bs.STATEMENT_PUBLIC_URL: args.public_url.strip()})
    print(f"enrolled as {result.terminal_code} with {result.server_url}"
          + (f"; catalog v{result.catalog_version}" if result.catalog_version else ""))
    if result.warning:
        print(f"{PROG}: warning: the catalog and float will be fetched later: {result.warning}", file=sys.stderr)
    return 0


def cmd_sync(app: Runtime, args: argparse.Namespace) -> int:
    report = app.sync(max_seconds=args.max_seconds)
    d, view = report.drained, report.float_view
    print(f"catalog v{report.catalog_version}; float available {view['available']} {view['currency']} (minor units); "
          f"sent {d.sent}: accepted {d.accepted}, duplicate {d.duplicate}, rejected {d.rejected}, "
          f"disputed {d.disputed}; "
          f"still queued {report.still_queued}")
    return 0 if report.still_queued == 0 else 1


# ---------------------------------------------------------------- selling

def _receipt_line(job: JobView | None) -> str:
    if job is None:
        return "receipt not queued (see the log)"
    if job.state == PRINTED:
        return f"receipt printed to {job.printer_uri}"
    if job.state in NEEDS_ATTENTION:
        return f"receipt {job.state} (job {job.id}): {job.last_error or ''} — see `{PROG} print-jobs list`"
    return f"receipt {job.state} (job {job.id}) for {job.printer_uri}"


def _settled(app: Runtime, job: JobView, timeout: float = RECEIPT_WAIT_S) -> JobView:
    """The job once the spool is done with it (printed, failed or in doubt), or as it is at the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        job = app.print_jobs.get(LOCAL_ADMIN, job.id)
        if job.state not in (QUEUED, PRINTING) or time.monotonic() >= deadline:
            return job
        app.spool.wait_idle(min(1.0, max(deadline - time.monotonic(), 0.01)))
        time.sleep(0.05)


def cmd_sell(app: Runtime, args: argparse.Namespace) -> int:
    """A real sale: the clerk's PIN on stdin, the fast path when online, the receipt printed."""
    method = PAY_METHODS.get(args.pay.strip().lower())
    if method is None:
        raise ValidationError("payment_method_unknown", f"--pay is cash, card, mobile or points, not {args.pay!r}.")
    tendered = args.tendered
    if method == "cash" and tendered is None:  # exact cash unless told otherwise
        tendered = app.sell.price(args.product, args.amount).amount
    request = SaleRequest(args.number, args.product, args.amount, method, tendered if method == "cash" else None,
                          None if method == "points" else args.reference)
    app.sell.check(request)  # every mistake in the input is refused here, before anything is written
    actor = app.auth.login(args.user, read_secret("PIN: ", confirm=False))  # audited, like at the till
    app.start(worker=False, spool=True)
    app.sync.contact()  # a fresh process: learn online/offline and the allowance first, as the till does
    outcome = app.sell(actor, request)
    receipt = _settled(app, outcome.receipt) if outcome.receipt is not None else None
    sale = outcome.sale
    if args.json:
        _print_json({"sale": sale_dict(sale), "receipt": receipt.as_dict() if receipt else None,
                     "drawer_opened": outcome.drawer_opened})
    else:
        locale = report_locale(app.terminal.info.country)
        words = {SaleStatus.CONFIRMED: f"SUCCESS, server reference {sale.server_ref}",
                 SaleStatus.QUEUED: "PENDING: recorded here, sent as soon as the server answers",
                 SaleStatus.REJECTED: f"REJECTED: {sale.reject_message or sale.reject_code}; nothing was charged"}
        print(f"sale {sale.receipt_no} {sale.id}: {words.get(sale.status, sale.status.value)}")
        print(f"{sale.product_name} {format_money(sale.face, locale)} to {mask_e164(sale.msisdn)}; "
              f"paid {format_money(sale.price, locale)} by {sale.payment_method.value}"
              + (f", change {format_money(sale.change, locale)}" if sale.change else ""))
        if sale.voucher_pin and sale.status is not SaleStatus.REJECTED:
            print(f"voucher PIN {sale.voucher_pin} serial {sale.voucher_serial}")
        print(_receipt_line(receipt) + ("; drawer opened" if outcome.drawer_opened else ""))
    if sale.status is SaleStatus.REJECTED:
        return fail(PROG, f"the server refused sale {sale.receipt_no}: {sale.reject_message or sale.reject_code}",
                    EXIT_REJECTED)
    if receipt is None or receipt.state in (FAILED, IN_DOUBT):
        return fail(PROG, f"sale {sale.receipt_no} stands, but {_receipt_line(receipt)}", EXIT_RECEIPT)
    if receipt.state != PRINTED:
        print(f"{PROG}: warning: the receipt is still waiting for the printer; the till prints it when it runs",
              file=sys.stderr)
    return 0


def cmd_sales(app: Runtime, args: argparse.Namespace) -> int:
    if args.sales_cmd == "settle":  # issue 11: a manager closes a disputed sale's case
        approver = app.auth.approve(args.manager, read_secret("Manager PIN: ", confirm=False), Permission.REVERSE_SALE)
        sale = app.settle_dispute(approver, args.id, args.outcome, reason=args.reason or "")
        print(f"sale {sale.receipt_no} {sale.id}: {sale.status.value}"
              + (f", server reference {sale.server_ref}" if sale.server_ref else ""))
        return 0
    sales = app.sales.list(LOCAL_ADMIN, status=args.status, limit=args.limit)
    if args.json:
        _print_json([sale_dict(s) for s in sales])
        return 0
    locale = report_locale(app.terminal.info.country)
    tz = app.terminal.info.timezone
    from topup_core.formatting import local_time
    for s in sales:
        print(f"{s.receipt_no}  {local_time(s.created_at, tz, '%Y-%m-%d %H:%M')}  {s.status.value:<16} "
              f"{mask_e164(s.msisdn):<18} {s.product_code:<14} {format_money(s.face, locale):>14}  "
              f"{s.payment_method.value:<12} {s.clerk_name}")
        if s.status is SaleStatus.DISPUTED:  # issue 11: the manager's case, with the server's answer
            print(f"    manager check: {s.reject_code}: {s.reject_message or ''}")
    if not sales:
        print("no sales" + (f" with status {args.status.upper()}" if args.status else ""), file=sys.stderr)
    return 0


# ---------------------------------------------------------------- print jobs

def cmd_print_jobs(app: Runtime, args: argparse.Namespace) -> int:
    jobs = app.print_jobs
    if args.jobs_cmd == "list":
        listed = jobs.list(LOCAL_ADMIN) if args.all else jobs.attention(LOCAL_ADMIN)
        if args.json:
            _print_json([j.as_dict() for j in listed])
            return 0
        for j in listed:
            print(f"{j.id:>6}  {j.state:<10} {j.title:<32} {j.printer_uri}  {j.last_error or ''}".rstrip())
        if not listed:
            print("no print job needs attention" if not args.all else "no print jobs", file=sys.stderr)
        return 0
    app.start(worker=False, spool=True)  # a retried job prints now
    if args.jobs_cmd == "retry":
        job = jobs.retry(LOCAL_ADMIN, args.id)
    elif args.jobs_cmd == "reroute":
        job = jobs.reroute(LOCAL_ADMIN, args.id, args.to)
    elif args.jobs_cmd == "confirm":
        job = jobs.confirm_printed(LOCAL_ADMIN, args.id)
    elif args.jobs_cmd == "reprint":
        job = jobs.reprint_copy(LOCAL_ADMIN, args.id).job
    else:
        job = jobs.dismiss(LOCAL_ADMIN, args.id)
    if args.jobs_cmd in ("retry", "reroute", "reprint"):
        job = _settled(app, job)
    print(f"job {job.id} {job.title}: {job.state}" + (f" ({job.last_error})" if job.last_error else ""))
    return 1 if job.state in (FAILED, IN_DOUBT) else 0


# ---------------------------------------------------------------- reports

def cmd_report(app: Runtime, args: argparse.Namespace) -> int:
    """`report x` (read-only snapshot) or `report z` (close the business day; a manager approves with
    `--manager NAME` and their PIN on stdin). `report z --number N` exports a stored Z again."""
    from pos_app.reports.csv_export import write_csv
    from pos_app.reports.pdf_export import write_pdf
    from pos_app.reports.text import report_text

    if args.kind == "x":
        report = app.reports.x_report(LOCAL_ADMIN, args.day)
    elif args.number is not None:
        report = app.reports.z_report(LOCAL_ADMIN, args.number)
    else:
        if not args.manager:
            return fail(PROG, "closing the day needs a manager: --manager NAME (PIN on stdin)")
        still_open = app.close_day.open_shifts(LOCAL_ADMIN)  # issue 12: as the screen warns
        if still_open and not args.force:
            return fail(PROG, f"{len(still_open)} shift(s) still open ({', '.join(still_open)}): close them "
                              "first, or add --force to close the day anyway")
        if still_open:
            print(f"warning: closing the day over {len(still_open)} open shift(s): {', '.join(still_open)}",
                  file=sys.stderr)
        approver = app.auth.approve(args.manager, read_secret("Manager PIN: ", confirm=False), Permission.CLOSE_DAY)
        report = app.close_day(LOCAL_ADMIN, approver=approver, day=args.day, carry_over=args.carry_over,
                               reason=args.reason or "")
    locale = report_locale(app.terminal.info.country)
    if args.json:
        _print_json(report.body())
    else:
        print("\n".join(report_text(report, locale)))
    if args.csv:
        write_csv(report, args.csv)
    if args.pdf:
        write_pdf(report, args.pdf, locale)
    return 0


def _as_admin(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_user", metavar="NAME",
                   help="the administrator doing this (their PIN is the first line of stdin)")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog=PROG, description="TopUp POS terminal administration")
    parser.add_argument("--data-dir", type=Path, default=None, help="data directory (default: per-user app data)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    p = sub.add_parser("init", help="initialise this terminal's database")
    p.add_argument("--demo", action="store_true", help="seed the demo shop, users, catalog and vouchers")
    p.add_argument("--shop-name")
    p.add_argument("--country", help="ISO 3166 region for phone numbers, e.g. KE")
    p.add_argument("--currency", help="ISO 4217 code, e.g. KES")
    p.add_argument("--timezone", help="IANA time zone, e.g. Africa/Nairobi")
    _as_admin(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", help="manage clerks, managers and admins")
    user_sub = p.add_subparsers(dest="user_cmd", required=True, parser_class=OneLineParser)
    add = user_sub.add_parser("add", help="add a user (admin's PIN, then the new PIN, from stdin or prompts)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default="clerk")
    add.add_argument("--name", help="display name")
    _as_admin(add)
    user_sub.add_parser("list")
    for verb in ("disable", "enable"):
        verb_p = user_sub.add_parser(verb)
        verb_p.add_argument("username")
        _as_admin(verb_p)
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("settings", help="business settings: list, or set one as an administrator")
    settings_sub = p.add_subparsers(dest="settings_cmd", required=True, parser_class=OneLineParser)
    settings_sub.add_parser("list")
    setter = settings_sub.add_parser("set", help="set KEY to VALUE (e.g. server_ca_bundle /etc/ssl/our-ca.pem)")
    setter.add_argument("key")
    setter.add_argument("value")
    _as_admin(setter)
    p.set_defaults(func=cmd_settings)

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
    p.add_argument("--force", action="store_true",
                   help="z: close the day even though a shift is still open (refused otherwise)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("enroll", help="enroll this terminal with a prepaid server (code from stdin or a prompt)")
    p.add_argument("--server", required=True, help="server base URL, e.g. https://prepaid.example:8700")
    p.add_argument("--label", default="Till", help="how the server lists this terminal")
    p.add_argument("--reenroll", action="store_true",
                   help="already enrolled: become a new server terminal (refused while sales await an answer)")
    p.add_argument("--drain-first", action="store_true",
                   help="with --reenroll: send what is queued with the current enrollment first")
    p.add_argument("--public-url", default=None,
                   help="the server's public address for the receipt's statement link (https://...; empty: none)")
    p.set_defaults(func=cmd_enroll)
    p = sub.add_parser("sync", help="pull catalog and float, send every queued sale now")
    p.add_argument("--max-seconds", type=float, default=300.0)
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("sell", help="sell a top-up as a clerk (PIN from stdin or a prompt); prints the receipt")
    p.add_argument("--user", required=True, help="the clerk's user name")
    p.add_argument("--number", required=True, help="the customer's phone number, national or international")
    p.add_argument("--product", required=True, help="product code from the catalog, e.g. SAF-AIRTIME")
    p.add_argument("--amount", required=True, type=int, help="face value in minor units (10000 = KES 100.00)")
    p.add_argument("--pay", required=True, help="cash, card, mobile or points")
    p.add_argument("--tendered", type=int, help="cash handed over, minor units (default: the exact price)")
    p.add_argument("--reference", help="card or mobile-money reference")
    p.add_argument("--json", action="store_true", help="print the sale and its receipt job as JSON")
    p.set_defaults(func=cmd_sell)

    p = sub.add_parser("sales", help="recorded sales")
    sales_sub = p.add_subparsers(dest="sales_cmd", required=True, parser_class=OneLineParser)
    listing = sales_sub.add_parser("list", help="newest first")
    listing.add_argument("--status", help="only sales in this state: " + ", ".join(s.value for s in SaleStatus))
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    settle = sales_sub.add_parser("settle", help="settle a DISPUTED sale as the server's record says (manager)")
    settle.add_argument("id", help="the sale id")
    settle.add_argument("--outcome", required=True, choices=["confirmed", "rejected"])
    settle.add_argument("--reason", required=True, help="what the server's record says, in a few words")
    settle.add_argument("--manager", required=True, help="the approving manager (PIN from stdin)")
    p.set_defaults(func=cmd_sales)

    p = sub.add_parser("print-jobs", help="receipts that failed or may not have printed, and what to do with them")
    jobs_sub = p.add_subparsers(dest="jobs_cmd", required=True, parser_class=OneLineParser)
    listing = jobs_sub.add_parser("list", help="jobs that need attention (failed, in doubt)")
    listing.add_argument("--all", action="store_true", help="every job, whatever its state")
    listing.add_argument("--json", action="store_true")
    for verb, text in (("retry", "print a failed job again on its printer"),
                       ("confirm", "an in-doubt job did print"),
                       ("dismiss", "give up on a failed or in-doubt job"),
                       ("reprint", "print a COPY instead of a failed or in-doubt receipt")):
        jobs_sub.add_parser(verb, help=text).add_argument("id", type=int)
    reroute = jobs_sub.add_parser("reroute", help="send a failed job to another printer")
    reroute.add_argument("id", type=int)
    reroute.add_argument("--to", required=True, help="printer address, e.g. pdf:///tmp/receipts")
    p.set_defaults(func=cmd_print_jobs)

    add_customer_commands(sub, OneLineParser)  # issue 14

    # Printer commands talk to a printer, not the database: they run without the data-dir lock,
    # so a technician can test a printer while the till is open.
    printer = add_printer_commands(sub)
    printer.set_defaults(needs_data_dir=False)
    add_printer_use(printer.commands)
    return parser


def _read_only(args: argparse.Namespace) -> bool:
    """Commands that only read: they never create a database (or anything) where there is none."""
    return (args.command in ("status", "verify")
            or (args.command == "sales" and args.sales_cmd == "list")
            or (args.command == "print-jobs" and args.jobs_cmd == "list")
            or (args.command == "user" and args.user_cmd == "list")
            or (args.command == "settings" and args.settings_cmd == "list")
            or (args.command == "report" and (args.kind == "x" or args.number is not None)))


def not_a_terminal(data_dir: Path) -> str | None:
    """Why `data_dir` holds no terminal (with the right directory when it is a demo's), else None."""
    if (Path(data_dir) / "pos.sqlite3").exists():
        return None
    hint = ""
    if (Path(data_dir) / "terminal" / "pos.sqlite3").exists():
        hint = f"; the demo keeps its terminal in {Path(data_dir) / 'terminal'} (use --data-dir that)"
    return f"{data_dir} is not a terminal's data directory (no pos.sqlite3){hint}; nothing was created"


# ---------------------------------------------------------------- issue 12: printer use

def add_printer_use(commands: argparse._SubParsersAction) -> None:
    use = commands.add_parser("use", help="make URI this till's receipt printer, as Settings does "
                                          "(an administrator's PIN on stdin; audited)")
    use.add_argument("uri", help="e.g. tcp://192.168.1.50:9100; pdf:///DIR for PDF files")
    use.add_argument("--as", dest="as_user", required=True, metavar="NAME", help="the administrator's user name")
    use.set_defaults(func=cmd_printer_use, needs_data_dir=True)


def cmd_printer_use(app: Runtime, args: argparse.Namespace) -> int:
    """The same use case as Settings → Printer: the address is checked, stored (audited as
    settings.changed by that administrator) and used from the next receipt on."""
    uri = args.uri.strip()
    actor = app.auth.login(args.as_user, read_secret("PIN: ", confirm=False))
    changed = app.first_run.save_settings(actor, {bs.PRINTER_URI: uri})
    state = app.print_jobs.check_printer(uri)
    print(f"receipts print on {uri}" + ("" if changed else " (it already did)") + f": {state.message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "needs_data_dir", True):
        return args.func(args)
    data_dir = args.data_dir or default_data_dir()
    if _read_only(args) and (problem := not_a_terminal(data_dir)):
        return fail(PROG, problem)
    try:
        with Runtime.open(data_dir) as app:
            return args.func(app, args)
    except DataDirLocked as exc:
        return fail(PROG, exc.message, 3)
    except DomainError as exc:
        return fail(PROG, exc.message)
    except KeyboardInterrupt:
        return fail(PROG, "interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
