"""Operators, products, prices and commissions, as the server publishes them (versioned)."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import NotFound, ValidationError
from .money import Money
from .promotions import (BonusTier, Bonus, CustomerFacts, Promotion, Segment, WeeklyCap, best_bonus,
                         printable_bonuses, segment_bonus)


class ProductKind(str, enum.Enum):
    FIXED = "fixed"  # pinless, fixed denominations
    RANGE = "range"  # pinless, any amount in [min, max] on a step
    VOUCHER = "voucher"  # PIN voucher printed on the receipt


@dataclass(frozen=True, slots=True)
class Operator:
    code: str
    name: str
    prefixes: tuple[str, ...] = ()  # national significant number prefixes ("71", "740")


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    operator_code: str
    name: str
    kind: ProductKind
    currency: str
    commission_bps: int  # agent commission on face value, basis points
    denominations: tuple[int, ...] = ()  # FIXED and VOUCHER
    min_amount: int = 0  # RANGE
    max_amount: int = 0  # RANGE
    step: int = 1  # RANGE
    fee: int = 0  # what the customer pays on top of face value
    valid_from: datetime | None = None
    valid_to: datetime | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.commission_bps < 10_000:
            raise ValidationError("catalog_invalid", f"{self.code}: commission out of range")
        if self.kind is ProductKind.RANGE:
            if not (0 < self.min_amount <= self.max_amount and self.step > 0):
                raise ValidationError("catalog_invalid", f"{self.code}: bad range")
        elif not self.denominations or any(d <= 0 for d in self.denominations):
            raise ValidationError("catalog_invalid", f"{self.code}: needs positive denominations")

    def is_available(self, at: datetime) -> bool:
        return (self.valid_from is None or at >= self.valid_from) and (self.valid_to is None or at < self.valid_to)

    def check_amount(self, face: int) -> None:
        """Refuse a face value this product cannot sell, with the reason."""
        if type(face) is not int:
            raise ValidationError("amount_invalid", "Amount must be a whole number of minor units.")
        if face <= 0:
            raise ValidationError("amount_not_positive", "The amount must be more than zero.")
        if self.kind is ProductKind.RANGE:
            if face < self.min_amount:
                raise ValidationError("amount_below_min", f"The smallest amount is {Money(self.min_amount, self.currency)}.")
            if face > self.max_amount:
                raise ValidationError("amount_above_max", f"The largest amount is {Money(self.max_amount, self.currency)}.")
            if (face - self.min_amount) % self.step:
                raise ValidationError("amount_off_step", f"The amount must go up in steps of {Money(self.step, self.currency)}.")
        elif face not in self.denominations:
            raise ValidationError("amount_not_a_denomination", "Pick one of the amounts shown for this product.")

    def commission(self, face: int) -> int:
        return face * self.commission_bps // 10_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_sale: int  # per-sale maximum face value, minor units
    reversal_window_s: int = 900


@dataclass(frozen=True, slots=True)
class Catalog:
    version: int
    country: str  # ISO 3166 region for phone numbers ("KE")
    currency: str
    limits: Limits
    operators: tuple[Operator, ...]
    products: tuple[Product, ...]
    promotions: tuple[Promotion, ...] = ()
    tier_codes: tuple[str, ...] = ()  # issue 14: the loyalty tiers, lowest first (segment min_tier)
    _products_by_code: dict[str, Product] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._products_by_code.update({p.code: p for p in self.products})
        known = {op.code for op in self.operators}
        for product in self.products:
            if product.operator_code not in known:
                raise ValidationError("catalog_invalid", f"{product.code}: unknown operator {product.operator_code}")
            if product.currency != self.currency:
                raise ValidationError("catalog_invalid", f"{product.code}: currency differs from catalog")
        for promo in self.promotions:  # issue 14: a tier a promotion targets exists
            tier = promo.segment.min_tier
            if tier is not None and tier not in self.tier_codes:
                raise ValidationError("promotion_invalid", f"promotion {promo.code}: segment.min_tier {tier!r} is "
                                      f"not a loyalty tier ({', '.join(self.tier_codes) or 'no loyalty programme'})")

    def product(self, code: str) -> Product:
        try:
            return self._products_by_code[code]
        except KeyError:
            raise NotFound("product_unknown", f"There is no product {code!r} in the catalog.") from None

    def operator(self, code: str) -> Operator:
        for op in self.operators:
            if op.code == code:
                return op
        raise NotFound("operator_unknown", f"There is no operator {code!r}.")

    def products_of(self, operator_code: str, at: datetime | None = None) -> list[Product]:
        return [p for p in self.products if p.operator_code == operator_code and (at is None or p.is_available(at))]

    def suggest_operator(self, national_number: str) -> Operator | None:
        """Longest-prefix match on the national number. Only a suggestion: numbers get ported."""
        best: tuple[int, Operator] | None = None
        for op in self.operators:
            for prefix in op.prefixes:
                if national_number.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), op)
        return best[1] if best else None

    def bonus(self, product: Product, face: int, at: datetime) -> tuple[int, str | None]:
        return best_bonus(self.promotions, product.operator_code, product.code, face, at)

    def segment_bonus(self, product: Product, face: int, at: datetime, facts: CustomerFacts | None) -> Bonus:
        """issue 14: the bonus for this customer (facts None: only untargeted, uncapped promotions)."""
        return segment_bonus(self.promotions, product.operator_code, product.code, face, at, facts, self.tier_codes)

    def printable_bonuses(self, product: Product, face: int, at: datetime) -> set[int]:
        return printable_bonuses(self.promotions, product.operator_code, product.code, face, at)

    def promotion(self, code: str | None) -> Promotion | None:
        return next((p for p in self.promotions if p.code == code), None)

    # --- (de)serialisation: the wire and storage form shared with the server ---

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Catalog":
        try:
            currency = data["currency"]
            return cls(
                version=int(data["version"]),
                country=data["country"],
                currency=currency,
                limits=Limits(**data["limits"]),
                operators=tuple(
                    Operator(o["code"], o["name"], tuple(o.get("prefixes", ()))) for o in data["operators"]
                ),
                products=tuple(_product_from_dict(p, currency) for p in data["products"]),
                promotions=tuple(_promotion_from_dict(p) for p in data.get("promotions", ())),
                tier_codes=_tier_codes(data.get("loyalty")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("catalog_invalid", f"The catalog is malformed: {exc}") from exc


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _product_from_dict(p: dict[str, Any], currency: str) -> Product:
    return Product(
        code=p["code"], operator_code=p["operator"], name=p["name"], kind=ProductKind(p["kind"]),
        currency=currency, commission_bps=int(p["commission_bps"]),
        denominations=tuple(int(d) for d in p.get("denominations", ())),
        min_amount=int(p.get("min", 0)), max_amount=int(p.get("max", 0)), step=int(p.get("step", 1)),
        fee=int(p.get("fee", 0)), valid_from=_when(p.get("valid_from")), valid_to=_when(p.get("valid_to")),
    )


def _promotion_from_dict(p: dict[str, Any]) -> Promotion:
    return Promotion(
        code=p["code"], name=p["name"],
        tiers=tuple(BonusTier(int(t[0]), int(t[1])) for t in p["tiers"]),
        valid_from=_when(p.get("valid_from")), valid_to=_when(p.get("valid_to")),
        operator_codes=frozenset(p.get("operators", ())), product_codes=frozenset(p.get("products", ())),
        segment=_segment_from_dict(p.get("code"), p.get("segment")),
        weekly_cap=_cap_from_dict(p.get("code"), p.get("weekly_cap")),
    )


_SEGMENT_KEYS = {"new_customer", "lapsed_days", "min_tier", "min_top_ups", "within_days"}
_CAP_KEYS = {"count", "amount"}


def _object(code: Any, name: str, value: Any, keys: set[str]) -> dict[str, Any]:
    """issue 14: a promotion's `segment` / `weekly_cap` object, refusing unknown fields by name (the
    console's catalog editor shows this message as it is)."""
    if not isinstance(value, dict):
        raise ValidationError("promotion_invalid", f"promotion {code}: {name} must be an object")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ValidationError("promotion_invalid", f"promotion {code}: {name} has unknown field(s) "
                              f"{', '.join(unknown)} (allowed: {', '.join(sorted(keys))})")
    return value


def _segment_from_dict(code: Any, value: Any) -> Segment:
    if value is None:
        return Segment()
    v = _object(code, "segment", value, _SEGMENT_KEYS)
    return Segment(new_customer=v.get("new_customer", False), lapsed_days=v.get("lapsed_days"),
                   min_tier=v.get("min_tier"), min_top_ups=v.get("min_top_ups"), within_days=v.get("within_days"))


def _cap_from_dict(code: Any, value: Any) -> WeeklyCap | None:
    if value is None:
        return None
    v = _object(code, "weekly_cap", value, _CAP_KEYS)
    return WeeklyCap(count=v.get("count"), amount=v.get("amount"))


def _tier_codes(loyalty: Any) -> tuple[str, ...]:
    """The loyalty tier codes, lowest first (the rules themselves are checked by topup_core.loyalty)."""
    if not isinstance(loyalty, dict) or not isinstance(loyalty.get("tiers"), list):
        return ()
    tiers = [t for t in loyalty["tiers"] if isinstance(t, dict) and isinstance(t.get("min_points"), int)]
    return tuple(str(t.get("code")) for t in sorted(tiers, key=lambda t: t["min_points"]))
