"""The receipt as the customer reads it: one model, built from the recorded sale and this terminal,
rendered alike to ESC/POS, PDF and PNG. Money and dates are formatted here, at the edge."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

from topup_core.money import Money, currency_exponent
from topup_core.msisdn import mask_e164
from topup_core.payment import PaymentMethod
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus
from pos_app.services.terminal import TerminalInfo

DEFAULT_FOOTER = "Thank you for your business!"
PENDING_NOTE = "Your top-up is queued and will be credited as soon as we are online. Keep this receipt."
PAYMENT_LABELS = {PaymentMethod.CASH: "Cash", PaymentMethod.CARD: "Card", PaymentMethod.MOBILE_MONEY: "Mobile money"}

# What the customer is told for each state of the sale.
_STATUS_TEXT: dict[SaleStatus, tuple[str, str | None]] = {
    SaleStatus.QUEUED: ("PENDING", PENDING_NOTE),
    SaleStatus.CONFIRMED: ("SUCCESS", None),
    SaleStatus.REVERSAL_REFUSED: ("SUCCESS", None),
    SaleStatus.REVERSAL_PENDING: ("REVERSAL PENDING", "This top-up is being cancelled. Keep this receipt."),
    SaleStatus.REVERSED: ("REVERSED", "This top-up was cancelled and taken back."),
    SaleStatus.REJECTED: ("REJECTED", "The top-up was not credited. Ask for your money back."),
    SaleStatus.CANCELLED: ("CANCELLED", "This top-up was never sent and not credited."),
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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Receipt":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def as_copy(self, copy_no: int, reprinted_at: str | None) -> "Receipt":
        data = self.to_dict()
        data.update(copy_no=copy_no, reprinted_at=reprinted_at, open_drawer=False)
        return Receipt(**data)


def build_receipt(sale: SaleRecord, terminal: TerminalInfo, *, copy_no: int = 0, footer: str | None = None,
                  operator_name: str | None = None, kick_drawer: bool = True, reprinted_at: datetime | None = None,
                  logo_path: str | None = None, locale: str | None = None) -> Receipt:
    loc = locale or receipt_locale(terminal.country)
    zone = ZoneInfo(terminal.timezone)
    status, note = _STATUS_TEXT.get(sale.status, (sale.status.value, None))
    if sale.status is SaleStatus.REJECTED and sale.reject_message:
        note = f"{sale.reject_message} The top-up was not credited. Ask for your money back."
    is_cash = sale.payment_method is PaymentMethod.CASH
    return Receipt(
        sale_id=sale.id, receipt_no=sale.receipt_no, shop_name=terminal.shop_name,
        shop_address=terminal.shop_address, terminal_code=terminal.terminal_code,
        sold_at=local_time(sale.created_at, zone), clerk=sale.clerk_name,
        operator=operator_name or sale.operator_code, product=sale.product_name,
        masked_msisdn=mask_e164(sale.msisdn), face_value=format_money(sale.face, loc),
        bonus=format_money(sale.bonus, loc) if sale.bonus.amount else None,
        price_paid=format_money(sale.price, loc), payment_method=PAYMENT_LABELS[sale.payment_method],
        tendered=format_money(sale.tendered, loc) if sale.tendered else None,
        change=format_money(sale.change, loc) if sale.change else None,
        payment_reference=sale.payment_reference, status=status, status_note=note, server_ref=sale.server_ref,
        voucher_pin=sale.voucher_pin, voucher_serial=sale.voucher_serial,
        qr_data=sale.server_ref or sale.id, footer=DEFAULT_FOOTER if footer is None else footer,
        copy_no=copy_no, reprinted_at=local_time(reprinted_at, zone) if reprinted_at else None,
        open_drawer=bool(kick_drawer and is_cash and copy_no == 0), logo_path=logo_path,
    )


def local_time(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def format_money(money: Money, locale: str) -> str:
    """Minor units to words for people, via babel; Decimal keeps it exact (no float path)."""
    value = Decimal(money.amount).scaleb(-currency_exponent(money.currency))
    # A no-break space is fine on screen but some code pages lack it; a plain space prints everywhere.
    return format_currency(value, money.currency, locale=locale).replace("\xa0", " ").replace("\u202f", " ")


@lru_cache(maxsize=64)
def receipt_locale(country: str) -> str:
    """English number formats of the shop's country (Ksh100.00 in Kenya), else plain English."""
    try:
        return str(Locale.parse(f"en_{country.upper()}"))
    except (UnknownLocaleError, ValueError):
        return "en"


def group_pin(pin: str) -> str:
    """'1234567890123456' -> '1234 5678 9012 3456': easier to type in off a slip."""
    return " ".join(pin[i:i + 4] for i in range(0, len(pin), 4))
