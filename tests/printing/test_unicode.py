"""Non-ASCII shop and product names: printed in a code page, or as an image; never '?', never a crash."""
from __future__ import annotations

from dataclasses import replace

import pytest
from escpos.printer import Dummy

from pos_app.printing import build_receipt, render_escpos_receipt
from pos_app.printing.escpos_render import printable_text, render_escpos
from pos_app.printing.layout import Line, receipt_blocks
from pos_app.printing.uri import parse_printer_uri

from .samples import PINLESS, TERMINAL

NAMES = ["Café Niño", "Señora Muñoz €5 promo", "₦ Naira top-up", "متجر السلام", "Boutique Élodie – Dakar"]


@pytest.mark.parametrize("profile", ["", "?profile=TM-T20II", "?profile=POS-5890", "?profile=simple"])
@pytest.mark.parametrize("name", NAMES)
def test_non_ascii_names_never_turn_into_question_marks(name, profile, monkeypatch):
    terminal = replace(TERMINAL, shop_name=name, shop_address=f"{name} street")
    sale = replace(PINLESS, product_name=name)
    receipt = build_receipt(sale, terminal)
    uri = parse_printer_uri("dummy://" + profile)
    data = render_escpos_receipt(receipt, "dummy://" + profile)  # strict encoder: raises rather than print '?'
    assert b"Thank you for your business!" in data  # rendered to the end
    # Raster bytes may hold 0x3F by chance: swap images for a marker, then look at the text alone.
    monkeypatch.setattr(Dummy, "image", lambda self, *a, **k: self._raw(b"[IMAGE]"))
    text_only = render_escpos(receipt_blocks(receipt, uri.columns), uri)
    assert b"?" not in text_only
    if any(ch in name for ch in "₦م"):
        assert b"[IMAGE]" in text_only


def test_latin_accents_and_euro_go_out_in_a_code_page_not_an_image():
    uri = parse_printer_uri("dummy://?profile=TM-T20II")
    data = render_escpos([Line("Café Niño €5")], uri)
    assert b"\x1dv0" not in data  # no raster image
    # CP437 has é (0x82) and ñ (0xA4); € needs a switch (ESC t n) to a page that has it.
    assert b"Caf\x82 Ni\xa4o " in data
    assert data.count(b"\x1bt") >= 2


def test_naira_and_arabic_fall_back_to_an_image():
    uri = parse_printer_uri("dummy://?width=58")
    assert printable_text("₦500", None) is None
    assert printable_text("متجر", None) is None  # even where a code page has the letters: no shaping on printers
    data = render_escpos([Line("₦500"), Line("متجر السلام", align="center")], uri)
    assert data.count(b"\x1dv0") == 2  # two raster lines (GS v 0), 384 dots = 48 bytes wide
    assert b"\x1dv0\x000\x00" in data


def test_bullet_mask_has_a_plain_stand_in_on_a_cp437_only_printer():
    assert printable_text("+254 7•• ••• 123", "simple") == "+254 7** *** 123"
