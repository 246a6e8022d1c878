"""A network (port 9100) ESC/POS receipt printer on 127.0.0.1, for tests.

It answers DLE EOT status queries like an Epson printer and records what it was sent, one
buffer per connection. Faults: refuse (just don't start one), paper out / cover open status
replies, close the connection after N bytes, stall (stop reading) after N bytes, stay silent.
"""
from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field

DLE, EOT = 0x10, 0x04
CUT = b"\x1dV"  # GS V: the cut that ends every receipt
REPLIES = {  # n -> status byte (bits 1 and 4 are always set)
    "ok": {1: 0x12, 2: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},
}


def free_port() -> int:
    """A port nobody listens on (for 'connection refused')."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrinterEmulator:
    status: str = "ok"  # ok | paper_out | cover_open
    close_after: int | None = None  # reset the connection after this many data bytes
    stall_after: int | None = None  # stop reading after this many data bytes
    silent: bool = False  # never answer status queries
    fault_connections: int | None = None  # close/stall faults hit only the first N connections
    port: int = 0  # 0: any free port; a port given again restarts "the same printer" after stop()
    jobs: list[bytearray] = field(default_factory=list)
    status_queries: int = 0

    def __post_init__(self) -> None:
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", self.port))
        self._server.listen(8)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.stalled = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        self._server.close()

    def received(self) -> bytes:
        with self._lock:
            return b"".join(bytes(j) for j in self.jobs)

    def complete_receipts(self, marker: bytes) -> int:
        """Jobs that contain `marker` and reached the cut: what the customer could walk off with."""
        with self._lock:
            return sum(1 for j in self.jobs if marker in j and CUT in j)

    def _serve(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        buf = bytearray()
        with self._lock:
            self.jobs.append(buf)
            faulty = self.fault_connections is None or len(self.jobs) <= self.fault_connections
        close_after = self.close_after if faulty else None
        stall_after = self.stall_after if faulty else None
        pending = b""
        conn.settimeout(0.2)
        with conn:
            while not self._stop.is_set():
                if stall_after is not None and len(buf) >= stall_after:
                    self.stalled.set()
                    self._stop.wait(0.1)
                    continue
                try:
                    chunk = conn.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                data, i = pending + chunk, 0
                pending = b""
                while i < len(data):
                    if data[i] == DLE:
                        if i + 2 >= len(data):  # a query split across reads: keep it for the next one
                            if i + 1 >= len(data) or data[i + 1] == EOT:
                                pending = data[i:]
                                break
                        if data[i + 1] == EOT and data[i + 2] in (1, 2, 3, 4):
                            self._answer(conn, data[i + 2])
                            i += 3
                            continue
                    with self._lock:
                        buf.append(data[i])
                    i += 1
                    if close_after is not None and len(buf) >= close_after:
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        return  # closing with linger 0 sends RST: a cable pulled mid-receipt
                    if stall_after is not None and len(buf) >= stall_after:
                        break

    def _answer(self, conn: socket.socket, n: int) -> None:
        self.status_queries += 1
        if self.silent:
            return
        try:
            conn.sendall(bytes([REPLIES[self.status].get(n, 0x12)]))
        except OSError:
            pass
