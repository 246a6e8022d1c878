"""PDF receipts carry the right text; PNG previews have the paper's width."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image
from pypdf import PdfReader

from pos_app.printing import build_receipt, export_png, render_pdf, render_png
from pos_app.printing.receipt import PENDING_NOTE

from .samples import PENDING, PINLESS, REPRINTED_AT, TERMINAL, VOUCHER


def pdf_text(data: bytes) -> str:
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    return " ".join(text.split())


@pytest.mark.parametrize("width", [58, 80])
def test_pdf_receipt_text(width):
    text = pdf_text(render_pdf(build_receipt(VOUCHER, TERMINAL, operator_name="Safaricom"), width))
    for expected in ("Terminal NBO1", "NBO1-000002", "2026-11-22 14:03", "Alice Wanjiru", "Safaricom",
                     "Safaricom scratch card", "+254 7•• ••• 123", "Ksh100.00", "Cash", "Ksh200.00", "PENDING",
                     "DEMO0A1B2C3D4E5F", "4821 0933", "7561 0284", "Thank you for your business!"):
        assert expected in text, expected
    assert " ".join(PENDING_NOTE.split()) in text
    assert "712345" not in text


def test_pdf_success_and_copy():
    text = pdf_text(render_pdf(build_receipt(PINLESS, TERMINAL, copy_no=1, reprinted_at=REPRINTED_AT), 80))
    assert "SUCCESS" in text and "SRV-20261122-000042" in text and "COPY 1" in text
    assert "Ksh5.00" in text  # the bonus


def test_pdf_non_ascii():
    sale = replace(PENDING, product_name="Café Niño € top-up")
    terminal = replace(TERMINAL, shop_name="Señora ₦ Shop", currency="NGN")
    data = render_pdf(build_receipt(sale, terminal), 80)
    text = pdf_text(data)
    assert "Café Niño € top-up" in text and "Señora ₦ Shop" in text
    arabic = render_pdf(build_receipt(sale, replace(TERMINAL, shop_name="متجر السلام")), 58)
    assert arabic.startswith(b"%PDF") and "NBO1-000003" in pdf_text(arabic)  # Arabic placed as an image


@pytest.mark.parametrize("width,pixels", [(58, 384), (80, 576)])
def test_png_preview(width, pixels, tmp_path):
    receipt = build_receipt(replace(VOUCHER, product_name="Café ₦ متجر"), TERMINAL)
    png = render_png(receipt, width)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == pixels and image.height > 600
    out = export_png(receipt, tmp_path / "r.png", width)
    assert out.read_bytes() == png
