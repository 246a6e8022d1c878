"""A fault-injecting TCP proxy for the sync tests: sits between terminal and server on loopback
and, per request, passes it, drops it, delays it, or lets the server answer and then cuts the
connection before the answer reaches the terminal (the server has committed; the client can't know).
"""
from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FaultPlan:
    drop: float = 0.0  # close before the request reaches the server
    delay: float = 0.0  # hold the request for delay_s before forwarding
    delay_s: tuple[float, float] = (0.05, 0.3)
    cut_after_answer: float = 0.0  # forward, let the server answer, then cut without passing it on
    seed: int = 1


@dataclass
class FaultProxy:
    target_port: int
    plan: FaultPlan = field(default_factory=FaultPlan)
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.plan.seed)
        self._rng_lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _roll(self) -> str:
        with self._rng_lock:
            r = self._rng.random()
        p = self.plan
        for name, chance in (("drop", p.drop), ("delay", p.delay), ("cut", p.cut_after_answer)):
            if r < chance:
                return name
            r -= chance
        return "pass"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
        except OSError:
            client.close()
            return
        self._conns += [client, upstream]
        state = {"cut": False}
        closed = threading.Event()

        def close_both() -> None:
            closed.set()
            for s in (client, upstream):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

        def client_to_server() -> None:
            try:
                while not closed.is_set():
                    data = client.recv(65536)
                    if not data:
                        break
                    if not state.get("in_request"):  # the first chunk of a request decides its fate
                        fate = self._roll()
                        self.counts[fate] += 1
                        state["in_request"] = True
                        if fate == "drop":
                            close_both()
                            return
                        if fate == "delay":
                            time.sleep(random.uniform(*self.plan.delay_s))
                        state["cut"] = fate == "cut"
                    upstream.sendall(data)
            except OSError:
                pass
            close_both()

        def server_to_client() -> None:
            try:
                while not closed.is_set():
                    data = upstream.recv(65536)
                    if not data:
                        break
                    if state["cut"]:  # the server answered (and committed): the terminal never hears it
                        close_both()
                        return
                    state["in_request"] = False
                    client.sendall(data)
            except OSError:
                pass
            close_both()

        threading.Thread(target=client_to_server, daemon=True).start()
        threading.Thread(target=server_to_client, daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        for s in self._conns:
            try:
                s.close()
            except OSError:
                pass
