"""The one formula that prices a top-up, used by the terminal (to sell) and the server (to check).

    float cost = face - floor(face * commission_bps / 10,000)
    price      = face + the product's fee
    bonus      = the best tier reached among the live promotions (no stacking)

`check_sellable` names the first reason a product cannot be sold at that face value and time;
`quote` computes the amounts of a sale that passed it. Integers in minor units only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .catalog import Catalog, Product
from .promotions import CustomerFacts, Reason
from .errors import ValidationError
from .money import Money
from .payment import MAX_MINOR_UNITS


@dataclass(frozen=True, slots=True)
class Quote:
    """The amounts of one sale, all in the catalog's currency (minor units)."""

    currency: str
    face: int
    bonus: int
    price: int
    float_cost: int
    commission: int
    promotion_code: str | None
    bonus_reason: Reason | None = None  # issue 14: why the bonus applies (a targeted promotion)

    def money(self, name: str) -> Money:
        return Money(getattr(self, name), self.currency)


def check_sellable(catalog: Catalog, product: Product, face: int, at: datetime) -> None:
    """Refuse a face value this product cannot be sold at, at `at`, with the reason."""
    if not product.is_available(at):
        raise ValidationError("product_unavailable", f"{product.name} is not on sale right now.")
    if type(face) is not int:
        raise ValidationError("amount_invalid", "The amount must be a whole number of minor units.")
    if face > MAX_MINOR_UNITS:
        raise ValidationError("amount_absurd", "That amount is not possible. Check the digits.")
    product.check_amount(face)
    if face > catalog.limits.max_sale:
        raise ValidationError("amount_above_sale_limit",
                              f"One sale can be at most {Money(catalog.limits.max_sale, catalog.currency)}.")


def quote(catalog: Catalog, product: Product, face: int, at: datetime, facts: CustomerFacts | None = None
          ) -> Quote:
    """Price a face value of `product` (already checked with `check_sellable`). `facts` (issue 14):
    what is known of the customer, for targeted and capped promotions; None: only the others apply."""
    bonus = catalog.segment_bonus(product, face, at, facts)
    commission = product.commission(face)
    return Quote(currency=catalog.currency, face=face, bonus=bonus.amount, price=face + product.fee,
                 float_cost=face - commission, commission=commission, promotion_code=bonus.code,
                 bonus_reason=bonus.reason)
