"""`pos-app [--data-dir DIR] [--demo]`: the desktop app."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from topup_core.errors import DomainError
from pos_app.store.datadir import DataDirLocked

from .common import default_data_dir, fail

PROG = "pos-app"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="TopUp POS — sell mobile airtime at the counter")
    parser.add_argument("--data-dir", type=Path, default=None, help="data directory (default: per-user app data)")
    parser.add_argument("--demo", action="store_true",
                        help="throwaway data, seeded catalog and users, embedded prepaid server on loopback")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (database, receipt, main window offscreen) and exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args, qt_args = build_parser().parse_known_args(argv)
    if args.self_test:
        from pos_app.selftest import run_self_test

        return run_self_test()
    from pos_app.logging_setup import setup_logging

    if not args.demo:
        setup_logging(args.data_dir or default_data_dir())
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic").setLevel(logging.WARNING)
    from pos_app.runtime import Runtime
    from pos_app.ui.app import run_app

    demo = None
    try:
        if args.demo:
            from pos_app.demo import start_demo

            demo = start_demo(args.data_dir)
            app = demo.app
            print(f"{PROG}: demo data in {demo.root}; server {demo.server.url}; "
                  "clerk alice / PIN 1234, manager mary / PIN 9876", file=sys.stderr)
        else:
            app = Runtime.open(args.data_dir or default_data_dir())
            if app.first_run.needs_setup():
                from pos_app.ui.setup import run_setup

                if not run_setup(app, [sys.argv[0], *qt_args]):
                    app.close()
                    return fail(PROG, "setup was not finished; start pos-app again to finish it "
                                      "(or use `pos-admin init`, or try `pos-app --demo`)", 2)
    except DataDirLocked as exc:
        return fail(PROG, exc.message, 3)
    except DomainError as exc:
        return fail(PROG, exc.message)

    app.start(worker=True, spool=True, autobackup=demo is None)
    try:
        return run_app(app, [sys.argv[0], *qt_args])
    finally:
        app.close()
        if demo is not None:
            demo.stop()


if __name__ == "__main__":
    sys.exit(main())
