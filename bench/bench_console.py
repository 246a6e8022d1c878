"""The distributor's console under load (issue 16): every page's p95 with 1,000 agents (100 dealers,
900 retailers), 5,000 terminals and 5,000,000 sales, while separate load-generator processes post
sales to the same server. Target: p95 <= 200 ms per page.

Seeding is set-wise SQL on a throwaway PostgreSQL database (the sales table gets the 5,000,000
rows over 30 days; the ledger gets a deposit and 200 float postings per agent, so the float
history, settlement and low-float pages read real entries). Baselines in the same run: the
server's own /health (the HTTP + framework floor) and the agent page's heaviest query run raw
with psycopg (the database floor).

    .venv/bin/python bench/bench_console.py                     # 5,000,000 sales
    .venv/bin/python bench/bench_console.py --sales 500000 --requests 50
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_server_realtime import database  # noqa: E402
from loadgen import run_generators  # noqa: E402
from support.server import start_server  # noqa: E402

PASSWORD = "bench password 1"
DAY_MS = 86_400_000


def seed(url: str, sales: int) -> None:
    """Agents, parents, float, terminals and `sales` accepted sales over the last 30 days."""
    import psycopg

    from prepaid_server.services import operators
    from prepaid_server.services.context import open_context

    ctx = open_context(url)  # migrations
    operators.add(ctx, operators.cli_actor("bench"), "bench", "admin", PASSWORD)
    now = int(time.time() * 1000)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        steps = [
            ("agents", f"""
             INSERT INTO agents (id, name, code_prefix, currency, float_limit, created_at_ms)
             SELECT md5('agent' || g)::uuid::text, CASE WHEN g <= 100 THEN 'Dealer ' || lpad(g::text, 3, '0')
                    ELSE 'Shop ' || lpad(g::text, 4, '0') END, 'B' || g, 'KES', 0, {now}
             FROM generate_series(1, 1000) g"""),
            ("parents", """
             INSERT INTO agent_parents (agent_id, parent_id)
             SELECT md5('agent' || g)::uuid::text, md5('agent' || (1 + (g % 100)))::uuid::text
             FROM generate_series(101, 1000) g"""),
            ("terminals", f"""
             INSERT INTO terminals (id, agent_id, code, label, secret, enrolled_at_ms, disabled, contiguous_through,
                                    allowance_reserved, allowance_used)
             SELECT md5('terminal' || g)::uuid::text, md5('agent' || (1 + (g % 1000)))::uuid::text, 'BT' || g,
                    'Till ' || g, encode(sha256(('s' || g)::bytea), 'base64'), {now - 40 * DAY_MS}, false, 0, 0, 0
             FROM generate_series(0, 4999) g"""),
            ("sales", f"""
             INSERT INTO sales (id, terminal_id, agent_id, seq, created_at_ms, received_at_ms, content_hash, status,
                                msisdn, operator, product, currency, face, bonus, price, float_cost, allowance_used,
                                catalog_version, payment_method)
             SELECT 'bench-' || g, md5('terminal' || (g % 5000))::uuid::text,
                    md5('agent' || (1 + ((g % 5000) % 1000)))::uuid::text, g / 5000 + 1,
                    {now} - ({sales} - g)::bigint * {30 * DAY_MS // max(sales, 1)},
                    {now} - ({sales} - g)::bigint * {30 * DAY_MS // max(sales, 1)} + 500, md5(g::text), 'accepted',
                    '+2547' || lpad((g % 500000)::text, 8, '0'), 'SAF', 'SAF-AIRTIME', 'KES', 10000, 0, 10000, 9400, 0,
                    1, CASE WHEN g % 3 = 0 THEN 'mobile' ELSE 'cash' END
             FROM generate_series(1, {sales}) g"""),
            ("subscribers", f"""
             INSERT INTO subscribers (msisdn, currency, bonus_expires_at_ms, first_seen_ms)
             SELECT '+2547' || lpad(g::text, 8, '0'), 'KES', NULL, {now - 30 * DAY_MS}
             FROM generate_series(0, LEAST(499999, {sales})) g"""),
            ("postings", f"""
             INSERT INTO postings (id, kind, ref, currency, created_at_ms)
             SELECT 'bench:' || a || ':' || i, CASE WHEN i = 0 THEN 'deposit' ELSE 'sale' END, NULL, 'KES',
                    {now} - (200 - i)::bigint * 3600000
             FROM generate_series(1, 1000) a, generate_series(0, 200) i"""),
            ("accounts", """
             INSERT INTO accounts (id, kind, currency, balance)
             SELECT 'float:' || md5('agent' || a)::uuid::text, 'float', 'KES', 5000000 - 200 * 9400
             FROM generate_series(1, 1000) a
             UNION ALL
             SELECT 'system:funding:KES:' || md5('agent' || a)::uuid::text, 'system', 'KES', -(5000000 - 200 * 9400)
             FROM generate_series(1, 1000) a"""),
            ("entries", """
             INSERT INTO entries (posting_id, account_id, amount)
             SELECT 'bench:' || a || ':' || i, 'float:' || md5('agent' || a)::uuid::text,
                    CASE WHEN i = 0 THEN 5000000 ELSE -9400 END
             FROM generate_series(1, 1000) a, generate_series(0, 200) i
             UNION ALL
             SELECT 'bench:' || a || ':' || i, 'system:funding:KES:' || md5('agent' || a)::uuid::text,
                    CASE WHEN i = 0 THEN -5000000 ELSE 9400 END
             FROM generate_series(1, 1000) a, generate_series(0, 200) i"""),
            ("analyze", "ANALYZE"),
        ]
        for name, sql in steps:
            t0 = time.perf_counter()
            conn.execute(sql)
            print(f"  seeded {name} in {time.perf_counter() - t0:.1f} s", flush=True)


@contextmanager
def kept(name: str):  # noqa: ANN201
    """(url, fresh): the named database, created when missing; never dropped."""
    from sqlalchemy import create_engine, text
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        fresh = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None
        if fresh:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield admin_url.rsplit("/", 1)[0] + "/" + name, fresh


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(name: str, fn, n: int) -> dict:  # noqa: ANN001
    fn()  # warm
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        status = fn()
        times.append((time.perf_counter() - t0) * 1000)
        assert status == 200, (name, status)
    row = {"page": name, "p50": statistics.median(times), "p95": percentile(times, 95), "max": max(times)}
    print(f"  {name:<34} p50 {row['p50']:7.1f} ms   p95 {row['p95']:7.1f} ms   max {row['max']:7.1f} ms", flush=True)
    return row


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=5_000_000)
    ap.add_argument("--requests", type=int, default=100, help="requests per page")
    ap.add_argument("--load-rate", type=float, default=20.0, help="sales/s posted by the load generators")
    ap.add_argument("--generators", type=int, default=2)
    ap.add_argument("--keep", default=None, metavar="DBNAME",
                    help="seed into this PostgreSQL database once and keep it (later runs reuse it)")
    args = ap.parse_args()
    import psycopg
    import requests

    with (kept(args.keep) if args.keep else database("postgresql")) as (url_and_fresh):
        url, fresh = url_and_fresh if isinstance(url_and_fresh, tuple) else (url_and_fresh, True)
        t0 = time.perf_counter()
        if fresh:
            print(f"seeding 1,000 agents, 5,000 terminals, {args.sales:,} sales ...", flush=True)
            seed(url, args.sales)
            print(f"seeded in {time.perf_counter() - t0:.0f} s", flush=True)
        else:
            print(f"reusing the seeded database {args.keep}", flush=True)
        os.environ["POS_CONSOLE_COOKIE_SECURE"] = "0"  # plain http on loopback: requests sends no Secure cookie
        server = start_server(url)  # also publishes the demo catalog and agent, for the load generators
        try:
            http = requests.Session()
            base = server.url + "/console"
            page = http.get(base + "/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            page = http.post(base + "/login", data={"name": "bench", "password": PASSWORD, "csrf": csrf})
            assert page.url.endswith("/console/agents"), page.status_code
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            dealer = re.search(r'href="/console/agents/([0-9a-f-]{36})">Dealer 001', page.text).group(1)
            shop_page = http.get(base + "/agents", params={"q": "Shop 0500"})
            shop = re.search(r'href="/console/agents/([0-9a-f-]{36})">Shop 0500', shop_page.text).group(1)
            shop_detail = http.get(base + f"/agents/{shop}").text
            terminal = re.search(r'href="/console/terminals/([0-9a-f-]{36})"', shop_detail).group(1)

            codes = [server.issue_code() for _ in range(args.generators)]
            load: dict = {}
            seconds = 12 * args.requests * 0.12 + 30
            loader = threading.Thread(target=lambda: load.update(report=run_generators(
                server.url, codes, mode="single", seconds=seconds, rate=args.load_rate)))
            loader.start()
            time.sleep(3 + 0.25 * args.generators)  # the generators start together after warming up

            n = args.requests
            print(f"baselines (same run), {n} requests each:")
            dsn = url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn) as raw:
                since = int(time.time() * 1000) // DAY_MS * DAY_MS

                def raw_query() -> int:
                    raw.execute("SELECT count(*), coalesce(sum(face), 0) FROM sales WHERE agent_id = %s AND "
                                "received_at_ms >= %s AND received_at_ms < %s AND status = 'accepted'",
                                (shop, since, since + DAY_MS)).fetchone()
                    raw.commit()
                    return 200
                base_rows = [measure("raw SQL: agent's sales today", raw_query, n),
                             measure("GET /health (HTTP floor)", lambda: http.get(server.url + "/health").status_code, n)]
            print(f"console pages under load ({args.load_rate:g} sales/s from {args.generators} processes):")
            get = lambda path: lambda: http.get(base + path).status_code  # noqa: E731
            rows = [
                measure("GET /console/agents", get("/agents"), n),
                measure("GET /console/agents?q=Shop 05", get("/agents?q=Shop%2005"), n),
                measure("GET /console/agents?offset=900", get("/agents?offset=900"), n),
                measure("GET /console/agents/{dealer}", get(f"/agents/{dealer}"), n),
                measure("GET /console/agents/{retailer}", get(f"/agents/{shop}"), n),
                measure("GET /console/settlement (retailer)", get(f"/settlement?agent={shop}"), n),
                measure("GET /console/risk", get("/risk"), n),
                measure("POST /console/care (lookup)", lambda: http.post(
                    base + "/care", data={"msisdn": "+254700012345", "csrf": csrf}).status_code, n),
                measure("GET /console/audit", get("/audit"), n),
                # issue 16 (console): the terminal page, the settlement exports, the catalog history
                measure("GET /console/terminals/{id}", get(f"/terminals/{terminal}"), n),
                measure("GET /console/settlement.csv (retailer)", get(f"/settlement.csv?agent={shop}"), n),
                measure("GET /console/settlement.pdf (retailer)", get(f"/settlement.pdf?agent={shop}"), n),
                measure("GET /console/catalog", get("/catalog"), n),
            ]
            loader.join(seconds + 180)
            report = load.get("report")
            if report is not None:
                print(f"load: {report.requests} sales posted at {report.rate:.1f}/s, http {report.http}, "
                      f"errors {report.errors[:2]}")
            worst = max(rows, key=lambda r: r["p95"])
            verdict = "PASS" if worst["p95"] <= 200 else "FAIL"
            print(f"{verdict}: worst page p95 {worst['p95']:.1f} ms ({worst['page']}); target <= 200 ms; "
                  f"HTTP floor p95 {base_rows[1]['p95']:.1f} ms, raw query p95 {base_rows[0]['p95']:.1f} ms")
            return 0 if verdict == "PASS" else 1
        except BaseException:
            server.stop()
            print("server stderr (last 3,000 characters):\n" + (server.process.stderr.read() or "")[-3000:])
            raise
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
