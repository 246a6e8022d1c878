"""`pos-admin customer show NUMBER`, `pos-admin customers lapsed` and `pos-admin customers reminders
--csv F` (issue 14): what the clerk's customer panel shows, online or cached, the manager's
lapsed-customer list from the server, and the numbers opted in to reminders (kept at this till)."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from topup_core.formatting import format_money
from topup_core.money import Money
from topup_core.msisdn import mask_e164, parse_msisdn
from pos_app.application import settings as bs
from pos_app.application.customer import CustomerView


def add_customer_commands(sub: argparse._SubParsersAction, parser_class: type) -> None:
    p = sub.add_parser("customer", help="one customer, as the sale screen's panel shows them")
    csub = p.add_subparsers(dest="customer_cmd", required=True, parser_class=parser_class)
    show = csub.add_parser("show", help="balances, loyalty, suggestions and last top-ups (online, or cached)")
    show.add_argument("number", help="national or international form")
    show.add_argument("--json", action="store_true")
    show.add_argument("--cached", action="store_true", help="do not ask the server: the cached view only")
    p.set_defaults(func=cmd_customer)

    p = sub.add_parser("customers", help="the manager's customer lists (from the server)")
    csub = p.add_subparsers(dest="customers_cmd", required=True, parser_class=parser_class)
    lapsed = csub.add_parser("lapsed", help="customers past their usual top-up interval, biggest first")
    lapsed.add_argument("--min-days", type=int, default=30)
    lapsed.add_argument("--limit", type=int, default=200)
    lapsed.add_argument("--csv", help="also write the list to this CSV file")
    lapsed.add_argument("--json", action="store_true")
    reminders = csub.add_parser("reminders", help="numbers opted in to top-up reminders, for the shop's SMS tool "
                                                  "(numbers in full: only here)")
    reminders.add_argument("--csv", required=True, help="write the opted-in list to this CSV file")
    p.set_defaults(func=cmd_customers)


def view_dict(view: CustomerView) -> dict[str, Any]:
    """For scripts: minor units and epoch ms; the number masked."""
    out = asdict(view)
    out.pop("reply", None)
    out["msisdn"] = mask_e164(view.msisdn)
    for t in (*out["recent"], *out["local"]):
        t.pop("sale_id", None)
    if out.get("repeat"):
        out["repeat"]["msisdn"] = mask_e164(view.msisdn)
        out["repeat"]["face"] = view.repeat.face.amount
    return out


def _date(ms: int | None) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if ms else "—"


def cmd_customer(app, args: argparse.Namespace) -> int:  # noqa: ANN001 - a Runtime
    country = app.settings.get(bs.COUNTRY)
    e164 = parse_msisdn(args.number, country).e164  # a bad number: its coded error, exit 1
    view = app.customer.cached(e164) if args.cached else app.customer.lookup(e164)
    if args.json:
        print(json.dumps(view_dict(view), indent=2, sort_keys=True, ensure_ascii=False))
        return 0
    money = lambda amount, cur=view.currency: format_money(Money(amount, cur))  # noqa: E731
    state = {"server": "up to date", "cached": f"as of {_date(view.as_of_ms)} (the server could not be reached)",
             "offline": "customer details need the server (this till's own sales only)",
             "unknown": "new customer: never topped up with this server"}[view.source]
    print(f"{mask_e164(view.msisdn)}  {state}")
    for b in view.buckets:
        expiry = f"  expires {b.expires_at[:10]}" if b.expires_at else ""
        amount = money(b.amount, b.unit) if len(b.unit) == 3 else f"{b.amount} {b.unit}"
        print(f"  {b.use_order}. {b.kind:<8} {amount}{expiry}")
    lo = view.loyalty
    if lo is not None:
        print(f"  loyalty: {lo.tier_name}, {lo.points} points (worth {money(lo.points_value)})")
        if lo.next_tier:
            print(f"           {money(lo.spend_to_next)} of top-ups to {lo.next_tier_name} "
                  f"({lo.points_to_next} points); cycle ends {_date(lo.cycle_ends_at_ms)[:10]}")
        if lo.expiring_points and lo.expiring_at_ms:
            print(f"           {lo.expiring_points} points expire on {_date(lo.expiring_at_ms)[:10]}")
    if view.amounts:
        print("  suggested: " + ", ".join(money(a) for a in view.amounts))
    if view.repeat is not None:
        print(f"  repeat last: {money(view.repeat.face.amount)} {view.repeat.product_code}")
    s = view.suggestions
    if s is not None and s.next_topup_at_ms:
        print(f"  usually every {s.usual_interval_days} days; next around {_date(s.next_topup_at_ms)[:10]}")
    for t in view.recent or view.local:
        who = "" if t.own else "  (another shop)"
        print(f"  {_date(t.at_ms)}  {money(t.face)}  {t.operator}{' reversed' if t.reversed else ''}{who}")
    return 0


def cmd_reminders(app, args: argparse.Namespace) -> int:  # noqa: ANN001 - a Runtime
    """till-points: the opted-in list with the consent's date and clerk. The number is in full here
    (and only here): the shop's own SMS tool has to send to it. Kept at this till (docs/LOYALTY.md)."""
    from pos_app.domain.roles import LOCAL_ADMIN
    rows = app.consent.opted_in(LOCAL_ADMIN)
    with open(args.csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["number", "consented_at", "recorded_by"])
        for msisdn, at_ms, clerk in rows:
            writer.writerow([msisdn, _date(at_ms), clerk])
    print(f"{len(rows)} numbers opted in to reminders written to {args.csv}", file=sys.stderr)
    return 0


def cmd_customers(app, args: argparse.Namespace) -> int:  # noqa: ANN001 - a Runtime
    if args.customers_cmd == "reminders":
        return cmd_reminders(app, args)
    rows = app.customer.lapsed(args.min_days, args.limit)
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["number", "days_since_last", "topups", "total_minor", "last_amount_minor", "last_at",
                             "usual_interval_days"])
            for r in rows:
                writer.writerow([r["msisdn_masked"], r["days_since"], r["topups"], r["total"], r["last_amount"],
                                 _date(r["last_at_ms"]), r["usual_interval_days"] or ""])
    if args.json:
        print(json.dumps(rows, indent=2, sort_keys=True))
        return 0
    currency = app.settings.get(bs.CURRENCY)
    if not rows:
        print(f"no customer has gone {args.min_days} days or more past their usual top-up", file=sys.stderr)
    for r in rows:
        usual = f"usually every {r['usual_interval_days']} d" if r["usual_interval_days"] else "once"
        print(f"{r['msisdn_masked']:<16} {r['days_since']:>4} days  {r['topups']:>3} top-ups  "
              f"{format_money(Money(r['total'], currency)):>14}  last {format_money(Money(r['last_amount'], currency))} "
              f"on {_date(r['last_at_ms'])[:10]}  ({usual})")
    return 0
