"""Ingest CPU per sale, in-process (issue 13, perf-sale): the server's ingest of 250-sale batches
called directly (no HTTP), so the figure is the ingest's own Python + database cost. Reports wall
sales/s and CPU (process_time) per sale; CPU moves less than wall time on a loaded machine.

    .venv/bin/python bench/bench_ingest_inprocess.py --backend sqlite [--batches 8] [--profile]
    cd /tmp/base && PYTHONPATH=/tmp/base .venv/bin/python $OLDPWD/bench/bench_ingest_inprocess.py  # other code
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.server import PG_ADMIN_URL, sale_doc  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--batches", type=int, default=8)
    p.add_argument("--batch", type=int, default=250)
    p.add_argument("--profile", action="store_true")
    args = p.parse_args()
    from sqlalchemy import create_engine, text

    from prepaid_server.services import admin, catalogs, enrollment, ingest
    from prepaid_server.services.auth import AuthedTerminal
    from prepaid_server.services.context import open_context
    from topup_core.catalog import Catalog
    name = None
    if args.backend == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/ingest.sqlite3"
    else:
        name = f"pos_bench_inproc_{uuid.uuid4().hex[:8]}"
        admin_engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        ctx = open_context(url)
        demo = admin.seed_demo(ctx)
        for rule in ("repeat_msisdn", "amount_spike", "daily_cap"):
            admin.set_risk_rule(ctx, rule, "off")
        admin.deposit(ctx, str(demo["agent_id"]), 10**14)
        en = enrollment.enroll(ctx, demo["enrollment_code"], "Bench")
        who = AuthedTerminal(en.terminal_id, en.terminal_code, en.agent_id, "KES")
        cat = Catalog.from_dict(json.loads(catalogs.current_row(ctx).document))
        seq = iter(range(1, 10**9))
        make = lambda: [sale_doc(cat, en.terminal_id, next(seq)) for _ in range(args.batch)]  # noqa: E731
        for _ in range(2):
            ingest.ingest(ctx, who, make())  # warm caches
        batches = [make() for _ in range(args.batches)]
        prof = cProfile.Profile() if args.profile else None
        cpu0, t0 = time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        for b in batches:
            results, _ = ingest.ingest(ctx, who, b)
            assert all(r.status == "accepted" for r in results), results[:3]
        if prof:
            prof.disable()
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        n = args.batches * args.batch
        print(json.dumps({"backend": args.backend, "sales": n, "sales_per_s": round(n / wall),
                          "cpu_ms_per_sale": round(1000 * cpu / n, 3), "profiled": bool(prof)}))
        if prof:
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())
    finally:
        if name:
            from prepaid_server.store.engine import dispose_engine
            dispose_engine(url)
            with admin_engine.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
