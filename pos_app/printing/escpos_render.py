"""Blocks -> ESC/POS bytes with python-escpos (Dummy collects the bytes; no device is touched).

Text goes out in the printer's code pages (python-escpos's magic encoding switches pages as
needed). A line with a character no code page of the profile has (₦, Arabic...) is printed as an
image instead, so the customer never sees '?'.
"""
from __future__ import annotations

import copy
from functools import lru_cache

from escpos.capabilities import get_profile
from escpos.magicencode import Encoder, MagicEncode
from escpos.printer import Dummy
import qrcode
from PIL import Image

from .errors import PrintingError
from .layout import Block, Line, Logo, Qr, Rule
from .textimage import needs_shaping, render_line
from .uri import PrinterUri

# Typographic characters with a plain stand-in that means the same on paper.
_STAND_INS = {"•": "*", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\xa0": " "}
_QR_DOT = {58: 5, 80: 6}


def qr_image(data: str, box_size: int) -> Image.Image:
    """The QR as a picture, for printers without native QR. A fixed mask pattern: every mask is a
    valid, decodable QR, and searching all eight tripled the receipt's render time (7 ms -> 2 ms)."""
    code = qrcode.QRCode(version=None, box_size=box_size, border=1,
                         error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("RGB")
DRAWER_PINS = (2, 5)


class UnencodableText(PrintingError):
    pass


class _StrictMagicEncode(MagicEncode):
    """Refuses to print the '?' placeholder: a line we could not encode must take the image path."""

    def _handle_character_failed(self, char: str) -> None:
        raise UnencodableText(f"no code page of this printer has U+{ord(char):04X}")


@lru_cache(maxsize=16)
def _charmap_cache(profile: str | None) -> dict:
    return {}  # encoding -> {char: byte}; shared so each render does not rebuild the tables


@lru_cache(maxsize=4096)
def _printable_char(profile: str | None, char: str) -> bool:
    if ord(char) < 128:
        return True
    encoder = _new_encoder(profile)
    return any(encoder.can_encode(name, char) for name in encoder.codepages)


def _new_encoder(profile: str | None) -> Encoder:
    encoder = Encoder(get_profile(profile).get_code_pages())
    encoder.available_characters = _charmap_cache(profile)
    return encoder


@lru_cache(maxsize=16)
def _profile_data(profile: str | None, pixels: int) -> dict:
    data = copy.deepcopy(get_profile(profile).profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = pixels  # centring needs the real width
    return data


def printable_text(text: str, profile: str | None) -> str | None:
    """The text as the printer can print it (stand-ins applied), or None if it needs an image."""
    if needs_shaping(text):  # printers neither join Arabic letters nor order right-to-left runs
        return None
    out = []
    for ch in text:
        if not _printable_char(profile, ch):
            ch = _STAND_INS.get(ch, ch)
            if not all(_printable_char(profile, c) for c in ch):
                return None
        out.append(ch)
    return "".join(out)


def new_dummy(uri: PrinterUri) -> Dummy:
    printer = Dummy(profile=uri.profile)
    printer.profile.profile_data = _profile_data(uri.profile, uri.pixels)  # instance copy, not the shared class
    printer.magic = _StrictMagicEncode(printer, encoder=_new_encoder(uri.profile))
    return printer


class _Writer:
    def __init__(self, printer: Dummy, uri: PrinterUri) -> None:
        self.p = printer
        self.uri = uri
        self.style: tuple = ("left", False, 1, False)

    def _set_style(self, align: str, bold: bool, size: int, invert: bool) -> None:
        if (align, bold, size, invert) == self.style:
            return
        a, b, s, i = self.style
        self.p.set(align=align if align != a else None, bold=bold if bold != b else None,
                   invert=invert if invert != i else None,
                   normal_textsize=(size == 1 and s != 1) or None,
                   double_width=(size == 2 and s != 2) or None, double_height=(size == 2 and s != 2) or None)
        self.style = (align, bold, size, invert)

    def line(self, block: Line) -> None:
        text = printable_text(block.text, self.uri.profile)
        if text is None:
            self._set_style("left", False, 1, False)
            self.p.image(render_line(block.text, self.uri.pixels, self.uri.columns, align=block.align,
                                     bold=block.bold, size=block.size, invert=block.invert))
            return
        self._set_style(block.align, block.bold, block.size, block.invert)
        self.p.text(text + "\n")

    def rule(self) -> None:
        self._set_style("left", False, 1, False)
        self.p.text("-" * self.uri.columns + "\n")

    def qr(self, block: Qr) -> None:
        self._set_style("center", False, 1, False)
        dot = _QR_DOT[self.uri.width_mm]
        if self.p.profile.supports("qrCode"):
            self.p.qr(block.data, size=dot, native=True)
            self.p.text("\n")
        else:
            self.p.text("\n")
            self.p.image(qr_image(block.data, dot), center=True)
            self.p.text("\n\n")

    def logo(self, block: Logo) -> None:
        try:
            with Image.open(block.path) as img:
                logo = img.convert("L")
        except OSError:
            return  # a missing logo never stops a receipt
        logo.thumbnail((self.uri.pixels, self.uri.pixels // 2))
        canvas = Image.new("L", (self.uri.pixels, logo.height), 255)
        canvas.paste(logo, ((self.uri.pixels - logo.width) // 2, 0))
        self._set_style("left", False, 1, False)
        self.p.image(canvas)


def render_escpos(blocks: list[Block], uri: PrinterUri, *, open_drawer: bool = False, drawer_pin: int = 2) -> bytes:
    printer = new_dummy(uri)
    printer.hw("INIT")  # ESC @: a known state whatever the last job left behind
    writer = _Writer(printer, uri)
    for block in blocks:
        if isinstance(block, Line):
            writer.line(block)
        elif isinstance(block, Rule):
            writer.rule()
        elif isinstance(block, Qr):
            writer.qr(block)
        elif isinstance(block, Logo):
            writer.logo(block)
    writer._set_style("left", False, 1, False)
    printer.cut()
    if open_drawer:
        printer.cashdraw(drawer_pin if drawer_pin in DRAWER_PINS else 2)
    return printer.output
