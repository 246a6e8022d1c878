"""Receipt (or slip) -> a list of printable blocks for a given number of columns.

Every backend (ESC/POS, PDF, PNG) draws the same blocks, so the three always say the same thing.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from topup_core.formatting import group_pin

from .receipt import PIN_WITHHELD_NOTE, Receipt


@dataclass(frozen=True)
class Line:
    text: str
    align: str = "left"  # left | center | right
    bold: bool = False
    size: int = 1  # 1 normal, 2 double width and height
    invert: bool = False


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Qr:
    data: str


@dataclass(frozen=True)
class Logo:
    path: str


@dataclass(frozen=True)
class Document:
    """A plain slip (test page, Z slip): title, lines, optional QR."""

    title: str
    lines: list[str] = field(default_factory=list)
    qr_data: str | None = None
    footer: str = ""

    def to_dict(self) -> dict:
        return {"title": self.title, "lines": list(self.lines), "qr_data": self.qr_data, "footer": self.footer}

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        return cls(data["title"], list(data.get("lines", [])), data.get("qr_data"), data.get("footer", ""))


Block = Line | Rule | Qr | Logo


def receipt_blocks(r: Receipt, columns: int) -> list[Block]:
    out: list[Block] = []
    if r.logo_path:
        out.append(Logo(r.logo_path))
    out += _wrapped(r.shop_name, columns // 2, align="center", bold=True, size=2)
    out += _wrapped(r.shop_address, columns, align="center")
    out.append(Line(f"Terminal {r.terminal_code}", align="center"))
    if r.copy_no:
        out.append(Line(f" COPY {r.copy_no} ", align="center", bold=True, size=2, invert=True))
        if r.reprinted_at:
            out.append(Line(f"Reprinted {r.reprinted_at}", align="center"))
    out.append(Rule())
    out += _pair("Receipt", r.receipt_no, columns)
    out += _pair("Date", r.sold_at, columns)
    out += _pair("Clerk", r.clerk, columns)
    out.append(Rule())
    out += _pair("Operator", r.operator, columns)
    out += _pair("Product", r.product, columns)
    out += _pair("Number", r.masked_msisdn, columns)
    out += _pair("Face value", r.face_value, columns)
    if r.bonus:
        out += _pair("Bonus", r.bonus, columns)
        if r.bonus_reason:  # issue 14 (offers): why
            out += _wrapped(f"  ({r.bonus_reason})", columns)
    out += _pair("Price paid", r.price_paid, columns, bold=True)
    out += _pair("Payment", r.payment_method, columns)
    if r.tendered:
        out += _pair("Tendered", r.tendered, columns)
    if r.change:
        out += _pair("Change", r.change, columns)
    if r.payment_reference:
        out += _pair("Pay ref", r.payment_reference, columns)
    out.append(Rule())
    out.append(Line(r.status, align="center", bold=True, size=2))
    if r.server_ref:
        out += _pair("Ref", r.server_ref, columns)
    if r.status_note:
        out += _wrapped(r.status_note, columns)
    if r.loyalty_lines or r.customer_lines:  # issue 14
        out.append(Rule())
        for text in (*r.loyalty_lines, *r.customer_lines):
            # a no-break space keeps "22 Dec" on one line; it prints as a plain space
            out += [Line(x.text.replace("\u00a0", " ")) for x in _wrapped(text, columns)]
    if r.voucher_pin:
        out.append(Rule())
        out.append(Line("PIN", align="center", bold=True))
        out += [Line(text, align="center", bold=True, size=2) for text in _pin_lines(r.voucher_pin, columns // 2)]
        if r.voucher_serial:
            out += _pair("Serial", r.voucher_serial, columns)
    elif r.pin_withheld:
        out.append(Rule())
        out += _wrapped(PIN_WITHHELD_NOTE, columns, align="center", bold=True)
        if r.voucher_serial:
            out += _pair("Serial", r.voucher_serial, columns)
    out.append(Rule())
    out.append(Qr(r.qr_data))
    out += _wrapped(r.qr_data, columns, align="center")
    if r.refund_policy:  # issue 14 (refunds): the catalog's refund policy, in the footer
        out += _wrapped(r.refund_policy, columns, align="center")
    if r.footer:
        out += _wrapped(r.footer, columns, align="center")
    return out


def document_blocks(doc: Document, columns: int) -> list[Block]:
    out: list[Block] = list(_wrapped(doc.title, columns // 2, align="center", bold=True, size=2))
    out.append(Rule())
    for text in doc.lines:
        out += _wrapped(text, columns) if text else [Line("")]
    if doc.qr_data:
        out.append(Rule())
        out.append(Qr(doc.qr_data))
    if doc.footer:
        out += _wrapped(doc.footer, columns, align="center")
    return out


def _pair(label: str, value: str, columns: int, *, bold: bool = False) -> list[Line]:
    """'Label        value' on one line when it fits; else the value right-aligned below."""
    gap = columns - len(label) - len(value)
    if gap >= 1:
        return [Line(label + " " * gap + value, bold=bold)]
    return [Line(label, bold=bold)] + [Line(part, align="right", bold=bold) for part in textwrap.wrap(value, columns)]


def _pin_lines(pin: str, width: int) -> list[str]:
    """Groups of four, shared evenly over as few lines as fit, so the PIN reads in one go."""
    groups = group_pin(pin).split(" ")
    per_line = max(1, (width + 1) // 5)
    lines = -(-len(groups) // per_line)
    per_line = -(-len(groups) // lines)
    return [" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line)]


def _wrapped(text: str, width: int, **style) -> list[Line]:  # noqa: ANN003
    if not text:
        return []
    return [Line(part, **style) for part in textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [""]]
