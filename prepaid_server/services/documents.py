"""The wire form of a sale (docs/PROTOCOL.md, Sales), validated strictly: money is int, never float."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SALE_FIELDS = ("id", "terminal_id", "seq", "created_at_ms", "msisdn", "operator", "product", "currency", "face",
               "bonus", "price", "float_cost", "catalog_version", "payment_method", "voucher_serial")
MINOR_MAX = 10**12


class SaleDocument(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    id: str = Field(min_length=1, max_length=64)
    terminal_id: str = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=2**62)
    created_at_ms: int = Field(ge=0, le=2**53)
    msisdn: str = Field(min_length=1, max_length=32)
    operator: str = Field(min_length=1, max_length=16)
    product: str = Field(min_length=1, max_length=40)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    face: int = Field(ge=0, le=MINOR_MAX)
    bonus: int = Field(ge=0, le=MINOR_MAX)
    price: int = Field(ge=0, le=MINOR_MAX)
    float_cost: int = Field(ge=0, le=MINOR_MAX)
    catalog_version: int = Field(ge=1, le=2**31 - 1)
    payment_method: str = Field(min_length=1, max_length=20)
    voucher_serial: str | None = Field(default=None, max_length=64)


def content_hash(raw: dict[str, Any]) -> str:
    """Fingerprint of what the sale says (the protocol fields only), for same-id comparisons."""
    picked = {k: raw.get(k) for k in SALE_FIELDS}
    text = json.dumps(picked, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
