"""Read models handed from the use cases to the UI, printing and reports (plain data, no ORM)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from topup_core.money import Money
from topup_core.payment import PaymentMethod
from .sale import SaleStatus


@dataclass(frozen=True, slots=True)
class SaleRecord:
    id: str  # UUID made by the client at creation; the server dedupes on it forever
    seq: int  # gap-free per terminal
    receipt_no: str  # terminal code + sequence
    terminal_id: str
    created_at: datetime  # aware, UTC
    business_day: str  # YYYY-MM-DD
    clerk_id: str
    clerk_name: str
    operator_code: str
    product_code: str
    product_name: str
    product_kind: str
    msisdn: str  # E.164
    face: Money
    bonus: Money
    price: Money
    float_cost: Money
    commission: Money
    promotion_code: str | None
    payment_method: PaymentMethod
    tendered: Money | None
    change: Money | None
    payment_reference: str | None
    catalog_version: int
    status: SaleStatus
    server_ref: str | None = None
    reject_code: str | None = None
    reject_message: str | None = None
    voucher_serial: str | None = None
    voucher_pin: str | None = None
