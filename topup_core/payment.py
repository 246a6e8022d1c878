"""How the customer paid: cash (tendered, change), card or mobile money (reference), or points."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .errors import ValidationError
from .money import Money

# Anything beyond this is a typo or an attack, never a real amount (also keeps int64 safe).
MAX_MINOR_UNITS = 10**12
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{2,63}$")


class PaymentMethod(str, enum.Enum):
    CASH = "cash"
    CARD = "card"
    MOBILE_MONEY = "mobile_money"
    POINTS = "points"  # issue 14: the customer's loyalty points (the server checks the balance at ingest)


# The methods money comes in by (a drawer, a card slip, a mobile-money SMS): points are not money taken.
MONEY_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE_MONEY)


# How printed documents (receipts, slips, reports) name them; screens translate their own.
METHOD_NAMES = {PaymentMethod.CASH: "Cash", PaymentMethod.CARD: "Card", PaymentMethod.MOBILE_MONEY: "Mobile money",
                PaymentMethod.POINTS: "Points"}


@dataclass(frozen=True, slots=True)
class Payment:
    method: PaymentMethod
    tendered: Money | None = None  # cash only
    change: Money | None = None  # cash only
    reference: str | None = None  # card / mobile money


def take_payment(method: PaymentMethod | str, price: Money, tendered: Money | None = None,
                 reference: str | None = None) -> Payment:
    try:
        method = PaymentMethod(method)
    except ValueError:
        raise ValidationError("payment_method_unknown", "Choose cash, card or mobile money.") from None
    if method is PaymentMethod.CASH:
        if tendered is None:
            raise ValidationError("tendered_missing", "Type the cash the customer handed over.")
        if tendered.currency != price.currency:
            raise ValidationError("currency_mismatch", f"Cash must be in {price.currency}.")
        if tendered.amount > MAX_MINOR_UNITS:
            raise ValidationError("amount_absurd", "That amount is not possible. Check the digits.")
        if tendered < price:
            raise ValidationError("tendered_too_low", f"The customer must hand over at least {price}.")
        return Payment(method, tendered=tendered, change=tendered - price)
    if method is PaymentMethod.POINTS:
        return Payment(method)  # how many points: the catalog's redemption rate (topup_core.loyalty)
    ref = (reference or "").strip()
    if not ref:
        raise ValidationError("payment_reference_missing", "Type the payment reference from the card or mobile-money slip.")
    if not _REFERENCE.match(ref):
        raise ValidationError("payment_reference_invalid", "The reference has 3 to 64 letters, digits, dashes or slashes.")
    return Payment(method, reference=ref)
