"""Tiered recharge bonuses: "recharge 100, get 5 free; recharge 500, get 50"."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class BonusTier:
    threshold: int  # minimum face value, minor units
    bonus: int  # bonus credited, minor units


@dataclass(frozen=True, slots=True)
class Promotion:
    code: str
    name: str
    tiers: tuple[BonusTier, ...]
    valid_from: datetime | None = None
    valid_to: datetime | None = None  # exclusive
    operator_codes: frozenset[str] = field(default_factory=frozenset)
    product_codes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Tiers must rise in both threshold and bonus, so a bigger top-up never earns less.
        if not self.tiers:
            raise ValidationError("promotion_invalid", f"promotion {self.code} has no tiers")
        previous: BonusTier | None = None
        for tier in self.tiers:
            if type(tier.threshold) is not int or type(tier.bonus) is not int:
                raise ValidationError("promotion_invalid", "tier amounts must be integer minor units")
            if tier.threshold <= 0 or tier.bonus < 0:
                raise ValidationError("promotion_invalid", f"promotion {self.code}: tier amounts must be positive")
            if previous and (tier.threshold <= previous.threshold or tier.bonus < previous.bonus):
                raise ValidationError("promotion_invalid", f"promotion {self.code}: tiers must rise")
            previous = tier

    def applies_to(self, operator_code: str, product_code: str, at: datetime) -> bool:
        if self.valid_from and at < self.valid_from:
            return False
        if self.valid_to and at >= self.valid_to:
            return False
        if self.product_codes and product_code not in self.product_codes:
            return False
        if self.operator_codes and operator_code not in self.operator_codes:
            return False
        return True

    def bonus_for(self, face: int) -> int:
        bonus = 0
        for tier in self.tiers:
            if face >= tier.threshold:
                bonus = tier.bonus
            else:
                break
        return bonus


def best_bonus(promotions: tuple[Promotion, ...] | list[Promotion], operator_code: str, product_code: str,
               face: int, at: datetime) -> tuple[int, str | None]:
    """The largest bonus any live promotion gives (promotions don't stack). Returns (bonus, code)."""
    best, best_code = 0, None
    for promo in promotions:
        if promo.applies_to(operator_code, product_code, at):
            bonus = promo.bonus_for(face)
            if bonus > best:
                best, best_code = bonus, promo.code
    return best, best_code
