"""Printer status from DLE EOT real-time queries (Epson ESC/POS, followed by most clones).

n=1 printer status, n=2 offline cause, n=4 paper roll sensor. Only connections that can read
(tcp, usb, serial) can ask; for the rest the state is 'unknown' until a job fails.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
QUERY_PRINTER, QUERY_OFFLINE, QUERY_PAPER = 1, 2, 4
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT = 0x04  # n=2
PAPER_STOP_BIT = 0x20  # n=2: printing stopped because the paper ran out
ERROR_BIT = 0x40  # n=2
PAPER_NEAR_END = 0x0C  # n=4
PAPER_END = 0x60  # n=4


@dataclass(frozen=True)
class PrinterState:
    """What the status bar shows. `ready` is None when we cannot tell (no reply / write-only link)."""

    uri: str
    ready: bool | None
    reachable: bool | None = None
    paper: str = "unknown"  # ok | low | out | unknown
    cover_open: bool | None = None
    message: str = ""
    checked_at_ms: int = 0

    @property
    def is_down(self) -> bool:
        return self.ready is False


def unknown_state(uri: str, message: str = "Printer status unknown") -> PrinterState:
    return PrinterState(uri, None, message=message, checked_at_ms=_now_ms())


def unreachable_state(uri: str, reason: str) -> PrinterState:
    return PrinterState(uri, False, reachable=False, message=f"Printer not reachable: {reason}",
                        checked_at_ms=_now_ms())


def decode_status(uri: str, printer: int | None, offline: int | None, paper: int | None) -> PrinterState:
    """Turn the three reply bytes (None = no reply) into a PrinterState with a clerk-ready message."""
    if printer is None and offline is None and paper is None:
        return PrinterState(uri, None, reachable=True, message="Printer connected (it does not report status)",
                            checked_at_ms=_now_ms())
    paper_level = "unknown"
    if paper is not None:
        paper_level = "out" if paper & PAPER_END == PAPER_END else "low" if paper & PAPER_NEAR_END == PAPER_NEAR_END else "ok"
    if offline is not None and offline & PAPER_STOP_BIT:
        paper_level = "out"
    cover = bool(offline & COVER_OPEN_BIT) if offline is not None else None
    problems = []
    if paper_level == "out":
        problems.append("out of paper: load a new roll")
    if cover:
        problems.append("cover open: close the cover")
    if offline is not None and offline & ERROR_BIT:
        problems.append("printer error: switch the printer off and on")
    offline_flag = printer is not None and bool(printer & OFFLINE_BIT)
    if offline_flag and not problems:
        problems.append("printer offline")
    if problems:
        return PrinterState(uri, False, True, paper_level, cover, "Printer " + "; ".join(problems),
                            _now_ms())
    message = "Printer ready" + (" (paper low)" if paper_level == "low" else "")
    return PrinterState(uri, True, True, paper_level, cover, message, _now_ms())


def _now_ms() -> int:
    return int(time.time() * 1000)
