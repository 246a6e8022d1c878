"""Daily takings that add up: pure aggregation of sales into report figures, and the business day.

Input is a list of `SaleLine`s: one sale, or a group of sales that share every dimension (the
service lets SQLite do the GROUP BY and hands the groups over). Every figure is an integer sum
in minor units; a `Figures` holds one currency. Formatting for people happens at the edge.

Which sales count:
* takings  - the money the shop kept: QUEUED, CONFIRMED, REVERSAL_PENDING, REVERSAL_REFUSED;
  every breakdown (clerk, operator, product, payment method, hour) is over the takings.
* confirmed - the part the server has confirmed (takings minus QUEUED).
* settled   - CONFIRMED + REVERSAL_REFUSED: what the server must agree with to the cent on a Z.
* REJECTED, CANCELLED and REVERSED sales are no takings; they appear under by_status and in the
  exceptions list (who, when, why).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from topup_core.money import Money
from topup_core.wire import AMOUNTS, Totals
from .sale import SaleStatus

TAKINGS = frozenset({SaleStatus.QUEUED, SaleStatus.CONFIRMED, SaleStatus.REVERSAL_PENDING,
                     SaleStatus.REVERSAL_REFUSED, SaleStatus.DISPUTED})
CONFIRMED = frozenset({SaleStatus.CONFIRMED, SaleStatus.REVERSAL_PENDING, SaleStatus.REVERSAL_REFUSED})
SETTLED = frozenset({SaleStatus.CONFIRMED, SaleStatus.REVERSAL_REFUSED})
# Takings not confirmed (yet): queued, or held by the server under an earlier identity (issue 11).
PENDING = frozenset({SaleStatus.QUEUED, SaleStatus.DISPUTED})
# Outcome not known yet: a Z refuses to close over these unless a manager carries them over.
UNSETTLED = frozenset({SaleStatus.QUEUED, SaleStatus.REVERSAL_PENDING, SaleStatus.DISPUTED})
DIMENSIONS = ("clerk", "operator", "product", "payment", "hour")


@dataclass(frozen=True, slots=True)
class SaleLine:
    """One sale (count=1) or a group of sales alike in every dimension."""

    status: SaleStatus
    clerk: str  # user name
    operator: str
    product: str
    payment: str  # PaymentMethod value
    hour: int  # 0-23, local time of the shop
    count: int
    face: int
    bonus: int
    price: int
    float_cost: int
    commission: int


def _sum(lines: Iterable[SaleLine | Totals]) -> Totals:
    out = Totals()
    for line in lines:
        out.add(line)
    return out


@dataclass(frozen=True, slots=True)
class FixEntry:
    """A cancellation, reversal or server rejection, for the report's exceptions list."""

    kind: str  # cancellation | reversal | rejection
    sale_id: str
    receipt_no: str
    at_ms: int
    who: str  # actor label who asked (or "server" for a rejection)
    approver: str | None
    reason: str
    outcome: str  # cancelled | pending | reversed | refused | rejected
    code: str | None
    price: int

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "sale_id": self.sale_id, "receipt_no": self.receipt_no, "at_ms": self.at_ms,
                "who": self.who, "approver": self.approver, "reason": self.reason, "outcome": self.outcome,
                "code": self.code, "price": self.price}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FixEntry":
        return cls(d["kind"], d["sale_id"], d["receipt_no"], int(d["at_ms"]), d["who"], d.get("approver"),
                   d.get("reason", ""), d["outcome"], d.get("code"), int(d.get("price", 0)))


@dataclass(slots=True)
class Figures:
    currency: str
    takings: Totals = field(default_factory=Totals)
    confirmed: Totals = field(default_factory=Totals)
    settled: Totals = field(default_factory=Totals)
    pending: Totals = field(default_factory=Totals)
    by_status: dict[str, Totals] = field(default_factory=dict)
    by_clerk: dict[str, Totals] = field(default_factory=dict)
    by_operator: dict[str, Totals] = field(default_factory=dict)
    by_product: dict[str, Totals] = field(default_factory=dict)
    by_payment: dict[str, Totals] = field(default_factory=dict)
    by_hour: dict[int, Totals] = field(default_factory=dict)

    def breakdown(self, dimension: str) -> dict:
        return getattr(self, f"by_{dimension}")

    def money(self, amount: int) -> Money:
        return Money(amount, self.currency)

    def top(self, dimension: str, n: int = 5, by: str = "price") -> list[tuple[Any, Totals]]:
        rows = self.breakdown(dimension).items()
        return sorted(rows, key=lambda kv: (-getattr(kv[1], by), str(kv[0])))[:n]

    def as_dict(self) -> dict[str, Any]:
        def table(d: dict) -> dict[str, dict[str, int]]:
            return {str(k): v.as_dict() for k, v in sorted(d.items(), key=lambda kv: str(kv[0]))}
        return {"currency": self.currency, "takings": self.takings.as_dict(), "confirmed": self.confirmed.as_dict(),
                "settled": self.settled.as_dict(), "pending": self.pending.as_dict(),
                "by_status": table(self.by_status), "by_clerk": table(self.by_clerk),
                "by_operator": table(self.by_operator), "by_product": table(self.by_product),
                "by_payment": table(self.by_payment),
                "by_hour": {f"{h:02d}": t.as_dict() for h, t in sorted(self.by_hour.items())}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Figures":
        def table(name: str, key=str) -> dict:  # noqa: ANN001
            return {key(k): Totals.from_dict(v) for k, v in d.get(name, {}).items()}
        return cls(d["currency"], Totals.from_dict(d["takings"]), Totals.from_dict(d["confirmed"]),
                   Totals.from_dict(d["settled"]), Totals.from_dict(d["pending"]), table("by_status"),
                   table("by_clerk"), table("by_operator"), table("by_product"), table("by_payment"),
                   table("by_hour", int))


def aggregate(lines: Iterable[SaleLine], currency: str) -> Figures:
    """Fold sales (or groups of sales) into report figures. Every breakdown sums to the takings."""
    fig = Figures(currency)
    for line in lines:
        status = SaleStatus(line.status)
        fig.by_status.setdefault(status.value, Totals()).add(line)
        if status not in TAKINGS:
            continue
        fig.takings.add(line)
        if status in CONFIRMED:
            fig.confirmed.add(line)
        if status in SETTLED:
            fig.settled.add(line)
        if status in PENDING:
            fig.pending.add(line)
        fig.by_clerk.setdefault(line.clerk, Totals()).add(line)
        fig.by_operator.setdefault(line.operator, Totals()).add(line)
        fig.by_product.setdefault(line.product, Totals()).add(line)
        fig.by_payment.setdefault(line.payment, Totals()).add(line)
        fig.by_hour.setdefault(line.hour, Totals()).add(line)
    return fig


def check_consistent(fig: Figures) -> list[str]:
    """What does not add up (empty when every breakdown sums to the takings)."""
    problems = []
    for dim in DIMENSIONS:
        if _sum(fig.breakdown(dim).values()) != fig.takings:
            problems.append(f"by_{dim} does not sum to the takings")
    counted = _sum(t for s, t in fig.by_status.items() if SaleStatus(s) in TAKINGS)
    if counted != fig.takings:
        problems.append("by_status does not sum to the takings")
    if fig.confirmed + fig.pending != fig.takings:
        problems.append("confirmed + pending is not the takings")
    return problems


def compare_with_server(client: Totals, reversed_client: Totals, server: dict[str, Any]) -> list[str]:
    """Differences between our settled figures and the server's own recomputation (empty: they agree)."""
    out = []
    theirs = Totals.from_dict(server.get("settled", {}))
    for name in ("count", *AMOUNTS):
        if name == "bonus":
            continue  # the server pays bonus from its own promotion rules; it is reported, not compared
        mine, other = getattr(client, name), getattr(theirs, name)
        if mine != other:
            out.append(f"{name}: ours {mine}, server {other}")
    reversed_server = int(server.get("reversed", {}).get("count", 0))
    if reversed_server != reversed_client.count:
        out.append(f"reversed count: ours {reversed_client.count}, server {reversed_server}")
    if server.get("missing_seqs"):
        out.append(f"server is missing {len(server['missing_seqs'])} sale(s)")
    if server.get("unlisted_seqs"):
        out.append(f"server has {len(server['unlisted_seqs'])} accepted sale(s) this report left out")
    return out


# ---------------------------------------------------------------- business day


def next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def open_business_day(local_date: str, last_closed_day: str | None) -> str:
    """The business day a sale made now belongs to: today's local date, or, once today (or a later
    day) has been closed by a Z, the day after the last closed one. So sales after a Z always
    belong to the next business day, and no sale ever lands in a closed day."""
    if last_closed_day is None or local_date > last_closed_day:
        return local_date
    return next_day(last_closed_day)


def seq_ranges(seqs: Iterable[int]) -> list[list[int]]:
    """[[lo, hi], ...] runs of consecutive numbers (input in any order)."""
    out: list[list[int]] = []
    for seq in sorted(seqs):
        if out and seq == out[-1][1] + 1:
            out[-1][1] = seq
        else:
            out.append([seq, seq])
    return out


# ---------------------------------------------------------------- the X / Z report read model


@dataclass(slots=True)
class Report:
    """What an X (snapshot) or Z (closing) report says. A Z is stored as `as_dict()` and never changes."""

    kind: str  # "X" | "Z"
    first_day: str  # first business day covered
    last_day: str  # last business day covered (the day a Z closes)
    generated_at_ms: int
    shop: dict[str, str]  # name, address, terminal_code, terminal_id, timezone
    figures: Figures
    clerk_names: dict[str, str] = field(default_factory=dict)  # user name -> display name
    product_names: dict[str, str] = field(default_factory=dict)
    fixes: list[FixEntry] = field(default_factory=list)
    carried_over: list[dict[str, Any]] = field(default_factory=list)  # {seq, receipt_no, status, price}
    z_no: int | None = None
    closed_by: str | None = None
    approved_by: str | None = None
    reason: str = ""
    server_seq_ranges: list[list[int]] = field(default_factory=list)  # sales the server should know
    reversed: Totals = field(default_factory=Totals)
    # Filled in from the server's answer (Z only); not part of the stored, immutable body.
    server_state: str | None = None
    server_totals: dict[str, Any] | None = None
    mismatches: list[str] = field(default_factory=list)
    # issue 12 (counter): user name -> the person's name, filled in when the report is read (not
    # part of the body either), so every rendering says "Mary Otieno", not "manager:mary".
    people: dict[str, str] = field(default_factory=dict)

    def person(self, label: str | None) -> str:
        """An actor label ("manager:mary") as the person's name; "server" and unknown labels as given."""
        if not label:
            return ""
        user = str(label).split(":", 1)[-1] if ":" in str(label) else None
        if user is None:
            return str(label)
        return self.people.get(user) or self.clerk_names.get(user) or str(label)

    @property
    def currency(self) -> str:
        return self.figures.currency

    @property
    def title(self) -> str:
        return f"Z report #{self.z_no}" if self.kind == "Z" else "X report (snapshot)"

    @property
    def days_label(self) -> str:
        return self.last_day if self.first_day == self.last_day else f"{self.first_day} – {self.last_day}"

    def body(self) -> dict[str, Any]:
        """The immutable content (what a Z stores and digests)."""
        return {"kind": self.kind, "z_no": self.z_no, "first_day": self.first_day, "last_day": self.last_day,
                "generated_at_ms": self.generated_at_ms, "shop": dict(self.shop), "figures": self.figures.as_dict(),
                "clerk_names": dict(sorted(self.clerk_names.items())),
                "product_names": dict(sorted(self.product_names.items())),
                "fixes": [f.as_dict() for f in self.fixes], "carried_over": list(self.carried_over),
                "closed_by": self.closed_by, "approved_by": self.approved_by, "reason": self.reason,
                "server_seq_ranges": self.server_seq_ranges, "reversed": self.reversed.as_dict()}

    @classmethod
    def from_body(cls, d: dict[str, Any]) -> "Report":
        return cls(kind=d["kind"], first_day=d["first_day"], last_day=d["last_day"],
                   generated_at_ms=int(d["generated_at_ms"]), shop=dict(d["shop"]),
                   figures=Figures.from_dict(d["figures"]), clerk_names=dict(d.get("clerk_names", {})),
                   product_names=dict(d.get("product_names", {})),
                   fixes=[FixEntry.from_dict(f) for f in d.get("fixes", [])],
                   carried_over=list(d.get("carried_over", [])), z_no=d.get("z_no"), closed_by=d.get("closed_by"),
                   approved_by=d.get("approved_by"), reason=d.get("reason", ""),
                   server_seq_ranges=[list(r) for r in d.get("server_seq_ranges", [])],
                   reversed=Totals.from_dict(d.get("reversed", {})))


@dataclass(slots=True)
class Dashboard:
    """Today against the seven business days before it."""

    day: str
    currency: str
    today: Figures
    days: list[tuple[str, Totals]]  # the 7 previous days, oldest first (takings)
    hourly_avg_price: dict[int, int]  # hour -> average takings (price) over the 7 previous days
    clerk_names: dict[str, str] = field(default_factory=dict)
    product_names: dict[str, str] = field(default_factory=dict)

    @property
    def week_avg(self) -> Totals:
        total = _sum(t for _, t in self.days)
        n = max(len(self.days), 1)
        return Totals(total.count // n, total.face // n, total.bonus // n, total.price // n,
                      total.float_cost // n, total.commission // n)
