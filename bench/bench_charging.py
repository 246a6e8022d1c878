"""Real-time charging on PostgreSQL (issue 15): session updates per second and latency, against the
database's own limit measured in the same run.

    session updates, sustained   closed loop from G generator processes      target >= 2,000/s
    session updates at 500/s     open loop, latency from the scheduled time  target p99 <= 20 ms

Baseline first (pgbench, same sitting): the shape of one charging update in plain SQL, one
subscriber row of N updated and one row inserted per transaction, with as many clients as there
are generators. Each generator is its own process, enrolled as its own charging client (one-time
code from `pos-server charging-client add`), with its own subscribers: it opens one voice session
per subscriber and then sends CCR-Updates round-robin (used 1 s, reserve 1 s more), signing every
request. `pos-server ledger-check` runs after.

    .venv/bin/python bench/bench_charging.py                       # PostgreSQL, 2 server workers
    .venv/bin/python bench/bench_charging.py --workers 1 --seconds 5 --generators 4
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_server_realtime import database  # noqa: E402
from pgbench_baseline import PG_HOST, PG_PORT, PG_USER, _psql  # noqa: E402
from support.server import start_server  # noqa: E402

from topup_core.signing import signed_headers  # noqa: E402

BASELINE_SCHEMA = """
CREATE TABLE subscriber (id int PRIMARY KEY, balance bigint NOT NULL);
CREATE TABLE usage_row (id bigserial PRIMARY KEY, subscriber_id int NOT NULL, amount bigint NOT NULL,
                        at timestamptz NOT NULL DEFAULT now());
INSERT INTO subscriber SELECT g, 100000000 FROM generate_series(1, {n}) g;
"""
BASELINE_SCRIPT = """\\set sid random(1, {n})
BEGIN;
SELECT balance FROM subscriber WHERE id = :sid FOR UPDATE;
UPDATE subscriber SET balance = balance - 7 WHERE id = :sid;
INSERT INTO usage_row (subscriber_id, amount) VALUES (:sid, 7);
END;
"""


def pgbench_baseline(clients: int, subscribers: int, seconds: float) -> dict:
    if shutil.which("pgbench") is None:
        raise SystemExit("pgbench is not installed")
    name = f"pgbench_chg_{uuid.uuid4().hex[:10]}"
    _psql("postgres", f'CREATE DATABASE "{name}"')
    try:
        _psql(name, BASELINE_SCHEMA.format(n=subscribers))
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "charge.sql"
            script.write_text(BASELINE_SCRIPT.format(n=subscribers))
            out = subprocess.run(["pgbench", "-n", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-c", str(clients),
                                  "-j", str(min(clients, 4)), "-T", str(max(1, round(seconds))), "-f", str(script),
                                  name], check=True, capture_output=True, text=True).stdout
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    return {"clients": clients, "subscribers": subscribers, "tps": round(float(tps.group(1)), 1),
            "latency_ms": float(latency.group(1)) if latency else None}


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class _Client:
    def __init__(self, base_url: str, client_id: str, secret_b64: str) -> None:
        parts = urlsplit(base_url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.client_id, self.secret = client_id, base64.b64decode(secret_b64)

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json",
                   **signed_headers(self.client_id, self.secret, "POST", path, data, _now_ms())}
        for attempt in (1, 2):
            try:
                self.conn.request("POST", path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, json.loads(r.read() or b"{}")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _generator(pipe, base_url: str, cred: dict, msisdns: list[str], seconds: float, rate: float | None,  # noqa: ANN001
               start_at: float) -> None:
    try:
        client = _Client(base_url, cred["client_id"], cred["secret"])
        sessions = []
        for m in msisdns:
            sid = f"b-{uuid.uuid4().hex[:16]}"
            status, body = client.post("/api/v1/charging/sessions", {"session_id": sid, "request_number": 0,
                                                                     "msisdn": m, "service": "voice",
                                                                     "requested_units": 61})
            if status != 200 or body["granted_units"] != 61:
                raise RuntimeError(f"open failed: {status} {body}")
            sessions.append([sid, 0])
        latencies, statuses = [], {}
        while time.time() < start_at:
            time.sleep(0.001)
        t0 = time.perf_counter()
        end, interval, next_at, i = t0 + seconds, (1.0 / rate if rate else 0.0), t0, 0
        while True:
            now = time.perf_counter()
            if now >= end:
                break
            if interval:
                if next_at > now:
                    time.sleep(next_at - now)
                scheduled, next_at = next_at, next_at + interval
            else:
                scheduled = now
            s = sessions[i % len(sessions)]
            i += 1
            s[1] += 1
            status, _ = client.post(f"/api/v1/charging/sessions/{s[0]}/update",
                                    {"request_number": s[1], "used_units": 1, "requested_units": 1})
            latencies.append((time.perf_counter() - scheduled) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        pipe.send({"latencies": latencies, "http": statuses, "elapsed": time.perf_counter() - t0})
    except Exception as exc:  # noqa: BLE001
        pipe.send({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        pipe.close()


def run(base_url: str, creds: list[dict], numbers: list[list[str]], seconds: float, rate: float | None) -> dict:
    ctx = mp.get_context("spawn")
    start_at = time.time() + 3.0 + 0.3 * len(creds)
    procs, pipes = [], []
    for cred, msisdns in zip(creds, numbers):
        parent, child = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_generator, args=(child, base_url, cred, msisdns, seconds,
                                                 rate / len(creds) if rate else None, start_at), daemon=True)
        p.start()
        procs.append(p)
        pipes.append(parent)
    lat, http_, elapsed, errors = [], {}, [], []
    for p, pipe in zip(procs, pipes):
        result = pipe.recv() if pipe.poll(seconds + 120) else {"error": "no report"}
        p.join(10)
        if "error" in result:
            errors.append(result["error"])
            continue
        lat += result["latencies"]
        elapsed.append(result["elapsed"])
        for k, v in result["http"].items():
            http_[k] = http_.get(k, 0) + v
    lat.sort()
    pct = lambda q: round(lat[min(len(lat) - 1, int(round(q / 100 * (len(lat) - 1))))], 2) if lat else None  # noqa: E731
    span = max(elapsed, default=0.0)
    return {"generators": len(creds), "updates": len(lat), "seconds": round(span, 2),
            "updates_per_s": round(len(lat) / span, 1) if span else 0.0, "p50_ms": pct(50), "p99_ms": pct(99),
            "max_ms": round(lat[-1], 2) if lat else None, "http": http_, "errors": errors[:3]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--generators", type=int, default=6)
    p.add_argument("--subscribers", type=int, default=20, help="per generator")
    p.add_argument("--rate", type=float, default=500.0, help="open-loop total rate for the latency phase")
    p.add_argument("--profile", metavar="FILE", help="py-spy the server (use --workers 1) during the sustained "
                   "phase; raw samples to FILE, shares printed by bench/profile_server.py's shares()")
    p.add_argument("--skip-rate", action="store_true", help="only the sustained phase")
    p.add_argument("--gil", action="store_true", help="with --profile: only samples holding the GIL (CPU)")
    args = p.parse_args()
    out: dict = {"cpus": os.cpu_count(), "workers": args.workers}
    out["pgbench_baseline"] = pgbench_baseline(args.generators, args.generators * args.subscribers, args.seconds)
    print(json.dumps({"pgbench_baseline": out["pgbench_baseline"]}), flush=True)
    with database("postgresql") as url:
        server = start_server(url, extra_args=("--workers", str(args.workers)) if args.workers > 1 else ())
        try:
            for rule in ("repeat_msisdn", "amount_spike", "daily_cap"):
                server.cli("risk-rule", rule, "off")
            server.cli("deposit", server.agent_id, str(10**13))
            till = server.enroll("Bench till")
            total = args.generators * args.subscribers
            numbers = [f"+2547{20_000_000 + i:08d}" for i in range(total)]
            for start in range(0, total, 250):
                docs = [till.sale(face=1_000_000, msisdn=n) for n in numbers[start:start + 250]]
                r = till.send_batch(docs)
                assert all(x["status"] == "accepted" for x in r.json()["results"]), r.text[:300]
            from prepaid_server.simulate import ChargingClient
            def creds() -> list[dict]:  # noqa: E306
                out_ = []
                for i in range(args.generators):
                    code = server.cli("charging-client", "add", f"bench-{i}-{uuid.uuid4().hex[:4]}").stdout.strip()
                    c = ChargingClient.enroll(server.url, code).credential()
                    out_.append({"client_id": c["client_id"], "secret": c["secret"]})
                return out_
            per = [numbers[i * args.subscribers:(i + 1) * args.subscribers] for i in range(args.generators)]
            spy = None
            if args.profile:
                spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "-p",
                                        str(server.process.pid), "-d", str(int(args.seconds + 6)), "-r", "100",
                                        "-f", "raw", "-o", args.profile, "--nonblocking", *(["--gil"] if args.gil else [])],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out["sustained"] = run(server.url, creds(), per, args.seconds, None)
            if spy is not None:
                spy.wait()
            out["sustained"]["ratio_to_pgbench"] = round(out["sustained"]["updates_per_s"]
                                                         / out["pgbench_baseline"]["tps"], 3)
            print(json.dumps({"sustained": out["sustained"]}), flush=True)
            if not args.skip_rate:
                out["at_rate"] = run(server.url, creds(), per, args.seconds, args.rate)
                out["at_rate"]["rate"] = args.rate
                print(json.dumps({"at_rate": out["at_rate"]}), flush=True)
            check = server.cli("ledger-check", check=False)
            out["ledger_check"] = (check.stdout or check.stderr).strip()
        finally:
            server.stop()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
