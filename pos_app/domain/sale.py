"""The rules of a top-up sale: what may be sold, at what price, and how its state may move."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from topup_core.catalog import Catalog, Product, ProductKind
from topup_core.errors import Conflict, NotFound, ValidationError
from topup_core.money import Money
from topup_core.msisdn import Msisdn, parse_msisdn
from topup_core.payment import Payment, PaymentMethod, take_payment
from topup_core.pricing import check_sellable, quote
from topup_core.promotions import CustomerFacts, Reason


class SaleStatus(str, enum.Enum):
    QUEUED = "QUEUED"  # durable here, not yet acknowledged by the server
    CONFIRMED = "CONFIRMED"
    REJECTED = "REJECTED"
    REVERSAL_PENDING = "REVERSAL_PENDING"
    REVERSED = "REVERSED"
    REVERSAL_REFUSED = "REVERSAL_REFUSED"
    CANCELLED = "CANCELLED"  # a queued sale withdrawn locally before it was ever sent
    # issue 11: the server holds this sale id from this agent under another terminal identity (or
    # with other content). The outcome is the server's, not ours: never REJECTED, the voucher stays
    # sold, and a manager settles it with the server's answer in front of them.
    DISPUTED = "DISPUTED"


_TRANSITIONS: dict[SaleStatus, frozenset[SaleStatus]] = {
    SaleStatus.QUEUED: frozenset({SaleStatus.CONFIRMED, SaleStatus.REJECTED, SaleStatus.CANCELLED,
                                  SaleStatus.DISPUTED}),
    SaleStatus.CONFIRMED: frozenset({SaleStatus.REVERSAL_PENDING}),
    SaleStatus.REVERSAL_PENDING: frozenset({SaleStatus.REVERSED, SaleStatus.REVERSAL_REFUSED}),
    SaleStatus.REVERSAL_REFUSED: frozenset({SaleStatus.REVERSAL_PENDING}),
    SaleStatus.REJECTED: frozenset(),
    SaleStatus.REVERSED: frozenset(),
    SaleStatus.CANCELLED: frozenset(),
    SaleStatus.DISPUTED: frozenset({SaleStatus.CONFIRMED, SaleStatus.REJECTED}),  # a manager settles it
}

# issue 11: server answers that mean "this id is already taken at the server" rather than "no".
# `duplicate_other_terminal` (new servers) carries the server's recorded outcome; `id_conflict`
# (older servers) does not. For a sale id made here neither may become a REJECTED sale.
DISPUTE_CODES = frozenset({"duplicate_other_terminal", "id_conflict"})


def check_transition(current: SaleStatus, new: SaleStatus) -> None:
    if new not in _TRANSITIONS[current]:
        raise Conflict("sale_state_conflict", f"A {current.value} sale cannot become {new.value}.")


@dataclass(frozen=True, slots=True)
class SaleRequest:
    """What the clerk entered, before any validation."""

    msisdn: str
    product_code: str
    face: int  # minor units
    payment_method: PaymentMethod | str = PaymentMethod.CASH
    tendered: int | None = None  # minor units, cash only
    reference: str | None = None  # card / mobile money
    facts: CustomerFacts | None = None  # issue 14 (offers): what is known of the customer (targeted bonuses)


@dataclass(frozen=True, slots=True)
class PricedSale:
    """A validated, priced sale: everything the store needs to record it."""

    msisdn: Msisdn
    product: Product
    face: Money
    bonus: Money
    price: Money
    float_cost: Money
    commission: Money
    payment: Payment
    promotion_code: str | None
    catalog_version: int
    bonus_reason: Reason | None = None  # issue 14 (offers): why the bonus applies


def price_sale(catalog: Catalog, request: SaleRequest, at: datetime) -> PricedSale:
    """Validate a request against the catalog and price it. Raises a ValidationError naming the first problem."""
    msisdn = parse_msisdn(request.msisdn, catalog.country)
    try:
        product = catalog.product(request.product_code)
    except NotFound:
        raise ValidationError("product_unknown", "That product is not in the catalog. Pick another.") from None
    check_sellable(catalog, product, request.face, at)
    amounts = quote(catalog, product, request.face, at, request.facts)
    tendered = None
    if request.tendered is not None:
        if type(request.tendered) is not int:
            raise ValidationError("amount_invalid", "The cash amount must be a whole number of minor units.")
        tendered = Money(request.tendered, catalog.currency)
    payment = take_payment(request.payment_method, amounts.money("price"), tendered, request.reference)
    return PricedSale(
        msisdn=msisdn, product=product, face=amounts.money("face"), bonus=amounts.money("bonus"),
        price=amounts.money("price"), float_cost=amounts.money("float_cost"),
        commission=amounts.money("commission"), payment=payment,
        promotion_code=amounts.promotion_code, catalog_version=catalog.version, bonus_reason=amounts.bonus_reason,
    )


def is_voucher(product: Product) -> bool:
    return product.kind is ProductKind.VOUCHER
