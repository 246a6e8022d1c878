"""Printers without native QR get the QR as a raster image (GS v 0), never the native command."""
from escpos.printer import Dummy

from pos_app.printing.escpos_render import qr_image


def test_qr_image_is_a_square_code_with_quiet_zone():
    image = qr_image("0195f3c2-7b1e-7cc0-9a55-3b2e8f1d2a10", 5)
    width, height = image.size
    assert width == height and width % 5 == 0
    assert image.getpixel((0, 0)) == (255, 255, 255)  # border (quiet zone) is white
    assert image.getpixel((5, 5)) == (0, 0, 0)  # finder pattern corner is black
    assert qr_image("same", 5).tobytes() == qr_image("same", 5).tobytes()  # deterministic


def test_receipt_for_a_printer_without_native_qr_carries_the_qr_as_an_image():
    from pos_app.printing import build_receipt, render_escpos_receipt

    from .samples import PINLESS, TERMINAL

    assert not Dummy(profile="POS-5890").profile.supports("qrCode")
    out = render_escpos_receipt(build_receipt(PINLESS, TERMINAL), "dummy://?profile=POS-5890")
    assert b"\x1dv0" in out  # GS v 0: raster bit image (the QR)
    assert b"\x1d(k" not in out  # GS ( k: the native QR command this printer would not understand
    native = render_escpos_receipt(build_receipt(PINLESS, TERMINAL), "dummy://?profile=TM-T20II")
    assert b"\x1d(k" in native
