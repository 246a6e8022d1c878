"""Targeted promotions at the server (issue 14, offers; rules: topup_core/promotions.py).

At ingest the server recomputes the bonus from its own facts about the customer (first top-up?,
days since the last, tier, top-ups in a window, bonus already given this ISO week) as of the sale's
time, and pays max(recomputed, printed) when the printed bonus is one that catalog version could
give: a printed bonus is always paid. What is paid only because it was printed is recorded as
`honoured` on the sale's promotion award (docs/LOYALTY.md "Targeted offers").

The lookup lists the live offers that apply to the customer now, with their reason, and sends the
facts so a till can preview the same bonus offline (from its cache plus its own later sales).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from topup_core.catalog import Catalog, Product
from topup_core.promotions import DAY_MS, CustomerFacts, Promotion, cap_allows, honoured_bonus, iso_week, segment_holds

from ..domain.ledger import SaleAmounts
from ..store.repositories.offers import OffersRepository
from ..store.uow import UnitOfWork
from . import catalogs, loyalty
from .context import ServerContext


def targeted(catalog: Catalog) -> bool:
    """Does any promotion of this catalog need the customer's facts?"""
    return any(not p.segment.empty or p.weekly_cap is not None for p in catalog.promotions)


def facts_in(ctx: ServerContext, uow: UnitOfWork, catalog: Catalog, msisdn: str, at_ms: int,
             rules: Any = None) -> CustomerFacts:
    """The customer's facts as of `at_ms`, as far as this catalog's promotions look. `rules`: the
    loyalty rules to take the tier from (the catalog editor's preview of an unpublished draft,
    issue 16); by default the stored rules of `catalog.version`."""
    window = max((p.segment.within_days or 0 for p in catalog.promotions), default=0) * DAY_MS
    tier = None
    if any(p.segment.min_tier for p in catalog.promotions):
        rules = rules if rules is not None else loyalty.rules_for(ctx, uow, catalog.version)
        if rules is not None:
            tier = loyalty.state_in(uow, rules, msisdn, at_ms).tier.code
    return OffersRepository(uow).facts(msisdn, at_ms, window, iso_week(at_ms), tier)


@dataclass
class OfferBook:
    """The promotions side of one ingest batch: the bonus each accepted sale is paid, and its award row."""

    ctx: ServerContext
    uow: UnitOfWork
    rows: list[dict] = field(default_factory=list)
    _facts: dict[str, CustomerFacts] = field(default_factory=dict)

    def settle(self, sale_id: str, agent_id: str, doc: Any, msisdn: str, amounts: SaleAmounts) -> SaleAmounts:
        """The amounts an accepted sale is paid: its bonus recomputed with the customer's facts and
        honoured up to what was printed (price_check already refused a bonus the catalog cannot give)."""
        catalog = catalogs.parsed(self.ctx, self.uow, doc.catalog_version)
        if catalog is None or not catalog.promotions:
            return amounts
        at = datetime.fromtimestamp(doc.created_at_ms / 1000, tz=timezone.utc)
        product = catalog.product(doc.product)
        if not targeted(catalog):  # today's promotions: nothing to look up, nothing to record
            return amounts
        facts = self._facts.get(msisdn) or facts_in(self.ctx, self.uow, catalog, msisdn, doc.created_at_ms)
        recomputed = catalog.segment_bonus(product, doc.face, at, facts)
        paid, honoured = honoured_bonus(recomputed, doc.bonus, catalog.printable_bonuses(product, doc.face, at)) or (
            recomputed.amount, 0)
        code = recomputed.code if paid == recomputed.amount else _printed_code(catalog, product, doc.face, at, paid)
        self._facts[msisdn] = facts.after_sale(doc.created_at_ms, code, paid)
        if paid and code:
            reason = recomputed.reason if code == recomputed.code else None
            self.rows.append({
                "sale_id": sale_id, "msisdn": msisdn, "agent_id": agent_id, "promotion_code": code,
                "iso_week": iso_week(doc.created_at_ms), "created_at_ms": doc.created_at_ms,
                "catalog_version": doc.catalog_version, "bonus": paid, "recomputed": recomputed.amount,
                "honoured": honoured, "reason": json.dumps(reason.to_dict()) if reason else None})
        return replace(amounts, bonus=paid)

    def flush(self) -> None:
        OffersRepository(self.uow).insert_awards(self.rows)


def _printed_code(catalog: Catalog, product: Product, face: int, at: datetime, bonus: int) -> str | None:
    """The promotion a printed bonus came from (the first live one giving exactly that bonus)."""
    for promo in catalog.promotions:
        if promo.applies_to(product.operator_code, product.code, at) and promo.bonus_for(face) == bonus:
            return promo.code
    return None


# ---------------------------------------------------------------- the lookup


def live_offers(catalog: Catalog, facts: CustomerFacts, now_ms: int) -> list[dict[str, Any]]:
    """The live promotions this customer qualifies for now (segment holds, cap not reached), with
    why: `{"code", "name", "reason", "tiers", "operators", "products"}`; untargeted ones too."""
    at = datetime.fromtimestamp(now_ms / 1000, tz=timezone.utc)
    out = []
    for promo in catalog.promotions:
        if not _live(promo, at):
            continue
        reason = segment_holds(promo, facts, now_ms, catalog.tier_codes)
        smallest = promo.tiers[0].bonus
        if reason is False or not cap_allows(promo, facts, now_ms, smallest):
            continue
        out.append({"code": promo.code, "name": promo.name, "reason": reason.to_dict() if reason else None,
                    "tiers": [[t.threshold, t.bonus] for t in promo.tiers],
                    "operators": sorted(promo.operator_codes), "products": sorted(promo.product_codes)})
    return out


def _live(promo: Promotion, at: datetime) -> bool:
    return not (promo.valid_from and at < promo.valid_from) and not (promo.valid_to and at >= promo.valid_to)


def lookup_parts(ctx: ServerContext, uow: UnitOfWork, catalog: Catalog | None, msisdn: str, now_ms: int
                 ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """(offers, facts) for the customer lookup."""
    if catalog is None:
        return [], None
    facts = facts_in(ctx, uow, catalog, msisdn, now_ms + 1)  # a top-up made now comes after every earlier one
    return live_offers(catalog, facts, now_ms), facts.to_dict()
