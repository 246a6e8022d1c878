"""Receipt -> PDF (reportlab) on a page as wide as the paper roll, for `pdf://DIR` printers,
e-mailing and review. A Unicode TrueType face is embedded when one is found (é, ñ, €, ₦);
right-to-left lines are placed as shaped images (reportlab does not shape Arabic)."""
from __future__ import annotations

import io
import logging
import threading
from functools import lru_cache

import qrcode
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .layout import Block, Document, Line, Logo, Qr, Rule, document_blocks, receipt_blocks
from .receipt import Receipt
from .textimage import _MONO, _MONO_BOLD, find_font, needs_shaping, render_line
from .uri import COLUMNS, PIXELS

log = logging.getLogger(__name__)

MARGIN = 3 * mm
QR_SIZE = 28 * mm
_register_lock = threading.Lock()


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: embedded DejaVu Sans Mono if present, else Courier."""
    regular, bold = find_font(*_MONO), find_font(*_MONO_BOLD)
    if not regular:
        return "Courier", "Courier-Bold"
    with _register_lock:
        pdfmetrics.registerFont(TTFont("ReceiptMono", regular))
        pdfmetrics.registerFont(TTFont("ReceiptMono-Bold", bold or regular))
    return "ReceiptMono", "ReceiptMono-Bold"


def _height(blocks: list[Block], line_h: float) -> float:
    total = 2 * MARGIN
    for b in blocks:
        if isinstance(b, Line):
            total += line_h * b.size
        elif isinstance(b, Rule):
            total += line_h
        elif isinstance(b, Qr):
            total += QR_SIZE + line_h / 2
        elif isinstance(b, Logo):
            total += 20 * mm
    return total


def blocks_to_pdf(blocks: list[Block], width_mm: int, *, title: str = "Receipt") -> bytes:
    columns, pixels = COLUMNS[width_mm], PIXELS[width_mm]
    page_w = width_mm * mm
    text_w = page_w - 2 * MARGIN
    font_size = text_w / (columns * 0.6)  # monospace advance is 0.6 em
    line_h = font_size * 1.3
    regular, bold = _fonts()
    buffer = io.BytesIO()
    page_h = _height(blocks, line_h)
    pdf = Canvas(buffer, pagesize=(page_w, page_h), invariant=1)
    pdf.setTitle(title)
    y = page_h - MARGIN
    for b in blocks:
        if isinstance(b, Line):
            size = font_size * b.size
            y -= line_h * b.size
            if needs_shaping(b.text):
                img = render_line(b.text, pixels, columns, align=b.align, bold=b.bold, size=b.size, invert=b.invert)
                pdf.drawImage(ImageReader(img.convert("L")), MARGIN, y, width=text_w, height=line_h * b.size)
                continue
            pdf.setFont(bold if b.bold else regular, size)
            text_width = pdf.stringWidth(b.text, bold if b.bold else regular, size)
            x = {"center": MARGIN + (text_w - text_width) / 2, "right": MARGIN + text_w - text_width}.get(b.align, MARGIN)
            if b.invert:
                pdf.rect(x - 1, y - size * 0.25, text_width + 2, size * 1.2, stroke=0, fill=1)
                pdf.setFillGray(1)
                pdf.drawString(x, y, b.text)
                pdf.setFillGray(0)
            else:
                pdf.drawString(x, y, b.text)
        elif isinstance(b, Rule):
            y -= line_h
            pdf.setDash(1, 2)
            pdf.line(MARGIN, y + line_h / 3, page_w - MARGIN, y + line_h / 3)
            pdf.setDash()
        elif isinstance(b, Qr):
            y -= QR_SIZE + line_h / 2
            _draw_qr(pdf, b.data, (page_w - QR_SIZE) / 2, y)
        elif isinstance(b, Logo):
            y -= 20 * mm
            try:
                pdf.drawImage(b.path, MARGIN, y, width=text_w, height=18 * mm, preserveAspectRatio=True, anchor="c")
            except OSError as exc:  # a missing logo never costs the receipt
                log.warning("receipt logo %s not drawn: %s", b.path, exc)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_qr(pdf: Canvas, data: str, x: float, y: float) -> None:
    """Dark modules as one filled path (reportlab's QR widget is ten times slower)."""
    code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = QR_SIZE / len(matrix)
    path = pdf.beginPath()
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                path.rect(x + col * cell, y + QR_SIZE - (row + 1) * cell, cell, cell)
    pdf.drawPath(path, stroke=0, fill=1)


def render_pdf(item: Receipt | Document, width: int = 80) -> bytes:
    """PDF bytes of the receipt (or slip) laid out for `width` mm paper (58 or 80)."""
    if isinstance(item, Receipt):
        title = f"Receipt {item.receipt_no}" + (f" COPY {item.copy_no}" if item.copy_no else "")
        return blocks_to_pdf(receipt_blocks(item, COLUMNS[width]), width, title=title)
    return blocks_to_pdf(document_blocks(item, COLUMNS[width]), width, title=item.title)
