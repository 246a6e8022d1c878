"""Money as integer minor units plus an ISO 4217 currency code. No float path exists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import ValidationError

# Minor-unit exponents for the currencies we trade in; default 2 (ISO 4217).
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}
_CODE = re.compile(r"^[A-Z]{3}$")
_AMOUNT_TEXT = re.compile(r"^\s*(\d{1,15})(?:[.,](\d{0,3}))?\s*$")


def currency_exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    amount: int  # minor units (cents, kobo...)
    currency: str  # ISO 4217 code

    def __post_init__(self) -> None:
        # bool is an int subclass; refuse it along with float/Decimal.
        if type(self.amount) is not int:
            raise TypeError(f"Money amount must be int minor units, got {type(self.amount).__name__}")
        if not isinstance(self.currency, str) or not _CODE.match(self.currency):
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> "Money":
        """Parse what a clerk typed ("100", "99.50", "99,5") into minor units, exactly."""
        match = _AMOUNT_TEXT.match(text or "")
        if not match:
            raise ValidationError("amount_invalid", "Type the amount in digits, for example 100 or 99.50.")
        exponent = currency_exponent(currency)
        whole, fraction = match.group(1), match.group(2) or ""
        if len(fraction) > exponent:
            raise ValidationError("amount_invalid", f"{currency} has at most {exponent} decimal places.")
        try:
            minor = int(Decimal(whole + "." + (fraction or "0")).scaleb(exponent))
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise ValidationError("amount_invalid", "Type the amount in digits.") from exc
        return cls(minor, currency)

    def _check(self, other: object) -> "Money":
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")
        return other

    def __add__(self, other: "Money") -> "Money":
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        return Money(self.amount - self._check(other).amount, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.amount, self.currency)

    def __lt__(self, other: "Money") -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: "Money") -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: "Money") -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: "Money") -> bool:
        return self.amount >= self._check(other).amount

    def times(self, factor: int) -> "Money":
        if type(factor) is not int:
            raise TypeError("Money can only be multiplied by an int")
        return Money(self.amount * factor, self.currency)

    def basis_points(self, bps: int) -> "Money":
        """The share `bps`/10000 of this amount, rounded down (the agent never gets a fraction)."""
        if type(bps) is not int:
            raise TypeError("basis points must be int")
        return Money(self.amount * bps // 10_000, self.currency)

    def to_decimal_string(self) -> str:
        """Plain '1234.50' form for machines (CSV, JSON); use babel at the edge for people."""
        exponent = currency_exponent(self.currency)
        sign = "-" if self.amount < 0 else ""
        units, minor = divmod(abs(self.amount), 10**exponent)
        return f"{sign}{units}.{minor:0{exponent}d}" if exponent else f"{sign}{units}"

    def __str__(self) -> str:
        return f"{self.to_decimal_string()} {self.currency}"
