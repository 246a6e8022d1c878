"""Getting bytes onto a printer, and knowing what happened.

Outcomes, chosen so that a receipt is never printed twice by accident:
- PRINTED: the printer took every byte (on links that can read, it answered a status query sent
  after the receipt, which it can only do once it has read everything before it).
- RETRY: nothing, or not all, of the receipt reached the printer (no cut was sent): safe to resend.
- FAILED: the printer said it cannot print (paper out, cover open): tell the clerk at once.
- IN_DOUBT: every byte left us but the printer never confirmed: it may have printed. Only the
  clerk can decide; a reprint is a COPY.
"""
from __future__ import annotations

import contextlib
import logging
import os
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .status import DLE_EOT, QUERY_OFFLINE, QUERY_PAPER, QUERY_PRINTER, PrinterState, decode_status, unreachable_state
from .uri import PrinterUri

log = logging.getLogger(__name__)

PRINTED, RETRY, FAILED, IN_DOUBT = "printed", "retry", "failed", "in_doubt"
CONNECT_TIMEOUT_S = 4.0
STATUS_TIMEOUT_S = 1.5
CONFIRM_TIMEOUT_S = 10.0  # a busy printer reads a status query only after the receipt ahead of it


@dataclass(frozen=True)
class Delivery:
    outcome: str
    message: str
    state: PrinterState | None = None
    sent: bool = False  # some bytes of the job may have reached the printer (False: it took none)


class _LinkClosed(ConnectionError):
    pass


def open_device(uri: PrinterUri, timeout: float = CONNECT_TIMEOUT_S):  # noqa: ANN201 - an escpos printer
    """An opened python-escpos printer for the URI (not for pdf://). Raises on failure."""
    from escpos import printer as p

    kw = {"profile": uri.profile}
    if uri.scheme == "tcp":
        device = p.Network(uri.target, uri.port, timeout=timeout, **kw)
    elif uri.scheme == "usb":
        vid, pid = uri.usb_ids
        ep = {k: int(uri.params[k], 0) for k in ("in_ep", "out_ep") if k in uri.params}
        device = p.Usb(vid, pid, timeout=int(timeout * 1000), **ep, **kw)
    elif uri.scheme == "serial":
        device = p.Serial(uri.target, baudrate=int(uri.params.get("baudrate", 9600)), timeout=STATUS_TIMEOUT_S, **kw)
    elif uri.scheme == "file":
        device = p.File(uri.target, **kw)
    elif uri.scheme == "cups":
        device = p.CupsPrinter(uri.target, **kw)
    elif uri.scheme == "win32":
        device = p.Win32Raw(uri.target, **kw)
    elif uri.scheme == "dummy":
        device = p.Dummy(**kw)
    else:
        raise ValueError(f"{uri.scheme}:// is not an ESC/POS device")
    device.open()
    return device


def _close(device) -> None:  # noqa: ANN001
    with contextlib.suppress(Exception):
        device.close()


def _set_read_timeout(device, uri: PrinterUri, seconds: float) -> None:  # noqa: ANN001
    if uri.scheme == "tcp":
        device.device.settimeout(seconds)
    elif uri.scheme == "serial":
        device.device.timeout = seconds


def query(device, uri: PrinterUri, n: int, timeout: float = STATUS_TIMEOUT_S) -> int | None:  # noqa: ANN001
    """Send DLE EOT n and return the reply byte, None if the printer stays silent."""
    _set_read_timeout(device, uri, timeout)
    device._raw(DLE_EOT + bytes([n]))
    try:
        reply = device._read()
    except (TimeoutError, socket.timeout):
        return None
    except Exception as exc:  # usb.core.USBTimeoutError and friends
        if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
            return None
        raise
    if not reply:
        if uri.scheme == "tcp":  # recv() == b"" is the peer closing, not silence
            raise _LinkClosed("the printer closed the connection")
        return None
    return reply[-1]


def read_state(device, uri: PrinterUri) -> PrinterState:  # noqa: ANN001
    first = query(device, uri, QUERY_PRINTER)
    if first is None:  # a printer that does not answer will not answer the next two either
        return decode_status(uri.raw, None, None, None)
    return decode_status(uri.raw, first, query(device, uri, QUERY_OFFLINE), query(device, uri, QUERY_PAPER))


def probe(uri: PrinterUri) -> PrinterState:
    """Connect, ask, disconnect. Blocking (seconds at worst): call it off the UI thread."""
    if uri.is_pdf:
        folder = Path(uri.target)
        try:  # a folder not made yet is ready only if it can be made (the first PDF would make it)
            folder.mkdir(parents=True, exist_ok=True)
            ok = folder.is_dir() and os.access(folder, os.W_OK)
        except OSError:
            ok = False
        return PrinterState(uri.raw, ok, True, "ok", False, "PDF folder ready" if ok else f"Cannot write to {folder}")
    try:
        device = open_device(uri)
    except Exception as exc:
        return unreachable_state(uri.raw, _reason(exc))
    try:
        if not uri.can_read_status:
            return PrinterState(uri.raw, None, True, message="Printer connected (this link cannot report status)")
        return read_state(device, uri)
    except Exception as exc:
        return unreachable_state(uri.raw, _reason(exc))
    finally:
        _close(device)


def deliver(uri: PrinterUri, data: bytes) -> Delivery:
    """Send one job's ESC/POS bytes to the printer at `uri` (see module doc for outcomes)."""
    try:
        device = open_device(uri)
    except Exception as exc:
        state = unreachable_state(uri.raw, _reason(exc))
        return Delivery(RETRY, state.message, state)
    try:
        state, answers = None, False
        if uri.can_read_status:
            try:
                state = read_state(device, uri)
            except Exception as exc:
                state = unreachable_state(uri.raw, _reason(exc))
                return Delivery(RETRY, state.message, state)
            answers = state.ready is not None
            if state.is_down:  # fail fast: nothing is sent to a printer that said it cannot print
                return Delivery(FAILED, state.message, state)
        try:
            device._raw(data)
            if uri.scheme == "cups":
                device.send()
        except Exception as exc:
            return Delivery(RETRY, f"Connection lost before the whole receipt reached the printer ({_reason(exc)})",
                            unreachable_state(uri.raw, _reason(exc)), sent=True)
        if answers:
            try:
                confirm = query(device, uri, QUERY_PRINTER, CONFIRM_TIMEOUT_S)
            except Exception as exc:
                return Delivery(IN_DOUBT, "The connection broke after the receipt was sent: check whether it "
                                f"printed before reprinting ({_reason(exc)})", unreachable_state(uri.raw, _reason(exc)),
                                sent=True)
            if confirm is None:
                return Delivery(IN_DOUBT, "The printer stopped answering after the receipt was sent: check "
                                "whether it printed before reprinting", state, sent=True)
        return Delivery(PRINTED, "Printed", state, sent=True)
    finally:
        _close(device)


def write_pdf(uri: PrinterUri, filename: str, pdf: bytes) -> Delivery:
    """pdf:// 'printer': the file appears whole or not at all (temp file + atomic rename)."""
    folder = Path(uri.target).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / filename)
    except OSError as exc:
        return Delivery(FAILED, f"Cannot save the PDF receipt in {folder}: {exc.strerror or exc}")
    return Delivery(PRINTED, f"Saved {folder / filename}", sent=True)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().replace("\n", " ")
    return text or type(exc).__name__
