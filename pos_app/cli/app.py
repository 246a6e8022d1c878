"""`pos-app [--data-dir DIR] [--demo]`: the desktop app."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pos_app.domain.errors import DomainError
from pos_app.store.datadir import DataDirLocked

from .common import default_data_dir, fail

PROG = "pos-app"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="TopUp POS — sell mobile airtime at the counter")
    parser.add_argument("--data-dir", type=Path, default=None, help="data directory (default: per-user app data)")
    parser.add_argument("--demo", action="store_true",
                        help="throwaway data, seeded catalog and users, embedded prepaid server on loopback")
    return parser


def main(argv: list[str] | None = None) -> int:
    args, qt_args = build_parser().parse_known_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from pos_app.runtime import Runtime
    from pos_app.services import PosServices
    from pos_app.services.setup import is_initialised
    from pos_app.ui.app import run_app
    from pos_app.ui.status import LocalStatusSource, SyncEngineStatusSource

    demo = None
    try:
        if args.demo:
            from pos_app.demo import start_demo

            demo = start_demo(args.data_dir)
            services = demo.services
            print(f"{PROG}: demo data in {demo.root}; server {demo.server.url}; "
                  "clerk alice / PIN 1234, manager mary / PIN 9876", file=sys.stderr)
        else:
            services = PosServices.open(args.data_dir or default_data_dir())
            if not is_initialised(services.db):
                services.close()
                return fail(PROG, "this terminal is not set up yet: run `pos-admin init` and `pos-admin enroll` "
                                  "(or try `pos-app --demo`)", 2)
    except DataDirLocked as exc:
        return fail(PROG, exc.message, 3)
    except DomainError as exc:
        return fail(PROG, exc.message)

    runtime = Runtime(services)
    try:
        status = SyncEngineStatusSource(runtime.engine, printer=runtime.printer_line,
                                        local=LocalStatusSource(services))
        return run_app(services, [sys.argv[0], *qt_args], status_source=status, submit_sale=runtime.after_sale)
    finally:
        runtime.stop()
        services.close()
        if demo is not None:
            demo.stop()


if __name__ == "__main__":
    sys.exit(main())
