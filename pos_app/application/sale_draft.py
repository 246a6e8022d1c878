"""The sale being entered at the counter, without Qt: the step machine (number → amount → payment →
confirm → result), and every rule the screen shows while the clerk types — the number checked and
formatted as typed, the operator suggested, the product's amounts and their quick picks, the nearest
valid amounts when one is off, the price and the bonus (the one formula, topup_core.pricing), the
change and the quick cash amounts. The shop's country and currency come from its settings.

The sale screen (pos_app/ui/sale) only shows what this says and forwards what the clerk does; the
sale itself is priced and recorded by `Sell`. Kept across a lock by the same clerk and across errors.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from topup_core.catalog import Catalog, Product, ProductKind
from topup_core.errors import DomainError, NotFound, ValidationError
from topup_core.formatting import amount_text
from topup_core.money import Money, currency_exponent
from topup_core.msisdn import Msisdn, example_mobile, format_as_typed, national_digits_as_typed, parse_msisdn
from topup_core.payment import PaymentMethod, take_payment
from topup_core.pricing import check_sellable, quote
from topup_core.promotions import CustomerFacts, Reason
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import PricedSale, SaleRequest

# Offered as one-tap amounts for an any-amount product, when in range and on its step (major units).
QUICK_RANGE_AMOUNTS = (50, 100, 200, 500, 1000)
# Notes a customer is likely to hand over, to offer "rounded up" cash amounts (major units).
QUICK_CASH_NOTES = (50, 100, 200, 500, 1000)
MAX_QUICK_CASH = 5
# Codes whose message the number field shows while the clerk is still typing (the rest wait for Enter).
SHOW_WHILE_TYPING = ("msisdn_invalid_characters", "msisdn_too_long", "msisdn_wrong_country")


class Step(enum.IntEnum):
    NUMBER = 0
    AMOUNT = 1
    PAYMENT = 2
    CONFIRM = 3
    RESULT = 4


@dataclass(frozen=True)
class NumberCheck:
    text: str  # what the field should show (formatted as typed)
    msisdn: Msisdn | None  # set once the number is a valid mobile number of the shop's country
    error: ValidationError | None  # a mistake worth showing while typing
    digits: int  # how many digits are typed
    operator: str | None  # the operator now chosen (suggested, or the clerk's own choice)
    operator_suggested: bool  # the operator comes from the number's prefix, not from the clerk
    expected: int = 0  # how many digits a number of the shop's country has in the form being typed (0: unknown)


# What a phone number field accepts (issue 12): digits, a leading +, and the separators people type.
NUMBER_CHARS = re.compile(r"[+0-9 ()\-./]")


def split_number_input(text: str) -> tuple[str, str]:
    """(what a number field keeps, what it refuses) of typed or pasted text: "07l2 abc 678" keeps
    "072  678" and refuses "labc". Letters are refused, never silently dropped: the caller says so."""
    kept = "".join(ch for ch in text if NUMBER_CHARS.fullmatch(ch))
    refused = "".join(ch for ch in text if not NUMBER_CHARS.fullmatch(ch) and not ch.isspace())
    return kept, refused


@dataclass(frozen=True)
class AmountCheck:
    face: Money | None  # a valid face value for the product, else None
    bonus: Money | None  # what the promotion adds (None: no bonus)
    promotion: str | None  # its name
    reason: Reason | None = None  # issue 14 (offers): why it applies (a targeted promotion)


@dataclass(frozen=True)
class TenderCheck:
    short: Money | None  # how much is missing
    change: Money | None  # what to give back


@dataclass(frozen=True)
class Summary:
    number: str | None
    operator: str | None
    product: str | None
    face: Money | None
    bonus: Money | None  # None: not known yet; zero: no bonus
    price: Money | None
    method: PaymentMethod


@dataclass
class SaleDraft:
    country: str
    currency: str
    now: Callable[[], datetime]
    catalog: Catalog | None = None
    step: Step = Step.NUMBER
    number_text: str = ""
    msisdn: Msisdn | None = None
    operator: str | None = None
    operator_manual: bool = False
    product_code: str | None = None
    amount_text: str = ""
    face: Money | None = None
    method: PaymentMethod = PaymentMethod.CASH
    tendered_text: str = ""
    reference: str = ""
    priced: PricedSale | None = None
    result: SaleRecord | None = field(default=None, repr=False)
    customer_facts: CustomerFacts | None = None  # issue 14 (offers): from the customer panel's view

    # ------------------------------------------------------------ the step machine

    def reset(self) -> None:
        """A new customer: everything typed goes, the shop's settings and the catalog stay."""
        fresh = SaleDraft(self.country, self.currency, self.now, self.catalog)
        self.__dict__.update(fresh.__dict__)

    def go(self, step: Step) -> Step:
        self.step = step
        return step

    def back(self) -> Step:
        """Escape: one step back. On the number step it clears the number; after a result, a new sale."""
        if self.step is Step.RESULT:
            self.reset()
        elif self.step is Step.NUMBER:
            self.type_number("")
        else:
            self.step = Step(int(self.step) - 1)
        return self.step

    # ------------------------------------------------------------ step 1: the number

    def example_number(self) -> tuple[str, str]:
        """(national, international) form of a mobile number of the shop's country, for hints."""
        return example_mobile(self.country)

    def type_number(self, text: str, at_end: bool = True) -> NumberCheck:
        """The clerk typed in the number field. Formats as typed (when the cursor is at the end),
        checks, and suggests the operator from the prefix unless the clerk chose one."""
        formatted = format_as_typed(text, self.country) if text.strip() else ""
        if at_end and formatted and formatted != text and _digits(formatted) == _digits(text):
            text = formatted
        self.number_text = text
        self.msisdn = None
        self.priced = None
        error = None
        national = national_digits_as_typed(text, self.country)
        try:
            self.msisdn = parse_msisdn(text, self.country)
            national = self.msisdn.national_number
        except ValidationError as exc:
            if exc.code in SHOW_WHILE_TYPING:
                error = exc
        if self.catalog is not None and not self.operator_manual:
            suggested = self.catalog.suggest_operator(national) if len(national) >= 2 else None
            self._set_operator(suggested.code if suggested else None, manual=False)
        return NumberCheck(text, self.msisdn, error, len(_digits(text)), self.operator,
                           self.operator is not None and not self.operator_manual, self.expected_digits(text))

    def expected_digits(self, text: str) -> int:
        """Digits of a mobile number of the shop's country in the form the clerk is typing
        (national, or international after + / 00), from the country's example number (issue 12)."""
        national, international = self.example_number()
        typed = text.strip()
        if typed.startswith("00"):
            return len(_digits(international)) + 2 if international else 0
        return len(_digits(international if typed.startswith("+") else national))

    def choose_operator(self, code: str | None, manual: bool = True) -> None:
        self._set_operator(code, manual)

    def _set_operator(self, code: str | None, manual: bool) -> None:
        if code != self.operator:
            self.product_code = None
            self.priced = None
        self.operator = code
        self.operator_manual = manual and code is not None

    def number_entered(self) -> Step:
        """Enter on the number: a valid number, a catalog and an operator, then the amount step
        (with the operator's any-amount product preselected). Raises the ValidationError to show."""
        self.msisdn = parse_msisdn(self.number_text, self.country)
        if self.catalog is None:
            raise DomainError("catalog_missing", "There is no catalog yet. Connect to the server to download it.")
        if not self.operator:
            raise ValidationError("operator_missing", "Choose the customer's network.")
        products = self.products()
        if self.product_code not in [p.code for p in products]:
            default = next((p for p in products if p.kind is ProductKind.RANGE), products[0] if products else None)
            self.product_code = default.code if default else None
        return self.go(Step.AMOUNT)

    # ------------------------------------------------------------ step 2: the amount

    def products(self) -> list[Product]:
        if self.catalog is None or not self.operator:
            return []
        return self.catalog.products_of(self.operator, self.now())

    def product(self) -> Product | None:
        if self.catalog is None or not self.product_code:
            return None
        try:
            return self.catalog.product(self.product_code)
        except NotFound:
            return None

    def operator_name(self, code: str | None = None) -> str | None:
        code = code or self.operator
        if self.catalog is None or not code:
            return code
        try:
            return self.catalog.operator(code).name
        except NotFound:
            return code

    def choose_product(self, code: str) -> None:
        self.product_code = code
        self.priced = None
        self.type_amount(self.amount_text)

    def quick_amounts(self, product: Product | None = None) -> list[int]:
        """One-tap amounts (minor units): a fixed product's denominations, or round amounts an
        any-amount product can sell."""
        product = product or self.product()
        if product is None:
            return []
        if product.kind is not ProductKind.RANGE:
            return list(product.denominations)
        unit = 10 ** currency_exponent(product.currency)
        return [a * unit for a in QUICK_RANGE_AMOUNTS if self.is_valid_amount(product, a * unit)]

    def parse_amount(self, text: str) -> Money:
        return Money.parse(text, self.currency)

    def type_amount(self, text: str) -> AmountCheck:
        """Live, as the clerk types: the face value if it is one this product sells, and its bonus."""
        self.amount_text = text
        self.face = None
        self.priced = None
        product = self.product()
        if product is None or not text:
            return AmountCheck(None, None, None)
        try:
            face = self.parse_amount(text)
            product.check_amount(face.amount)
        except DomainError:
            return AmountCheck(None, None, None)
        self.face = face
        bonus, promotion = self.bonus_for(product, face)
        return AmountCheck(face, bonus if bonus.amount else None, promotion, self.bonus_reason(product, face))

    def amount_entered(self, text: str | None = None) -> Step:
        """Enter on the amount. A typed amount that is not one of a fixed product's amounts goes to
        the operator's any-amount product, if there is one (the keyboard path never needs the mouse).
        Raises a ValidationError whose details say what is allowed (min, max, step, nearest amounts)."""
        if text is not None:
            self.amount_text = text
        product = self.product()
        if product is None:
            raise ValidationError("product_missing", "Choose a product first.")
        if not self.amount_text.strip():
            raise ValidationError("amount_missing", "Type the amount, or tap one.")
        face = self.parse_amount(self.amount_text)
        if product.kind is not ProductKind.RANGE and face.amount not in product.denominations:
            ranged = next((p for p in self.products() if p.kind is ProductKind.RANGE), None)
            if ranged is not None:
                product = ranged
                self.product_code = ranged.code
        self.face = None
        try:
            check_sellable(self.catalog, product, face.amount, self.now())  # type: ignore[arg-type]
        except ValidationError as exc:
            raise self._explained(exc, product, face.amount) from None
        self.face = face
        return self.go(Step.PAYMENT)

    def is_valid_amount(self, product: Product, face: int) -> bool:
        """Whether `face` can be sold as this product, now (range, step, denominations, the per-sale limit)."""
        if self.catalog is None:
            return False
        try:
            check_sellable(self.catalog, product, face, self.now())
        except ValidationError:
            return False
        return True

    def nearest_amounts(self, product: Product, face: int) -> list[int]:
        """Up to two amounts this product can sell, the closest below and above `face` (for "did you
        mean X or Y?"). Every one is valid for the product; empty when none is (e.g. a sale limit
        below its minimum)."""
        if product.kind is ProductKind.RANGE:
            hi_limit = product.max_amount
            if self.catalog is not None:
                hi_limit = min(hi_limit, self.catalog.limits.max_sale)
            last = product.min_amount + (hi_limit - product.min_amount) // product.step * product.step
            if last < product.min_amount:
                return []
            if face <= product.min_amount:
                candidates = [product.min_amount]
            elif face >= last:
                candidates = [last]
            else:
                lower = face - (face - product.min_amount) % product.step
                candidates = [lower] if lower == face else [lower, lower + product.step]
        else:
            below = [d for d in product.denominations if d <= face]
            above = [d for d in product.denominations if d > face]
            if below and max(below) == face:
                candidates = [face]
            else:
                candidates = ([max(below)] if below else []) + ([min(above)] if above else [])
        return [a for a in dict.fromkeys(candidates) if self.is_valid_amount(product, a)]

    def _explained(self, exc: ValidationError, product: Product, face: int) -> ValidationError:
        details: dict[str, object] = {"currency": product.currency, "nearest": self.nearest_amounts(product, face)}
        if product.kind is ProductKind.RANGE:
            details.update(min=product.min_amount, max=product.max_amount, step=product.step)
        if self.catalog is not None:
            details["max_sale"] = self.catalog.limits.max_sale
        return ValidationError(exc.code, exc.message, **{**exc.details, **details})

    def bonus_for(self, product: Product, face: Money) -> tuple[Money, str | None]:
        """The promotion's bonus for this face value now, and the promotion's name."""
        if self.catalog is None:
            return Money.zero(face.currency), None
        bonus = self.catalog.segment_bonus(product, face.amount, self.now(), self.customer_facts)  # issue 14
        amount, code = bonus.amount, bonus.code
        name = next((p.name for p in self.catalog.promotions if p.code == code), code) if code else None
        return Money(amount, face.currency), name

    def bonus_reason(self, product: Product, face: Money) -> Reason | None:
        """issue 14 (offers): why the bonus of `bonus_for` applies ("Gold bonus", "welcome back")."""
        if self.catalog is None:
            return None
        return self.catalog.segment_bonus(product, face.amount, self.now(), self.customer_facts).reason

    def promotion_name(self, code: str | None) -> str | None:
        if not code or self.catalog is None:
            return None
        return next((p.name for p in self.catalog.promotions if p.code == code), code)

    # ------------------------------------------------------------ step 3: payment

    def price(self) -> Money | None:
        """What the customer pays (the one formula: topup_core.pricing), None until an amount is valid."""
        product = self.product()
        if product is None or self.face is None or self.catalog is None:
            return None
        return quote(self.catalog, product, self.face.amount, self.now()).money("price")

    def choose_method(self, method: PaymentMethod | str) -> None:
        self.method = PaymentMethod(method)
        self.priced = None

    def quick_cash(self) -> list[Money]:
        """Cash amounts a customer is likely to hand over: the exact price, then rounded up to notes."""
        price = self.price()
        if price is None:
            return []
        unit = 10 ** currency_exponent(price.currency)
        options = [price.amount]
        for note in QUICK_CASH_NOTES:
            value = note * unit
            rounded = -(-price.amount // value) * value
            if rounded > price.amount and rounded not in options:
                options.append(rounded)
        return [Money(a, price.currency) for a in options[:MAX_QUICK_CASH]]

    def type_tendered(self, text: str) -> TenderCheck:
        """Live: how much is missing, or the change to give."""
        self.tendered_text = text
        self.priced = None
        price = self.price()
        if price is None or not text:
            return TenderCheck(None, None)
        try:
            tendered = self.parse_amount(text)
        except ValidationError:
            return TenderCheck(None, None)
        if tendered < price:
            return TenderCheck(price - tendered, None)
        return TenderCheck(None, tendered - price)

    def type_reference(self, text: str) -> None:
        self.reference = text
        self.priced = None

    def payment_entered(self) -> SaleRequest:
        """Enter on the payment: the request to quote, or the ValidationError to show at its field."""
        price = self.price()
        if price is None:
            self.go(Step.AMOUNT)
            raise ValidationError("amount_missing", "Type the amount, or tap one.")
        if self.method is PaymentMethod.CASH:
            if not self.tendered_text.strip():
                raise ValidationError("tendered_missing", "Type the cash the customer handed over.")
            take_payment(self.method, price, self.parse_amount(self.tendered_text))
        else:
            take_payment(self.method, price, None, self.reference)
        return self.request()

    def request(self) -> SaleRequest:
        if self.msisdn is None or self.face is None or not self.product_code:
            raise ValidationError("sale_incomplete", "The number, the amount or the payment is missing.")
        cash = self.method is PaymentMethod.CASH
        return SaleRequest(msisdn=self.msisdn.e164, product_code=self.product_code, face=self.face.amount,
                           payment_method=self.method,
                           tendered=self.parse_amount(self.tendered_text).amount if cash else None,
                           reference=None if cash or self.method is PaymentMethod.POINTS else self.reference.strip(),
                           facts=self.customer_facts)

    # ------------------------------------------------------------ steps 4 and 5

    def quoted(self, priced: PricedSale) -> Step:
        """The confirm step shows the sale as Sell priced it."""
        self.priced = priced
        return self.go(Step.CONFIRM)

    def recorded(self, sale: SaleRecord) -> Step:
        self.result = sale
        return self.go(Step.RESULT)

    # ------------------------------------------------------------ the side panel, and repeating a sale

    def summary(self) -> Summary:
        """What "This sale" shows: only what belongs to the steps up to the one on screen, so that
        going back (Escape) never leaves the amount of a later step (issue 12)."""
        number = self.msisdn.national() if self.msisdn else (self.number_text or None)
        if self.step is Step.NUMBER:
            return Summary(number, self.operator_name(), None, None, None, None, self.method)
        product = self.product()
        bonus = self.bonus_for(product, self.face)[0] if product is not None and self.face is not None else None
        return Summary(number, self.operator_name(), product.name if product else None, self.face, bonus,
                       self.price(), self.method)

    def repeat(self, last: SaleRecord) -> Step:
        """The last top-up's number, network, product and amount, ready for a new payment. Returns
        the step reached (payment, or amount if that amount cannot be sold any more)."""
        self.reset()
        self.msisdn = parse_msisdn(last.msisdn, self.country)
        self.number_text = self.msisdn.national()
        self._set_operator(last.operator_code, manual=True)
        self.product_code = last.product_code
        self.amount_text = amount_text(last.face)
        self.go(Step.AMOUNT)
        self.type_amount(self.amount_text)
        try:
            return self.amount_entered()
        except ValidationError:
            return self.step


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())

