"""`pos-server` subcommands of real-time charging (issue 15), registered by cli.py."""
from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    cc = sub.add_parser("charging-client", help="charging clients (network elements, the usage simulator)")
    ccs = cc.add_subparsers(dest="charging_command", required=True)
    add = ccs.add_parser("add", help="print a one-time code that enrolls a charging client called NAME")
    add.add_argument("name")
    add.add_argument("--ttl-hours", type=int, default=24)
    ccs.add_parser("list", help="list charging clients")
    dis = ccs.add_parser("disable", help="refuse a charging client's requests from now on")
    dis.add_argument("client_id")
    sub.add_parser("charging-sweep", help="release stale sessions and post bucket expiries once (idempotent)")
    bg = sub.add_parser("bundle-grant", help="give a subscriber a service bundle (voice s, data bytes, sms)")
    bg.add_argument("msisdn")
    bg.add_argument("service", choices=["voice", "data", "sms"])
    bg.add_argument("units", type=int)
    bg.add_argument("--days", type=int, default=30)
    sim = sub.add_parser("simulate-usage", help="drive voice, SMS and data sessions through the charging API")
    sim.add_argument("--server", required=True, help="base URL of the server, e.g. http://127.0.0.1:8700")
    sim.add_argument("--subscribers", type=int, default=5)
    sim.add_argument("--hours", type=float, default=1.0, help="simulated hours of usage")
    sim.add_argument("--rate", type=float, default=0.0, help="requests per second (0 = as fast as possible)")
    sim.add_argument("--credential", default=None, help="JSON file with the client credential (default: user data dir)")
    sim.add_argument("--code", default=None, help="enrollment code, when the simulator has no credential yet")
    sim.add_argument("--seed", type=int, default=None)


COMMANDS = {"charging-client", "charging-sweep", "bundle-grant", "simulate-usage"}


def run(args: argparse.Namespace, url: str) -> int:
    if args.command == "simulate-usage":
        from .simulate import simulate_from_cli
        return simulate_from_cli(args, url)
    from .services import charging, charging_clients
    from .services.context import open_context
    ctx = open_context(url)
    if args.command == "charging-client":
        if args.charging_command == "add":
            print(charging_clients.add_client_code(ctx, args.name, args.ttl_hours * 3600 * 1000))
        elif args.charging_command == "list":
            for client_id, name, at, disabled in charging_clients.list_clients(ctx):
                print(f"{client_id}\t{name}\t{at}\t{'disabled' if disabled else 'active'}")
        elif args.charging_command == "disable":
            charging_clients.set_disabled(ctx, args.client_id, True)
            print(f"disabled {args.client_id}")
    elif args.command == "charging-sweep":
        report = charging.sweep(ctx)
        print(json.dumps({"released_sessions": report.released_sessions, "expired_buckets": report.expired_buckets,
                          "expired_amount": report.expired_amount}))
    elif args.command == "bundle-grant":
        print(charging.grant_bundle(ctx, args.msisdn, args.service, args.units, args.days))
    return 0
