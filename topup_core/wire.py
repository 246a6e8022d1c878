"""The documents of sync protocol v1 (docs/PROTOCOL.md) as typed structures, shared by the terminal
(which builds requests and reads answers) and the server (which validates requests with its own
strict schemas in prepaid_server/api and answers with these). tests/core/test_wire.py checks that
the server's published schemas carry exactly these fields.

Amounts are integer minor units with a currency; times are epoch milliseconds.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .money import Money

# ---------------------------------------------------------------- sales

SALE_FIELDS = ("id", "terminal_id", "seq", "created_at_ms", "msisdn", "operator", "product", "currency", "face",
               "bonus", "price", "float_cost", "catalog_version", "payment_method", "voucher_serial")
ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"
ITEM_STATUSES = (ACCEPTED, DUPLICATE, REJECTED)


@dataclass(frozen=True, slots=True)
class SaleDocument:
    """A sale as it travels to the server: what the outbox holds."""

    id: str
    terminal_id: str
    seq: int
    created_at_ms: int
    msisdn: str  # E.164
    operator: str
    product: str
    currency: str
    face: int
    bonus: int
    price: int
    float_cost: int
    catalog_version: int
    payment_method: str
    voucher_serial: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def content_hash(raw: dict[str, Any]) -> str:
    """Fingerprint of what a sale says (the protocol fields only), for same-id comparisons."""
    picked = {k: raw.get(k) for k in SALE_FIELDS}
    text = json.dumps(picked, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The server's answer for one sale (batch item or single sale)."""

    id: str | None
    status: str  # accepted | duplicate | rejected
    code: str | None = None
    message: str | None = None
    server_ref: str | None = None
    # The server's record of an id first sent by another terminal of the same agent (code
    # duplicate_other_terminal, docs/PROTOCOL.md "Sales"); None otherwise (issue 11).
    recorded: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "status": self.status, "code": self.code, "message": self.message,
             "server_ref": self.server_ref}
        if self.recorded is not None:
            d["recorded"] = self.recorded
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ItemResult":
        recorded = d.get("recorded")
        return cls(d.get("id"), str(d.get("status")), d.get("code"), d.get("message"), d.get("server_ref"),
                   recorded if isinstance(recorded, dict) else None)


# ---------------------------------------------------------------- float and offline allowance


@dataclass(frozen=True, slots=True)
class AllowanceView:
    reserved: int
    used: int
    remaining: int


@dataclass(frozen=True, slots=True)
class FloatView:
    currency: str
    balance: int  # float not reserved for any terminal
    limit: int
    available: int  # what may still be spent: balance - limit, never negative
    allowance: AllowanceView
    public_url: str | None = None  # issue 15: the server's public address for statement links, if set

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FloatView":
        """Raises KeyError, TypeError or ValueError when the document is not a float view."""
        a = d["allowance"]
        url = d.get("public_url")
        return cls(str(d["currency"]), _int(d["balance"]), _int(d["limit"]), _int(d["available"]),
                   AllowanceView(_int(a["reserved"]), _int(a["used"]), _int(a["remaining"])),
                   url if isinstance(url, str) else None)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


# ---------------------------------------------------------------- reversals and cancellations


@dataclass(frozen=True, slots=True)
class ReversalRequest:
    id: str
    sale_id: str
    reason: str
    created_at_ms: int
    # issue 14 (refunds): the policy's inputs (topup_core.refunds)
    reason_code: str = ""
    approvers: tuple[str, ...] = ()  # the approving managers' labels (two distinct above the amount)
    allow_partial: bool = False  # the manager accepts recovering only what remains

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ReversalResult:
    id: str
    sale_id: str
    status: str  # reversed | refused
    code: str | None = None
    message: str | None = None
    # issue 14 (refunds): reversed_full | reversed_partial, and what the reversal moved
    final_state: str | None = None
    recovered: int | None = None
    refund: int | None = None
    bonus_back: int | None = None
    points_back: int | None = None


@dataclass(frozen=True, slots=True)
class CancellationRequest:
    id: str
    sale_id: str
    seq: int
    reason: str
    created_at_ms: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CancellationResult:
    id: str
    sale_id: str
    status: str  # cancelled | refused
    code: str | None = None
    message: str | None = None


# ---------------------------------------------------------------- day closes (Z reports)

AMOUNTS = ("face", "bonus", "price", "float_cost", "commission")


@dataclass(slots=True)
class Totals:
    """A count of sales and the sums of their amounts (minor units). Used by the terminal's reports
    and by the server's recomputation of a day close: one definition, so the two can be compared."""

    count: int = 0
    face: int = 0
    bonus: int = 0
    price: int = 0
    float_cost: int = 0
    commission: int = 0

    def add(self, line: Any) -> None:
        """Add anything with these six attributes (a Totals, a report line)."""
        self.count += line.count
        self.face += line.face
        self.bonus += line.bonus
        self.price += line.price
        self.float_cost += line.float_cost
        self.commission += line.commission

    def add_sale(self, face: int, bonus: int, price: int, float_cost: int) -> None:
        self.count += 1
        self.face += face
        self.bonus += bonus
        self.price += price
        self.float_cost += float_cost
        self.commission += face - float_cost

    def __add__(self, other: "Totals") -> "Totals":
        out = Totals()
        out.add(self)
        out.add(other)
        return out

    def as_dict(self) -> dict[str, int]:
        return {"count": self.count, "face": self.face, "bonus": self.bonus, "price": self.price,
                "float_cost": self.float_cost, "commission": self.commission}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Totals":
        return cls(*(int(data.get(k, 0)) for k in ("count", *AMOUNTS)))

    def money(self, name: str, currency: str) -> Money:
        return Money(getattr(self, name), currency)


@dataclass(frozen=True, slots=True)
class CloseRequest:
    id: str
    z_no: int
    business_day: str
    first_day: str
    closed_at_ms: int
    currency: str
    seq_ranges: list[list[int]] = field(default_factory=list)  # sales the terminal says were answered
    carried_seqs: list[int] = field(default_factory=list)  # still in flight, carried over by a manager
    client_totals: dict[str, int] | None = None  # issue 16: the terminal's settled totals, for the console
    client_methods: dict[str, list[int]] | None = None  # issue 16 item 6: takings per method {m: [count, face]}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CloseResult:
    id: str
    z_no: int
    terminal_id: str
    business_day: str
    currency: str
    settled: Totals
    reversed: Totals
    rejected: int
    missing_seqs: list[int] = field(default_factory=list)
    unlisted_seqs: list[int] = field(default_factory=list)
    computed_at_ms: int = 0
    status: str = "computed"


# ---------------------------------------------------------------- enrollment


@dataclass(frozen=True, slots=True)
class Enrollment:
    terminal_id: str
    terminal_code: str
    agent_id: str
    secret: str  # base64 of 32 bytes
    server_time_ms: int


def field_names(cls: type) -> tuple[str, ...]:
    """The wire fields of one of these documents (for schema parity checks)."""
    return tuple(f.name for f in fields(cls))
