"""Serving the API with uvicorn, one process or several, on a listening socket we bind ourselves.

Why we bind it: uvicorn's `--workers N` supervisor binds with `socket.socket(family)`, so the socket's
`proto` is 0, and asyncio only sets TCP_NODELAY on accepted sockets whose `proto` is IPPROTO_TCP
(Kludex/uvicorn#3149, fix proposed in #3155). Without NODELAY every keep-alive request after the
first waits on the client's delayed ACK, about 40 ms on Linux, and a terminal keeps one session
open. A socket made with IPPROTO_TCP gives every accepted connection NODELAY, in every worker.
tests/server/test_serving.py fails if this regresses.
"""
from __future__ import annotations

import os
import socket
import tempfile
from typing import Any


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (IPPROTO_TCP, so accepted connections get TCP_NODELAY), inheritable by workers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(database_url: str, host: str, port: int, *, workers: int = 1, log_level: str = "warning",
          log_format: str = "json", **uvicorn_options: Any) -> int:
    """Serve until stopped. `workers > 1` needs PostgreSQL (SQLite has a single writer)."""
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics to files here; /metrics in any worker sums them all.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pos-server-metrics-")
    os.environ["POS_SERVER_LOG_LEVEL"], os.environ["POS_SERVER_LOG_FORMAT"] = log_level, log_format
    import uvicorn

    from .api.app import create_app
    from .api.observability import configure_logging

    configure_logging(log_level, log_format)
    uvicorn_options.setdefault("log_config", None)  # uvicorn's loggers go through ours (JSON lines)

    if workers > 1:
        if database_url.startswith("sqlite"):
            raise SystemExit("--workers > 1 needs PostgreSQL (SQLite has a single writer)")
        create_app(database_url)  # migrate once, before the workers start
        os.environ["POS_SERVER_DATABASE_URL"] = database_url
        config = uvicorn.Config("prepaid_server.api.app:app_from_env", factory=True, host=host, port=port,
                                workers=workers, log_level=log_level, access_log=False, **uvicorn_options)
    else:
        config = uvicorn.Config(create_app(database_url), host=host, port=port, log_level=log_level,
                                access_log=False, **uvicorn_options)
    sock = listening_socket(host, port)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
    return 0
