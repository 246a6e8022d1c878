"""Reusable helpers to run a real `pos-server` process and talk to it as an enrolled terminal.

Import from a conftest (tests/ must be on sys.path, see tests/server/conftest.py):

    from support.server import server_url, pg_server_url   # pytest fixtures
    from support.server import TerminalClient, sale_doc    # plain helpers

`server_url` starts `pos-server` on a free loopback port with a temp SQLite DB, seeds the demo
agent and catalog, and gives a `RunningServer` (url, enrollment_code, agent_id, database_url).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests

from topup_core.catalog import Catalog
from topup_core.signing import signed_headers

REPO = Path(__file__).resolve().parents[2]
DEMO_CATALOG = REPO / "resources" / "demo" / "catalog_ke.json"
PG_ADMIN_URL = os.environ.get("POS_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `pos-server --database-url URL ARGS...` and return the finished process."""
    proc = subprocess.run([sys.executable, "-m", "prepaid_server.cli", "--database-url", database_url, *args],
                          capture_output=True, text=True, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"pos-server {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc


@dataclass
class RunningServer:
    url: str  # http://127.0.0.1:PORT
    database_url: str
    agent_id: str
    enrollment_code: str  # one-time; call issue_code() for more terminals
    process: subprocess.Popen = field(repr=False)

    def issue_code(self, agent_id: str | None = None) -> str:
        from prepaid_server.embedded import issue_enrollment_code
        return issue_enrollment_code(self.database_url, agent_id or self.agent_id)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_cli(self.database_url, *args, check=check)

    def enroll(self, label: str = "Till") -> "TerminalClient":
        return TerminalClient.enroll(self.url, self.issue_code(), label)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        from prepaid_server.store.engine import dispose_engine
        dispose_engine(self.database_url)


def start_server(database_url: str, *, seed: bool = True, extra_args: tuple[str, ...] = ()) -> RunningServer:
    """Seed (in-process, same code as `pos-server seed-demo`) and start a `pos-server` subprocess;
    waits until /api/v1/health answers."""
    agent_id = code = ""
    if seed:
        from prepaid_server.embedded import seed_demo
        seeded = seed_demo(database_url)
        agent_id, code = str(seeded["agent_id"]), str(seeded["enrollment_code"])
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "prepaid_server.cli", "--database-url", database_url, "--port", str(port), *extra_args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"pos-server exited: {process.stderr.read()[-2000:]}")
        try:
            if requests.get(url + "/api/v1/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("pos-server did not start in 30 s")
        time.sleep(0.05)
    return RunningServer(url, database_url, agent_id, code, process)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for one test (dropped afterwards)."""
    from sqlalchemy import create_engine, text
    name = f"pos_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        from prepaid_server.store.engine import dispose_engine
        dispose_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def server_on(backend: str, directory: Path) -> Iterator[RunningServer]:
    """A real server with the demo data on `backend` ("sqlite": a file in `directory`, or
    "postgresql": a fresh database), stopped afterwards: the body of every per-database fixture."""
    if backend == "sqlite":
        running = start_server(f"sqlite:///{directory / 'server.sqlite3'}")
        try:
            yield running
        finally:
            running.stop()
        return
    with postgres_database() as url:
        running = start_server(url)
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[RunningServer]:
    """A real pos-server on loopback with a temp SQLite DB and demo data."""
    server = start_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_server_url() -> Iterator[RunningServer]:
    """The same on a throwaway PostgreSQL database."""
    with postgres_database() as url:
        server = start_server(url)
        try:
            yield server
        finally:
            server.stop()


# ---------------------------------------------------------------- terminal side


class TerminalClient:
    """An enrolled terminal that signs every request like pos_app/sync does."""

    def __init__(self, base_url: str, terminal_id: str, secret: bytes, terminal_code: str = "", agent_id: str = ""):
        self.base_url = base_url.rstrip("/")
        self.terminal_id = terminal_id
        self.secret = secret
        self.terminal_code = terminal_code
        self.agent_id = agent_id
        self.session = requests.Session()
        self.seq = 0
        self._catalog: Catalog | None = None

    @classmethod
    def enroll(cls, base_url: str, code: str, label: str = "Till") -> "TerminalClient":
        import base64
        r = requests.post(base_url.rstrip("/") + "/api/v1/enroll", json={"code": code, "label": label}, timeout=10)
        assert r.status_code == 201, r.text
        body = r.json()
        return cls(base_url, body["terminal_id"], base64.b64decode(body["secret"]), body["terminal_code"],
                   body["agent_id"])

    def request(self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None,
                timestamp_ms: int | None = None, raw: bytes | None = None) -> requests.Response:
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        signed = signed_headers(self.terminal_id, self.secret, method, path, data,
                                timestamp_ms if timestamp_ms is not None else now_ms())
        all_headers = {"Content-Type": "application/json", **signed, **(headers or {})}
        return self.session.request(method, self.base_url + path, data=data, headers=all_headers, timeout=30)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any, **kw: Any) -> requests.Response:
        return self.request("POST", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, **kw)

    def catalog(self) -> Catalog:
        if self._catalog is None:
            r = self.get("/api/v1/catalog")
            assert r.status_code == 200, r.text
            self._catalog = Catalog.from_dict(r.json())
        return self._catalog

    def sale(self, face: int = 10_000, msisdn: str | None = None, product: str = "SAF-AIRTIME",
             seq: int | None = None, **overrides: Any) -> dict[str, Any]:
        """A correctly priced sale document with the next seq (or the one given)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        return sale_doc(self.catalog(), self.terminal_id, seq, face=face, msisdn=msisdn, product=product,
                        **overrides)

    def send_batch(self, sales: list[dict[str, Any]]) -> requests.Response:
        return self.post("/api/v1/sales/batch", {"sales": sales})


_msisdn_counter = iter(range(10**6))


def unique_msisdn() -> str:
    """A valid Safaricom number not used by any other sale in this test run."""
    return f"+2547{(next(_msisdn_counter) * 7919 + os.getpid()) % 10**8:08d}"


def sale_doc(catalog: Catalog, terminal_id: str, seq: int, *, face: int = 10_000, msisdn: str | None = None,
             product: str = "SAF-AIRTIME", created_at_ms: int | None = None, **overrides: Any) -> dict[str, Any]:
    """Price a sale exactly as the terminal does (pos_app.domain) and return its wire document."""
    at_ms = created_at_ms if created_at_ms is not None else now_ms()
    item = catalog.product(product)
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    bonus, _ = catalog.bonus(item, face, at)
    doc = {
        "id": str(uuid.uuid4()), "terminal_id": terminal_id, "seq": seq, "created_at_ms": at_ms,
        "msisdn": msisdn or unique_msisdn(), "operator": item.operator_code, "product": item.code,
        "currency": catalog.currency, "face": face, "bonus": bonus, "price": face + item.fee,
        "float_cost": face - item.commission(face), "catalog_version": catalog.version,
        "payment_method": "cash", "voucher_serial": None,
    }
    doc.update(overrides)
    return doc
