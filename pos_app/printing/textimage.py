"""Text drawn as pixels with Pillow: the fallback for characters no printer code page has
(₦, Arabic...) and the basis of the PNG preview. Arabic is shaped and ordered by libraqm when
Pillow has it."""
from __future__ import annotations

import os
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Monospace keeps the columns of the ESC/POS layout; the proportional face covers scripts
# (Arabic) that need shaping.
_MONO = ("DejaVuSansMono.ttf", "consola.ttf", "cour.ttf", "Menlo.ttc")
_MONO_BOLD = ("DejaVuSansMono-Bold.ttf", "consolab.ttf", "courbd.ttf", "Menlo.ttc")
_SANS = ("DejaVuSans.ttf", "arial.ttf", "segoeui.ttf", "Arial Unicode.ttf")
_SANS_BOLD = ("DejaVuSans-Bold.ttf", "arialbd.ttf", "segoeuib.ttf", "Arial Unicode.ttf")


def _font_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("TOPUP_POS_FONT_DIRS", "").split(os.pathsep) if p]
    if sys.platform == "win32":  # pragma: no cover - Windows
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    elif sys.platform == "darwin":  # pragma: no cover - macOS
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts")]
    dirs += [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF"), Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts")]
    return dirs


@lru_cache(maxsize=None)
def find_font(*names: str) -> str | None:
    for folder in _font_dirs():
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return str(candidate)
    return None


@lru_cache(maxsize=64)
def load_font(size: int, *, bold: bool = False, script: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    names = (_SANS_BOLD if bold else _SANS) if script else (_MONO_BOLD if bold else _MONO)
    path = find_font(*names) or find_font(*(_SANS if script else _MONO))
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Pillow's own face: Latin only, but never a crash


def needs_shaping(text: str) -> bool:
    """Right-to-left scripts (Arabic, Hebrew) need the proportional, shaping-capable face."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def cell_font_size(pixels: int, columns: int) -> int:
    """Font size whose monospace advance (0.6 em) fills one column."""
    return max(8, int(pixels / columns / 0.6025))


def render_line(text: str, pixels: int, columns: int, *, align: str = "left", bold: bool = False,
                size: int = 1, invert: bool = False) -> Image.Image:
    """One printed line as a 1-bit image `pixels` wide, aligned as the text line would be."""
    font_size = cell_font_size(pixels, columns) * size
    font = load_font(font_size, bold=bold, script=needs_shaping(text))
    height = int(font_size * 1.25)
    image = Image.new("1", (pixels, height), 0 if invert else 1)
    draw = ImageDraw.Draw(image)
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    width = right - left
    if width > pixels:  # too long for the paper: shrink rather than cut off
        font = load_font(max(6, font_size * pixels // max(width, 1)), bold=bold, script=needs_shaping(text))
        left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
        width = right - left
    x = {"center": (pixels - width) // 2, "right": pixels - width}.get(align, 0) - left
    draw.text((x, int(font_size * 0.1)), text, font=font, fill=1 if invert else 0)
    return image
