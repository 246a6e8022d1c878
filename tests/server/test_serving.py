"""Keep-alive requests must not wait on delayed ACKs: every accepted connection gets TCP_NODELAY,
with one server process or several (uvicorn's own --workers binding loses it, uvicorn#3149)."""
from __future__ import annotations

import asyncio
import socket
import statistics
import time

import requests

from prepaid_server.serving import listening_socket
from support.server import postgres_database, start_server


def test_accepted_connections_get_tcp_nodelay():
    """What asyncio does with our listening socket: the accepted connection has NODELAY set."""
    sock = listening_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    seen: list[int] = []

    async def main() -> None:
        async def on_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_client, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(main())
    assert seen and seen[0] != 0


def test_a_socket_without_ipproto_tcp_would_lose_it():
    """The guard above is meaningful: uvicorn's proto-0 socket gives accepted connections no NODELAY."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # as uvicorn's Config.bind_socket makes it
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    seen: list[int] = []

    async def main() -> None:
        async def on_client(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_client, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(main())
    assert seen == [0]


def test_keep_alive_health_is_fast_with_two_workers():
    """End to end: `pos-server --workers 2` on PostgreSQL, one keep-alive session. A delayed ACK
    costs ~40 ms per request; the median must be far below that."""
    with postgres_database() as url:
        server = start_server(url, extra_args=("--workers", "2"))
        try:
            session = requests.Session()
            times = []
            for _ in range(40):
                started = time.perf_counter()
                assert session.get(server.url + "/api/v1/health", timeout=5).status_code == 200
                times.append((time.perf_counter() - started) * 1000)
            assert statistics.median(times[5:]) < 20, times
        finally:
            server.stop()
