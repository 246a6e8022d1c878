"""Run the server inside another process (desktop demo, tests): uvicorn on a background thread.

    handle = start_server("sqlite:///tmp/demo.sqlite3")      # free loopback port
    seeded = seed_demo("sqlite:///tmp/demo.sqlite3")          # {"agent_id", "enrollment_code"}
    ...  handle.url  ...
    handle.stop()
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

from .services import admin
from .services.context import open_context


@dataclass
class ServerHandle:
    url: str  # "http://127.0.0.1:PORT"
    host: str
    port: int
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _sweeper: object = field(default=None, repr=False)  # issue 15: lifespan is off here, so started by hand

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._sweeper is not None:
            self._sweeper.stop()

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(database_url: str, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0) -> ServerHandle:
    import uvicorn

    from .api.app import create_app
    app = create_app(database_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))  # bind here so port 0 gives us the real port before uvicorn starts
    actual_port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # not the main thread
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="prepaid-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the embedded prepaid server did not start")
        time.sleep(0.01)
    sweeper = app.state.charging_sweeper
    sweeper.start()
    return ServerHandle(f"http://{host}:{actual_port}", host, actual_port, server, thread, sweeper)


def seed_demo(database_url: str) -> dict[str, object]:
    """Demo agent (5,000,000 KES minor units of float) + demo catalog; returns agent_id and a fresh code."""
    return admin.seed_demo(open_context(database_url))


def issue_enrollment_code(database_url: str, agent_id: str) -> str:
    return admin.issue_enrollment_code(open_context(database_url), agent_id)


DEMO_CUSTOMERS = ("+254712345678", "+254722555111", "+254733444222")


def seed_demo_usage(database_url: str, server_url: str, *, hours: float = 3.0) -> dict[str, object]:
    """issue 15, for `pos-app --demo`: three demo customers topped up from a "Demo web shop"
    terminal of the demo agent, then a small usage simulation through the real charging API (a
    charging client enrolled on the spot), so their usage breakdown and statement are real.
    Idempotent: a database that already has the simulator's client is left alone."""
    from datetime import datetime, timezone

    from .services import catalogs, charging_clients, enrollment, ingest
    from .services.auth import AuthedTerminal
    from .simulate import ChargingClient, simulate

    ctx = open_context(database_url)
    if any(name == "demo usage simulator" for _id, name, _at, _d in charging_clients.list_clients(ctx)):
        return {"customers": list(DEMO_CUSTOMERS), "skipped": True}
    seeded = admin.seed_demo(ctx)
    e = enrollment.enroll(ctx, str(seeded["enrollment_code"]), "Demo web shop")
    shop = AuthedTerminal(e.terminal_id, e.terminal_code, e.agent_id, "KES")
    with ctx.uow() as uow:
        catalog = catalogs.current_catalog(ctx, uow)
    now = ctx.clock()
    docs = []
    for seq, (msisdn, face) in enumerate(zip(DEMO_CUSTOMERS, (50_000, 20_000, 100_000)), start=1):
        item = catalog.product("SAF-AIRTIME" if msisdn[5] in "12" else "AIR-AIRTIME")
        bonus, _ = catalog.bonus(item, face, datetime.fromtimestamp(now / 1000, tz=timezone.utc))
        docs.append({"id": f"demo-web-{seq}-{now}", "terminal_id": shop.terminal_id, "seq": seq,
                     "created_at_ms": now, "msisdn": msisdn, "operator": item.operator_code, "product": item.code,
                     "currency": catalog.currency, "face": face, "bonus": bonus, "price": face + item.fee,
                     "float_cost": face - item.commission(face), "catalog_version": catalog.version,
                     "payment_method": "mobile", "voucher_serial": None})
    ingest.ingest(ctx, shop, docs)
    client = ChargingClient.enroll(server_url, charging_clients.add_client_code(ctx, "demo usage simulator"))
    report = simulate(client, list(DEMO_CUSTOMERS), hours, seed=15)
    return {"customers": list(DEMO_CUSTOMERS), "report": report.__dict__}
