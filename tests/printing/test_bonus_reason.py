"""issue 14 (offers): the receipt says why the bonus applies, at 58 and 80 mm (golden ESC/POS bytes)
and in the PDF.  Regenerate after an intended change: UPDATE_GOLDEN=1 .venv/bin/pytest tests/printing/test_bonus_reason.py"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
import io

from pos_app.printing import build_receipt, render_escpos_receipt, render_pdf
from pos_app.printing.receipt import bonus_reason_text
from topup_core.promotions import Reason

from .samples import PINLESS, TERMINAL

GOLDEN = Path(__file__).with_name("golden")
CASES = {
    "bonus_reason_tier": Reason("tier", tier="GOLD"),
    "bonus_reason_frequent": Reason("frequent", count=5, days=30),
}


def _receipt(reason: Reason):  # noqa: ANN202
    return build_receipt(PINLESS, TERMINAL, operator_name="Safaricom", bonus_reason=bonus_reason_text(reason, "Gold"))


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("case", sorted(CASES))
def test_reason_golden(case, width):
    data = render_escpos_receipt(_receipt(CASES[case]), f"dummy://?width={width}")
    path = GOLDEN / f"{case}_{width}mm.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"missing golden {path.name}: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{path.name} changed: review, then UPDATE_GOLDEN=1"
    text = b" ".join(data.split())
    expected = {"bonus_reason_tier": b"(Gold bonus)", "bonus_reason_frequent": b"(5th top-up in 30 days)"}[case]
    assert expected in text


def test_reason_words():
    assert bonus_reason_text(Reason("welcome")) == "Welcome bonus"
    assert bonus_reason_text(Reason("welcome_back", days=40)) == "Welcome back bonus"
    assert bonus_reason_text(Reason("tier", tier="PLATINUM")) == "Platinum bonus"
    assert [bonus_reason_text(Reason("frequent", count=n, days=7)) for n in (1, 2, 3, 11, 22)] == [
        "1st top-up in 7 days", "2nd top-up in 7 days", "3rd top-up in 7 days", "11th top-up in 7 days",
        "22nd top-up in 7 days"]
    assert bonus_reason_text(None) is None


@pytest.mark.parametrize("width", [58, 80])
def test_reason_in_the_pdf(width):
    data = render_pdf(_receipt(Reason("welcome_back", days=40)), width)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Welcome back bonus" in " ".join(text.split())
