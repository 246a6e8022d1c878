"""The receipt as the customer reads it: one model, built from the recorded sale and this terminal,
rendered alike to ESC/POS, PDF and PNG. Money and dates are formatted here, at the edge."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo

from topup_core.formatting import format_money, locale_for
from topup_core.msisdn import mask_e164
from topup_core.payment import METHOD_NAMES, PaymentMethod
from topup_core.promotions import REASON_FREQUENT, REASON_TIER, REASON_WELCOME, REASON_WELCOME_BACK, Reason
from pos_app.application import settings as bs
from pos_app.application.terminal import TerminalInfo
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus

DEFAULT_FOOTER = bs.RECEIPT_FOOTER.default
PENDING_NOTE = "Your top-up is queued and will be credited as soon as we are online. Keep this receipt."
PIN_WITHHELD_NOTE = "PIN not printed on copies. Ask the manager."

# What the customer is told for each state of the sale.
_STATUS_TEXT: dict[SaleStatus, tuple[str, str | None]] = {
    SaleStatus.QUEUED: ("PENDING", PENDING_NOTE),
    SaleStatus.CONFIRMED: ("SUCCESS", None),
    SaleStatus.REVERSAL_REFUSED: ("SUCCESS", None),
    SaleStatus.REVERSAL_PENDING: ("REVERSAL PENDING", "This top-up is being cancelled. Keep this receipt."),
    SaleStatus.REVERSED: ("REVERSED", "This top-up was cancelled and taken back."),
    SaleStatus.REJECTED: ("REJECTED", "The top-up was not credited. Ask for your money back."),
    SaleStatus.CANCELLED: ("CANCELLED", "This top-up was never sent and not credited."),
    SaleStatus.DISPUTED: ("PENDING", "The manager is checking this top-up with the server. Keep this receipt."),
}


@dataclass(frozen=True)
class Receipt:
    """Everything printed, already in words and local formats. Plain strings so it round-trips
    through the spool's JSON payload unchanged."""

    sale_id: str
    receipt_no: str
    shop_name: str
    shop_address: str
    terminal_code: str
    sold_at: str  # local date and time
    clerk: str
    operator: str
    product: str
    masked_msisdn: str
    face_value: str
    bonus: str | None  # None when there is no bonus
    price_paid: str
    payment_method: str
    tendered: str | None
    change: str | None
    payment_reference: str | None
    status: str  # SUCCESS | PENDING | REJECTED | ...
    status_note: str | None
    server_ref: str | None
    voucher_pin: str | None
    voucher_serial: str | None
    qr_data: str
    footer: str
    copy_no: int = 0  # 0 = original; n prints "COPY n"
    reprinted_at: str | None = None
    open_drawer: bool = False  # cash originals only; a reprint never opens the drawer
    logo_path: str | None = None
    pin_withheld: bool = False  # a clerk's copy of a voucher receipt: the PIN is not printed again
    loyalty_lines: tuple[str, ...] = ()  # issue 14: points earned, balance, tier progress (already in words)
    bonus_reason: str | None = None  # issue 14 (offers): why the bonus applies ("Gold bonus"), in words
    # issue 14 (refunds): the bonus expiry and next top-up lines, and the refund policy in the footer
    customer_lines: tuple[str, ...] = ()
    refund_policy: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Receipt":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def build_receipt(sale: SaleRecord, terminal: TerminalInfo, *, copy_no: int = 0, footer: str | None = None,
                  operator_name: str | None = None, open_drawer: bool = True, reprinted_at: datetime | None = None,
                  logo_path: str | None = None, locale: str | None = None, withhold_pin: bool = False,
                  qr_data: str | None = None, loyalty_lines: tuple[str, ...] = (),
                  bonus_reason: str | None = None,
                  customer_lines: tuple[str, ...] = (), refund_policy: str | None = None) -> Receipt:
    """`open_drawer`: the seller's decision (pos_app.application.sell); only a cash original opens it.
    `qr_data`: the customer's statement link when there is one (issue 15), else the reference.
    `loyalty_lines`: points earned, balance and tier progress (issue 14).
    `customer_lines`: the bonus expiry and the next top-up (issue 14); `refund_policy`: the catalog's
    refund policy text, printed in the footer (pos_app.application.refund_receipt)."""
    loc = locale or receipt_locale(terminal.country)
    money = lambda m: format_money(m, loc, plain_spaces=True)  # noqa: E731
    zone = ZoneInfo(terminal.timezone)
    status, note = _STATUS_TEXT.get(sale.status, (sale.status.value, None))
    if sale.status is SaleStatus.REJECTED and sale.reject_message:
        note = f"{sale.reject_message} The top-up was not credited. Ask for your money back."
    return Receipt(
        sale_id=sale.id, receipt_no=sale.receipt_no, shop_name=terminal.shop_name,
        shop_address=terminal.shop_address, terminal_code=terminal.terminal_code,
        sold_at=local_time(sale.created_at, zone), clerk=sale.clerk_name,
        operator=operator_name or sale.operator_code, product=sale.product_name,
        masked_msisdn=mask_e164(sale.msisdn), face_value=money(sale.face),
        bonus=money(sale.bonus) if sale.bonus.amount else None,
        price_paid=money(sale.price), payment_method=METHOD_NAMES[sale.payment_method],
        tendered=money(sale.tendered) if sale.tendered else None,
        change=money(sale.change) if sale.change else None,
        payment_reference=sale.payment_reference, status=status, status_note=note, server_ref=sale.server_ref,
        voucher_pin=None if withhold_pin else sale.voucher_pin, voucher_serial=sale.voucher_serial,
        qr_data=qr_data or sale.server_ref or sale.id, footer=DEFAULT_FOOTER if footer is None else footer,
        copy_no=copy_no, reprinted_at=local_time(reprinted_at, zone) if reprinted_at else None,
        open_drawer=bool(open_drawer and sale.payment_method is PaymentMethod.CASH and copy_no == 0),
        logo_path=logo_path, pin_withheld=bool(withhold_pin and sale.voucher_pin),
        loyalty_lines=tuple(loyalty_lines), bonus_reason=bonus_reason if sale.bonus.amount else None,
        customer_lines=tuple(customer_lines), refund_policy=refund_policy or None,
    )


def bonus_reason_text(reason: Reason | None, tier_name: str | None = None) -> str | None:
    """issue 14 (offers): the receipt's words for why the bonus applies (receipts are in English)."""
    if reason is None:
        return None
    if reason.kind == REASON_WELCOME:
        return "Welcome bonus"
    if reason.kind == REASON_WELCOME_BACK:
        return "Welcome back bonus"
    if reason.kind == REASON_TIER:
        return f"{tier_name or (reason.tier or '').capitalize()} bonus"
    if reason.kind == REASON_FREQUENT:
        return f"{_ordinal(reason.count or 0)} top-up in {reason.days} days"
    return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def local_time(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def receipt_locale(country: str) -> str:
    """Receipts are in English, with the number formats of the shop's country (Ksh100.00 in Kenya)."""
    return locale_for(country, "en")
