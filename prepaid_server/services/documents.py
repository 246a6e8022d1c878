"""The wire form of a sale (docs/PROTOCOL.md, Sales), validated strictly: money is int, never float."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from topup_core.wire import SALE_FIELDS, content_hash  # noqa: F401  (re-exported for the ingest)

from .text_input import PlainText

MINOR_MAX = 10**12


class SaleDocument(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: PlainText(64)
    terminal_id: PlainText(36)
    seq: int = Field(ge=1, le=2**62)
    created_at_ms: int = Field(ge=0, le=2**53)
    msisdn: PlainText(32)
    operator: PlainText(16)
    product: PlainText(40)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    face: int = Field(ge=0, le=MINOR_MAX)
    bonus: int = Field(ge=0, le=MINOR_MAX)
    price: int = Field(ge=0, le=MINOR_MAX)
    float_cost: int = Field(ge=0, le=MINOR_MAX)
    catalog_version: int = Field(ge=1, le=2**31 - 1)
    payment_method: PlainText(20)
    voucher_serial: PlainText(64, 0) | None = None
