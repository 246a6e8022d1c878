"""Load generators for the prepaid server, each in its own process with its own enrolled terminal,
so the generator's GIL is never the measured server's (or the measured terminal's) limit.

A generator speaks the protocol directly (http.client keep-alive, HMAC signing from topup_core):
    closed loop   send the next request as soon as the last one was answered (max throughput)
    open loop     send at a fixed schedule; latency counts from the scheduled time, so a stall is
                  never hidden by waiting for it (no coordinated omission)
Modes: `single` (POST /api/v1/sales), `batch` (POST /api/v1/sales/batch), `health` (GET /api/v1/health).

    from loadgen import run_generators
    report = run_generators(base_url, codes, mode="single", seconds=10, rate=200)
    report.rate, report.p(50), report.p(99), report.statuses
"""
from __future__ import annotations

import base64
import http.client
import json
import multiprocessing as mp
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from topup_core.catalog import Catalog
from topup_core.signing import signed_headers


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    secret_b64: str
    catalog: dict


def enroll_all(base_url: str, codes: list[str]) -> list[Enrolled]:
    """Enroll one terminal per code, one after the other (the parent does this before the clock
    starts, so enrollment never counts in a measurement), and fetch the catalog once."""
    out: list[Enrolled] = []
    catalog: dict | None = None
    for i, code in enumerate(codes):
        terminal = _Terminal(base_url)
        status, body = terminal._send("POST", "/api/v1/enroll",
                                      json.dumps({"code": code, "label": f"load-{i}"}).encode(), signed=False)
        if status != 201:
            raise RuntimeError(f"enroll failed: {status} {body[:200]!r}")
        doc = json.loads(body)
        terminal.terminal_id, terminal.secret = doc["terminal_id"], base64.b64decode(doc["secret"])
        if catalog is None:
            status, body = terminal._send("GET", "/api/v1/catalog", b"")
            if status != 200:
                raise RuntimeError(f"catalog failed: {status} {body[:200]!r}")
            catalog = json.loads(body)
        terminal.conn.close()
        out.append(Enrolled(doc["terminal_id"], doc["secret"], catalog))
    return out


class _Terminal:
    """One enrolled terminal on one keep-alive connection."""

    def __init__(self, base_url: str, enrolled: Enrolled | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.seq = 0
        if enrolled is not None:
            self.terminal_id, self.secret = enrolled.terminal_id, base64.b64decode(enrolled.secret_b64)
            self.catalog = Catalog.from_dict(enrolled.catalog)
            self.product = self.catalog.product("SAF-AIRTIME")

    def _send(self, method: str, path: str, body: bytes, *, signed: bool = True) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if signed:
            headers.update(signed_headers(self.terminal_id, self.secret, method, path, body, _now_ms()))
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()  # the server closed a kept-alive connection: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def sale_doc(self) -> dict:
        self.seq += 1
        face = 1_000 + 100 * (self.seq % 400)
        at_ms = _now_ms()
        bonus, _ = self.catalog.bonus(self.product, face, datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc))
        return {"id": str(uuid.uuid4()), "terminal_id": self.terminal_id, "seq": self.seq, "created_at_ms": at_ms,
                "msisdn": f"+2547{(os.getpid() * 100_003 + self.seq * 7_919) % 10**8:08d}", "operator": "SAF",
                "product": self.product.code, "currency": self.catalog.currency, "face": face, "bonus": bonus,
                "price": face + self.product.fee, "float_cost": face - self.product.commission(face),
                "catalog_version": self.catalog.version, "payment_method": "cash", "voucher_serial": None}

    def one(self, mode: str, batch: int) -> tuple[int, list[str]]:
        """Send one request of `mode`; returns (HTTP status, item statuses)."""
        if mode == "health":
            status, _ = self._send("GET", "/api/v1/health", b"", signed=False)
            return status, []
        if mode == "single":
            status, body = self._send("POST", "/api/v1/sales", json.dumps(self.sale_doc()).encode())
            return status, [json.loads(body).get("status", "?")] if status == 200 else []
        docs = [self.sale_doc() for _ in range(batch)]
        status, body = self._send("POST", "/api/v1/sales/batch", json.dumps({"sales": docs}).encode())
        return status, [r["status"] for r in json.loads(body)["results"]] if status == 200 else []


def _generator(pipe, base_url: str, enrolled: Enrolled, mode: str, seconds: float, rate: float | None,  # noqa: ANN001
               batch: int, start_at: float) -> None:
    try:
        terminal = _Terminal(base_url, enrolled)
        for _ in range(3):  # warm the connection and the server's caches for this terminal
            terminal.one(mode, batch)
        latencies: list[float] = []
        http_statuses: dict[int, int] = {}
        items: dict[str, int] = {}
        while time.time() < start_at:
            time.sleep(0.001)
        t0 = time.perf_counter()
        end = t0 + seconds
        interval = 1.0 / rate if rate else 0.0
        next_at = t0
        while True:
            now = time.perf_counter()
            if now >= end:
                break
            if interval:
                if next_at > now:
                    time.sleep(next_at - now)
                scheduled = next_at
                next_at += interval
            else:
                scheduled = now
            status, answers = terminal.one(mode, batch)
            latencies.append((time.perf_counter() - scheduled) * 1000)
            http_statuses[status] = http_statuses.get(status, 0) + 1
            for a in answers:
                items[a] = items.get(a, 0) + 1
        elapsed = time.perf_counter() - t0
        pipe.send({"latencies": latencies, "http": http_statuses, "items": items, "elapsed": elapsed,
                   "requests": len(latencies)})
    except Exception as exc:  # noqa: BLE001 - reported to the parent, never silently lost
        pipe.send({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        pipe.close()


@dataclass
class LoadReport:
    mode: str
    generators: int
    seconds: float
    requests: int = 0
    sales: int = 0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    http: dict[int, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Requests per second the generators achieved (sales/s for `single`)."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def sales_rate(self) -> float:
        return self.sales / self.seconds if self.seconds else 0.0

    def p(self, pct: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]

    def summary(self) -> dict:
        return {"mode": self.mode, "generators": self.generators, "seconds": round(self.seconds, 2),
                "requests": self.requests, "achieved_per_s": round(self.rate, 1),
                "sales_per_s": round(self.sales_rate, 1), "p50_ms": round(self.p(50), 2),
                "p99_ms": round(self.p(99), 2), "max_ms": round(max(self.latencies_ms, default=float("nan")), 2),
                "http": self.http, "items": self.statuses, "errors": self.errors[:3]}


def run_generators(base_url: str, codes: list[str], *, mode: str, seconds: float, rate: float | None = None,
                   batch: int = 250) -> LoadReport:
    """One process per enrollment code. `rate` (total per second, open loop) or None (closed loop)."""
    terminals = enroll_all(base_url, codes)
    ctx = mp.get_context("spawn")  # a clean interpreter: no inherited threads or sockets
    start_at = time.time() + 2.0 + 0.25 * len(codes)  # after every generator has started and warmed up
    per_rate = rate / len(codes) if rate else None
    procs, pipes = [], []
    for enrolled in terminals:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_generator, args=(child, base_url, enrolled, mode, seconds, per_rate, batch,
                                                    start_at), daemon=True)
        proc.start()
        procs.append(proc)
        pipes.append(parent)
    report = LoadReport(mode, len(codes), 0.0)
    elapsed = []
    for proc, pipe in zip(procs, pipes):
        result = pipe.recv() if pipe.poll(seconds + 120) else {"error": "generator did not report"}
        proc.join(10)
        if "error" in result:
            report.errors.append(result["error"])
            continue
        report.requests += result["requests"]
        report.latencies_ms += result["latencies"]
        elapsed.append(result["elapsed"])
        for k, v in result["http"].items():
            report.http[k] = report.http.get(k, 0) + v
        for k, v in result["items"].items():
            report.statuses[k] = report.statuses.get(k, 0) + v
    report.seconds = max(elapsed, default=0.0)
    report.sales = sum(v for k, v in report.statuses.items() if k in ("accepted", "duplicate", "rejected"))
    return report
