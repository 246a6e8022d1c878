"""Fixed sales and terminal for golden files: no clock, no uuid, no database, so bytes are stable."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from topup_core.money import Money
from topup_core.payment import PaymentMethod
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus
from pos_app.application.terminal import TerminalInfo

TERMINAL = TerminalInfo(terminal_id="7d1c0000-0000-4000-8000-00000000t001", terminal_code="NBO1",
                        shop_name="Mama Mboga Top-Ups", shop_address="Moi Avenue 12, Nairobi", country="KE",
                        currency="KES", timezone="Africa/Nairobi", server_url=None)
SOLD_AT = datetime(2026, 11, 22, 11, 3, 0, tzinfo=timezone.utc)  # 14:03 in Nairobi
REPRINTED_AT = datetime(2026, 11, 22, 12, 30, 0, tzinfo=timezone.utc)


def kes(amount: int) -> Money:
    return Money(amount, "KES")


PINLESS = SaleRecord(
    id="0b6f1c2e-0000-4000-8000-000000000001", seq=1, receipt_no="NBO1-000001", terminal_id=TERMINAL.terminal_id,
    created_at=SOLD_AT, business_day="2026-11-22", clerk_id="u-alice", clerk_name="Alice Wanjiru",
    operator_code="SAF", product_code="SAF-FIXED", product_name="Safaricom top-up", product_kind="fixed",
    msisdn="+254712345123", face=kes(10000), bonus=kes(500), price=kes(10000), float_cost=kes(9400),
    commission=kes(600), promotion_code="SAF-BONANZA", payment_method=PaymentMethod.CASH, tendered=kes(20000),
    change=kes(10000), payment_reference=None, catalog_version=1, status=SaleStatus.CONFIRMED,
    server_ref="SRV-20261122-000042",
)
VOUCHER = replace(
    PINLESS, id="0b6f1c2e-0000-4000-8000-000000000002", seq=2, receipt_no="NBO1-000002", product_code="SAF-PIN",
    product_name="Safaricom scratch card", product_kind="voucher", bonus=kes(0), promotion_code=None,
    float_cost=kes(9500), commission=kes(500), status=SaleStatus.QUEUED, server_ref=None,
    voucher_serial="DEMO0A1B2C3D4E5F", voucher_pin="4821093375610284",
)
PENDING = replace(
    PINLESS, id="0b6f1c2e-0000-4000-8000-000000000003", seq=3, receipt_no="NBO1-000003", msisdn="+254733000987",
    operator_code="AIR", product_code="AIR-AIRTIME", product_name="Airtel airtime", face=kes(25000), bonus=kes(0),
    price=kes(25000), payment_method=PaymentMethod.MOBILE_MONEY, tendered=None, change=None,
    payment_reference="QJK7H2L9PX", status=SaleStatus.QUEUED, server_ref=None, promotion_code=None,
)
