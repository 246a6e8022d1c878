"""Receipt preview: the same blocks drawn as a PNG the width of the paper (384 or 576 dots),
for the UI to show and for review exports."""
from __future__ import annotations

import io
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw

from .layout import Block, Document, Line, Logo, Qr, Rule, document_blocks, receipt_blocks
from .receipt import Receipt
from .textimage import cell_font_size, render_line
from .uri import COLUMNS, PIXELS

MARGIN = 8


def blocks_to_image(blocks: list[Block], pixels: int, columns: int) -> Image.Image:
    rows: list[Image.Image] = []
    line_height = int(cell_font_size(pixels, columns) * 1.25)
    for block in blocks:
        if isinstance(block, Line):
            rows.append(render_line(block.text, pixels, columns, align=block.align, bold=block.bold,
                                    size=block.size, invert=block.invert))
        elif isinstance(block, Rule):
            rule = Image.new("1", (pixels, line_height), 1)
            ImageDraw.Draw(rule).line([(0, line_height // 2), (pixels, line_height // 2)], fill=0, width=2)
            rows.append(rule)
        elif isinstance(block, Qr):
            rows.append(_centred(qr_image(block.data, box=6 if pixels > 400 else 5), pixels))
        elif isinstance(block, Logo):
            try:
                with Image.open(block.path) as img:
                    logo = img.convert("L")
            except OSError:
                continue
            logo.thumbnail((pixels, pixels // 2))
            rows.append(_centred(logo.convert("1"), pixels))
    height = sum(r.height for r in rows) + 2 * MARGIN
    sheet = Image.new("1", (pixels, height), 1)
    y = MARGIN
    for row in rows:
        sheet.paste(row, (0, y))
        y += row.height
    return sheet


def qr_image(data: str, box: int = 5) -> Image.Image:
    code = qrcode.QRCode(box_size=box, border=1, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def _centred(img: Image.Image, pixels: int) -> Image.Image:
    row = Image.new("1", (pixels, img.height), 1)
    row.paste(img.convert("1"), ((pixels - img.width) // 2, 0))
    return row


def render_png(item: Receipt | Document, width: int = 80) -> bytes:
    """PNG bytes of the receipt (or slip) as it prints on `width` mm paper (58 or 80)."""
    blocks = receipt_blocks(item, COLUMNS[width]) if isinstance(item, Receipt) else document_blocks(item, COLUMNS[width])
    buffer = io.BytesIO()
    blocks_to_image(blocks, PIXELS[width], COLUMNS[width]).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def export_png(item: Receipt | Document, path: Path | str, width: int = 80) -> Path:
    out = Path(path)
    out.write_bytes(render_png(item, width))
    return out
