"""Cash count rules for a clerk's shift: denominations, expected vs counted per payment method,
and when the variance needs a manager."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from topup_core.errors import ValidationError
from topup_core.money import Money, currency_exponent
from topup_core.payment import MONEY_METHODS, PaymentMethod
from .sale import SaleStatus

# Major units, notes first then coins. Unknown currencies count one total per method instead.
DENOMINATIONS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "KES": ((1000, 500, 200, 100, 50), (20, 10, 5, 1)),
}
MAX_PIECES = 100_000  # per denomination: more is a typo
# What stays in the drawer: the money of every sale the shop kept (see domain.reports.TAKINGS).
DRAWER_STATUSES = frozenset({SaleStatus.QUEUED, SaleStatus.CONFIRMED, SaleStatus.REVERSAL_PENDING,
                             SaleStatus.REVERSAL_REFUSED, SaleStatus.DISPUTED})


def denominations(currency: str) -> tuple[int, ...]:
    notes, coins = DENOMINATIONS.get(currency, ((), ()))
    return notes + coins


def notes_and_coins(currency: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return DENOMINATIONS.get(currency, ((), ()))


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination (major units -> how many)."""

    currency: str
    pieces: Mapping[int, int]

    def __post_init__(self) -> None:
        allowed = set(denominations(self.currency))
        for denom, qty in self.pieces.items():
            if type(denom) is not int or denom not in allowed:
                raise ValidationError("denomination_unknown", f"{denom} is not a {self.currency} note or coin.")
            if type(qty) is not int or qty < 0 or qty > MAX_PIECES:
                raise ValidationError("count_invalid", f"Count whole pieces (0 to {MAX_PIECES}) for {denom}.")

    @property
    def total(self) -> Money:
        unit = 10 ** currency_exponent(self.currency)
        return Money(sum(d * unit * q for d, q in self.pieces.items()), self.currency)

    def as_dict(self) -> dict[str, int]:
        return {str(d): q for d, q in sorted(self.pieces.items(), reverse=True) if q}

    @classmethod
    def from_dict(cls, currency: str, data: Mapping[str, int]) -> "CashCount":
        return cls(currency, {int(k): int(v) for k, v in data.items()})


@dataclass(frozen=True)
class MethodVariance:
    method: str
    expected: Money
    counted: Money

    @property
    def variance(self) -> Money:
        """Counted minus expected: negative means money is missing."""
        return self.counted - self.expected

    def as_dict(self) -> dict[str, int | str]:
        return {"method": self.method, "expected": self.expected.amount, "counted": self.counted.amount,
                "variance": self.variance.amount}


def expected_by_method(opening_float: Money, sales: Iterable[tuple[str, str, int]]) -> dict[str, Money]:
    """(payment method, status, price) of a shift's sales -> what each method should hold.
    Cash starts from the opening float; rejected, cancelled and reversed sales were paid back."""
    currency = opening_float.currency
    out = {m.value: Money.zero(currency) for m in MONEY_METHODS}  # points: a line only when used
    out[PaymentMethod.CASH.value] = opening_float
    for method, status, price in sales:
        if SaleStatus(status) in DRAWER_STATUSES:
            out[method] = out.get(method, Money.zero(currency)) + Money(price, currency)
    return out


def counted_by_method(expected: Mapping[str, Money], cash: Money,
                      others: Mapping[str, Money | int] | None = None) -> dict[str, Money]:
    """What was counted per method: the cash from the drawer, card / mobile money from their own
    slips; a method not given counts as what is expected."""
    counted = dict(expected)
    for method, value in (others or {}).items():
        counted[method] = value if isinstance(value, Money) else Money(int(value), cash.currency)
    counted[PaymentMethod.CASH.value] = cash
    return counted


def reconcile(expected: Mapping[str, Money], counted: Mapping[str, Money]) -> list[MethodVariance]:
    """One line per payment method; a method not counted counts as zero."""
    methods = [m.value for m in PaymentMethod] + sorted(set(expected) - {m.value for m in PaymentMethod})
    out = []
    for method in methods:
        exp = expected.get(method)
        if exp is None:
            continue
        out.append(MethodVariance(method, exp, counted.get(method, Money.zero(exp.currency))))
    return out


def needs_approval(variances: Iterable[MethodVariance], threshold: Money) -> bool:
    """A manager must approve when any method is off by more than the threshold, either way."""
    return any(abs(v.variance.amount) > threshold.amount for v in variances)
