"""Printer addresses: `scheme://target?profile=NAME&width=58|80&...` parsed into a PrinterUri.

Schemes: tcp://HOST[:9100], usb://VID:PID, serial:///dev/ttyUSB0?baudrate=9600, file:///dev/usb/lp0,
cups://QUEUE, win32://NAME, dummy://, pdf://DIR (ours: a PDF receipt per job written into DIR).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import PrinterUriError

SCHEMES = ("tcp", "usb", "serial", "file", "cups", "win32", "dummy", "pdf")
# Character columns of font A and dots across the printable width (203 dpi heads).
COLUMNS = {58: 32, 80: 48}
PIXELS = {58: 384, 80: 576}
DEFAULT_TCP_PORT = 9100
KNOWN_PARAMS = {"profile", "width", "baudrate", "timeout", "in_ep", "out_ep", "drawer"}


@dataclass(frozen=True)
class PrinterUri:
    raw: str
    scheme: str
    target: str  # host, queue, device path or directory (empty for dummy)
    port: int | None = None
    usb_ids: tuple[int, int] | None = None
    profile: str | None = None
    width_mm: int = 80
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def columns(self) -> int:
        """Columns of the layout: the width's standard, fewer if the profile's font A says so."""
        cols = COLUMNS[self.width_mm]
        if self.profile:
            cols = min(cols, _profile_columns(self.profile) or cols)
        return cols

    @property
    def pixels(self) -> int:
        px = _profile_pixels(self.profile) if self.profile else None
        return min(px, PIXELS[self.width_mm]) if px else PIXELS[self.width_mm]

    @property
    def can_read_status(self) -> bool:
        """Connections that can answer DLE EOT status queries."""
        return self.scheme in ("tcp", "usb", "serial")

    @property
    def is_pdf(self) -> bool:
        return self.scheme == "pdf"

    def __str__(self) -> str:
        return self.raw


def parse_printer_uri(text: str) -> PrinterUri:
    """Parse and validate; raises PrinterUriError with a sentence naming what is wrong."""
    raw = (text or "").strip()
    if "://" not in raw:
        raise PrinterUriError(f"{raw!r} is not a printer address; use e.g. tcp://192.168.1.50:9100, "
                              "usb://04b8:0202, serial:///dev/ttyUSB0, cups://QUEUE, pdf://DIR or dummy://")
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise PrinterUriError(f"Unknown printer type {scheme!r}; use one of: " + ", ".join(SCHEMES))
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = set(params) - KNOWN_PARAMS
    if unknown:
        raise PrinterUriError(f"Unknown printer option(s) {', '.join(sorted(unknown))} in {raw!r}")
    profile = params.get("profile") or None
    if profile:
        _check_profile(profile)
    width = _width(params.get("width"), profile, raw)
    common = dict(raw=raw, scheme=scheme, profile=profile, width_mm=width, params=params)

    if scheme == "tcp":
        host = parts.hostname
        if not host:
            raise PrinterUriError(f"{raw!r} names no host; use tcp://HOST[:9100]")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise PrinterUriError(f"{raw!r} has an invalid port") from None
        return PrinterUri(target=host, port=port, **common)
    if scheme == "usb":
        ids = (parts.netloc + parts.path).strip("/")
        try:
            vid_text, pid_text = ids.split(":")
            vid, pid = int(vid_text, 16), int(pid_text, 16)
        except ValueError:
            raise PrinterUriError(f"{raw!r}: use usb://VID:PID in hex, e.g. usb://04b8:0202") from None
        if not (0 <= vid <= 0xFFFF and 0 <= pid <= 0xFFFF):
            raise PrinterUriError(f"{raw!r}: USB ids are 4 hex digits each")
        return PrinterUri(target=ids, usb_ids=(vid, pid), **common)
    if scheme in ("serial", "file"):
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise PrinterUriError(f"{raw!r} names no device; use {scheme}:///dev/...")
        if scheme == "serial" and "baudrate" in params and not params["baudrate"].isdigit():
            raise PrinterUriError(f"{raw!r}: baudrate must be a number")
        return PrinterUri(target=path, **common)
    if scheme in ("cups", "win32"):
        name = unquote(parts.netloc + parts.path).strip("/")
        if not name:
            raise PrinterUriError(f"{raw!r} names no printer queue")
        return PrinterUri(target=name, **common)
    if scheme == "pdf":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise PrinterUriError(f"{raw!r} names no folder; use pdf:///path/to/folder")
        return PrinterUri(target=path, **common)
    return PrinterUri(target="", **common)  # dummy


def _width(value: str | None, profile: str | None, raw: str) -> int:
    if value:
        if value not in ("58", "80"):
            raise PrinterUriError(f"{raw!r}: width must be 58 or 80 (mm)")
        return int(value)
    if profile:
        cols, px = _profile_columns(profile), _profile_pixels(profile)
        if (px and px <= 400) or (cols and cols <= 35):
            return 58
    return 80


def _check_profile(name: str) -> None:
    from escpos.capabilities import CAPABILITIES

    if name not in CAPABILITIES["profiles"]:
        raise PrinterUriError(f"Unknown printer profile {name!r}; known: "
                              + ", ".join(sorted(CAPABILITIES["profiles"])))


@lru_cache(maxsize=None)
def _profile_columns(name: str) -> int | None:
    from escpos.capabilities import CAPABILITIES

    fonts = CAPABILITIES["profiles"].get(name, {}).get("fonts", {})
    try:
        return int(fonts["0"]["columns"])
    except (KeyError, TypeError, ValueError):
        return None


@lru_cache(maxsize=None)
def _profile_pixels(name: str) -> int | None:
    from escpos.capabilities import CAPABILITIES

    media = CAPABILITIES["profiles"].get(name, {}).get("media", {})
    try:
        return int(media["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return None
