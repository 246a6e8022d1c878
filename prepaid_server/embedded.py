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

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)

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
    return ServerHandle(f"http://{host}:{actual_port}", host, actual_port, server, thread)


def seed_demo(database_url: str) -> dict[str, object]:
    """Demo agent (5,000,000 KES minor units of float) + demo catalog; returns agent_id and a fresh code."""
    return admin.seed_demo(open_context(database_url))


def issue_enrollment_code(database_url: str, agent_id: str) -> str:
    return admin.issue_enrollment_code(open_context(database_url), agent_id)
