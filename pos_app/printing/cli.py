"""`pos-admin printer ...` commands. The admin CLI wires them with add_printer_commands(subparsers);
each parsed command carries `func(args) -> exit code` and prints one line on failure to stderr."""
from __future__ import annotations

import argparse
import sys

from . import delivery
from .discovery import list_usb_printers
from .errors import PrintingError
from .testpage import test_page
from .uri import parse_printer_uri


def add_printer_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    printer = subparsers.add_parser("printer", help="receipt printer: test page, status, USB discovery")
    commands = printer.add_subparsers(dest="printer_command", required=True)
    test = commands.add_parser("test", help="print a test page on URI")
    test.add_argument("uri", help="e.g. tcp://192.168.1.50:9100, usb://04b8:0202?profile=TM-T20II, pdf:///tmp/r")
    test.set_defaults(func=run_printer_command)
    status = commands.add_parser("status", help="ask the printer at URI for its status (paper, cover)")
    status.add_argument("uri")
    status.set_defaults(func=run_printer_command)
    discover = commands.add_parser("discover", help="list USB receipt printers attached here")
    discover.set_defaults(func=run_printer_command)
    printer.commands = commands  # the admin CLI adds `printer use`, which needs the data directory
    return printer


def run_printer_command(args: argparse.Namespace, terminal=None) -> int:  # noqa: ANN001
    try:
        if args.printer_command == "test":
            result = test_page(args.uri, terminal)
            if result.outcome != delivery.PRINTED:
                print(f"printer test failed: {result.message}", file=sys.stderr)
                return 1
            print(f"test page sent to {args.uri}: {result.message}")
            return 0
        if args.printer_command == "status":
            state = delivery.probe(parse_printer_uri(args.uri))
            print(f"{args.uri}: {state.message} (paper: {state.paper})")
            return 1 if state.is_down else 0
        if args.printer_command == "discover":
            printers = list_usb_printers()
            for p in printers:
                print(f"{p.uri}\t{p.vendor}\t{p.product}")
            if not printers:
                print("no USB receipt printers found (or USB access is not permitted here)", file=sys.stderr)
            return 0
    except PrintingError as exc:
        print(f"printer: {exc}", file=sys.stderr)
        return 2
    print(f"printer: unknown command {args.printer_command!r}", file=sys.stderr)
    return 2
