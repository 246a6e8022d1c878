"""Issue 14 items 4 and 6 on the receipt: the refund policy's text in the footer, the bonus expiry
and the next top-up, at 58 and 80 mm in ESC/POS and in PDF; and the lines' own rules."""
from __future__ import annotations

import io
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from pos_app.application.refund_receipt import customer_lines, policy_text
from pos_app.domain.sale import SaleStatus
from pos_app.printing import build_receipt, render_escpos_receipt, render_pdf

from .samples import PENDING, PINLESS, TERMINAL

NAIROBI = ZoneInfo("Africa/Nairobi")
POLICY = "Refunds within 24 h with a manager. Unused credit only."
DOC = {"bonus_validity_days": 30, "refund_policy": {"window_s": 86400, "text": POLICY}}
REPLY = {"suggestions": {"usual_interval_days": 7}}


def _receipt(sale=PINLESS):  # noqa: ANN001, ANN202
    return build_receipt(sale, TERMINAL, operator_name="Safaricom",
                         customer_lines=customer_lines(sale, DOC, REPLY, NAIROBI, "en_KE"),
                         refund_policy=policy_text(DOC))


def test_lines_in_words():
    # PINLESS: sold 2026-11-22 14:03 Nairobi with a Ksh5.00 bonus
    assert customer_lines(PINLESS, DOC, REPLY, NAIROBI, "en_KE") == (
        "Your Ksh5 bonus expires on 22\u00a0Dec", "Next top-up around 29\u00a0Nov")  # never split at 58 mm
    assert customer_lines(PINLESS, {}, {}, NAIROBI, "en_KE") == ()  # no validity known, no interval
    assert customer_lines(replace(PINLESS, status=SaleStatus.REVERSED), DOC, REPLY, NAIROBI, "en_KE") == ()
    assert policy_text(DOC) == POLICY and policy_text({"limits": {"reversal_window_s": 900}}) is None
    assert policy_text({"refund_policy": {"window_s": -1}}) is None  # never fails the receipt


@pytest.mark.parametrize("width", [58, 80])
def test_escpos_at_both_widths(width):
    data = render_escpos_receipt(_receipt(), f"dummy://?width={width}")
    assert b"22 Dec" in data and b"\xa0" not in data  # the date whole on one line, a plain space
    text = b" ".join(data.split())
    for expected in (b"Your Ksh5 bonus expires on 22 Dec", b"Next top-up around 29 Nov", b" ".join(POLICY.encode().split())):
        assert expected in text, (width, expected)
    # the policy sits in the footer: after the reference's QR, before the shop's footer line
    assert text.index(b"Refunds within") > text.index(b"SRV-20261122-000042")
    assert text.index(b"Refunds within") < text.index(b"Thank you")


@pytest.mark.parametrize("width", [58, 80])
def test_pdf_at_both_widths(width):
    text = " ".join(PdfReader(io.BytesIO(render_pdf(_receipt(), width))).pages[0].extract_text().split())
    for expected in ("Your Ksh5 bonus expires on 22 Dec", "Next top-up around 29 Nov", POLICY):
        assert expected in text, (width, expected)


def test_pending_receipt_still_prints_the_policy():
    data = b" ".join(render_escpos_receipt(_receipt(PENDING), "dummy://?width=58").split())
    assert b"Refunds within 24 h" in data


def test_a_copy_of_a_partly_reversed_sale_says_so():
    from pos_app.application.records import FixRow
    from pos_app.application.refund_receipt import reversal_lines

    reversed_ = replace(PINLESS, status=SaleStatus.REVERSED)
    fix = FixRow("f1", PINLESS.id, "reversal", 1, "manager:mary", "manager:mary", "wrong number", "reversed",
                 final_state="reversed_partial", recovered=7_500, refund=7_500)
    lines = reversal_lines(reversed_, [fix], "en_KE")
    assert lines == ("Partly reversed: Ksh75.00 of unused credit taken back", "Refunded Ksh75.00 of Ksh100.00 paid")
    assert reversal_lines(reversed_, [replace(fix, final_state="reversed_full")], "en_KE") == ()
    assert reversal_lines(PINLESS, [fix], "en_KE") == ()
    data = b" ".join(render_escpos_receipt(build_receipt(reversed_, TERMINAL, customer_lines=lines),
                                           "dummy://?width=58").split())
    assert b"REVERSED" in data and b"Refunded Ksh75.00 of Ksh100.00 paid" in data
