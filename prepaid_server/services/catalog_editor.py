"""The console's catalog and promotions editor (issue 16): drafts made from a published version,
edited as structured product forms plus generic JSON sections (every other top-level key of the
catalog document: operators, limits, promotions, loyalty, tariff, refund_policy, segments... so a
section another issue adds is editable without changing this file), a preview that prices a sale
with the same pure code the server uses at ingest, and publish, which makes a new immutable
version (audited).

Roles (domain/roles.py): everyone may see the versions; admin and finance edit drafts and publish
(prices and commission are finance's business; admin runs the system). Checked here, not in pages.

Validation: every save runs the draft through `catalogs.publish_in` (the very code publish runs,
so checks other issues add there apply) in a unit of work that is rolled back; the parser's
message is shown beside the field or section that was edited, and nothing is stored."""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from topup_core.catalog import Catalog
from topup_core.errors import Conflict, DomainError, NotFound, ValidationError
from topup_core.loyalty import rules_from_document
from topup_core.pricing import check_sellable, quote
from topup_core.promotions import (REASON_FREQUENT, REASON_TIER, REASON_WELCOME, REASON_WELCOME_BACK, CustomerFacts,
                                   Reason)

from ..domain.pricing import Rejection, normalise_msisdn
from . import audit, catalogs, offers
from .context import ServerContext
from .operators import Actor, require

MAX_SECTION_CHARS = 60_000
PRODUCT_FIELDS = ("code", "operator", "name", "kind", "commission_bps", "denominations", "min", "max", "step", "fee",
                  "valid_from", "valid_to")
_INT_FIELDS = ("commission_bps", "min", "max", "step", "fee")
_KINDS = ("fixed", "range", "voucher")
_SECTION_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
FIXED_KEYS = ("version", "products")  # the server sets `version`; products have their own forms


class FieldError(ValidationError):
    """A draft edit refused, naming the field (`field`) it is about, so the page shows it there."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__("catalog_invalid", message, field=field_name)
        self.field = field_name


@dataclass(frozen=True, slots=True)
class VersionRow:
    version: int
    published_at_ms: int
    valid_until_ms: int | None  # successor's publication + the grace period; None: current
    products: int
    promotions: int
    sections: tuple[str, ...]
    current: bool


@dataclass(frozen=True, slots=True)
class DraftRow:
    id: str
    based_on: int
    created_by: str
    updated_by: str
    updated_at_ms: int
    published_version: int | None


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    based_on: int
    document: dict[str, Any]
    created_by: str
    updated_by: str
    updated_at_ms: int
    published_version: int | None

    @property
    def products(self) -> list[dict[str, Any]]:
        return list(self.document.get("products", []))

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(key, pretty JSON) of every top-level key but version and products, in document order."""
        return [(k, json.dumps(v, indent=2, ensure_ascii=False, sort_keys=False))
                for k, v in self.document.items() if k not in FIXED_KEYS]

    @property
    def editable(self) -> bool:
        return self.published_version is None

    @property
    def operator_codes(self) -> list[str]:
        return [str(o.get("code")) for o in self.document.get("operators", []) if isinstance(o, dict)]


@dataclass(frozen=True, slots=True)
class PricedProduct:
    code: str
    name: str
    ok: bool
    reason: str = ""  # why it cannot sell this amount (when not ok)
    face: int = 0
    price: int = 0
    fee: int = 0
    float_cost: int = 0
    commission: int = 0
    bonus: int = 0
    promotion: str | None = None
    points: int | None = None  # loyalty points a cash sale earns (None: no loyalty section)
    current_bonus: int | None = None  # what the published version gives (None: not sellable there)
    current_price: int | None = None
    bonus_why: str = ""  # issue 16: why a targeted bonus applies to the customer ("Welcome back", "Gold bonus")


@dataclass(frozen=True, slots=True)
class Preview:
    operator: str
    face: int
    currency: str
    at_ms: int
    msisdn_masked: str
    rows: list[PricedProduct] = field(default_factory=list)
    facts: CustomerFacts | None = None  # issue 16: the customer's facts on the server (a number was given)


def masked(e164: str) -> str:
    return e164[:5] + "•" * max(0, len(e164) - 8) + e164[-3:] if len(e164) > 8 else "•" * len(e164)


# ---------------------------------------------------------------- versions


def history(ctx: ServerContext, actor: Actor) -> tuple[list[VersionRow], list[DraftRow]]:
    require(actor, "catalog.view")
    grace = ctx.settings.catalog_grace_ms
    with ctx.uow() as uow:
        infos = uow.catalogs.versions()
        rows = []
        latest = infos[-1].version if infos else None
        for i, info in enumerate(infos[-50:][::-1]):
            doc = json.loads(uow.catalogs.document(info.version) or "{}")
            successor = next((v for v in infos if v.version > info.version), None)
            rows.append(VersionRow(info.version, info.published_at_ms,
                                   successor.published_at_ms + grace if successor else None,
                                   len(doc.get("products", [])), len(doc.get("promotions", [])),
                                   tuple(k for k in doc if k not in FIXED_KEYS), info.version == latest))
        drafts = [DraftRow(*d) for d in uow.catalog_drafts.latest(30)]
    return rows, drafts


def version_document(ctx: ServerContext, actor: Actor, version: int) -> str:
    require(actor, "catalog.view")
    return json.dumps(json.loads(catalogs.version_row(ctx, version).document), indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- drafts


def create_draft(ctx: ServerContext, actor: Actor, from_version: int | None = None) -> str:
    """A new draft holding a copy of `from_version` (default: the current version)."""
    require(actor, "catalog.edit")
    record = catalogs.current_row(ctx) if from_version is None else catalogs.version_row(ctx, from_version)
    document = json.loads(record.document)
    document.pop("version", None)
    draft_id = str(uuid.uuid4())
    now = ctx.clock()
    with ctx.uow() as uow:
        uow.catalog_drafts.add(draft_id, record.version, catalogs.canonical_json(document), actor.name, now)
        audit.record_in(uow, now, actor.name, "catalog_draft", draft_id, {"based_on": record.version})
        uow.commit()
    return draft_id


def get_draft(ctx: ServerContext, actor: Actor, draft_id: str) -> Draft:
    require(actor, "catalog.view")
    with ctx.uow() as uow:
        row = uow.catalog_drafts.get(draft_id[:36])
    if row is None:
        raise NotFound("draft_unknown", "There is no such catalog draft.")
    did, based_on, text, created_by, updated_by, updated_at_ms, published = row
    return Draft(did, based_on, json.loads(text), created_by, updated_by, updated_at_ms, published)


def _validate(ctx: ServerContext, document: dict[str, Any]) -> None:
    """Run the publish code on `document` and roll back: the same checks publish makes."""
    with ctx.uow() as uow:
        catalogs.publish_in(uow, document, ctx.clock())
        uow.rollback()


def _store(ctx: ServerContext, actor: Actor, draft: Draft, document: dict[str, Any], revision: int | None,
           what: str, field_name: str) -> None:
    if not draft.editable:
        raise Conflict("draft_published", f"This draft was published as version {draft.published_version}; "
                                          "make a new draft to change the catalog.")
    try:
        _validate(ctx, document)
    except ValidationError as exc:
        raise FieldError(field_name, exc.message) from None
    text = catalogs.canonical_json(document)
    now = max(ctx.clock(), draft.updated_at_ms + 1)
    with ctx.uow() as uow:
        if not uow.catalog_drafts.update(draft.id, text, actor.name, now, revision if revision is not None
                                         else draft.updated_at_ms):
            raise Conflict("draft_changed", "Someone else changed this draft meanwhile. Reload it and edit again.")
        audit.record_in(uow, now, actor.name, "catalog_draft_edit", draft.id,
                        {"what": what[:80], "sha256": hashlib.sha256(text.encode()).hexdigest()})
        uow.commit()


def save_section(ctx: ServerContext, actor: Actor, draft_id: str, key: str, text: str,
                 revision: int | None = None) -> None:
    """Replace (or add) the top-level section `key` with the JSON `text`; an empty text removes it."""
    require(actor, "catalog.edit")
    draft = get_draft(ctx, actor, draft_id)
    key = (key or "").strip()
    if not key or len(key) > 40 or not set(key) <= _SECTION_NAME_CHARS or key in FIXED_KEYS:
        raise FieldError("section", "A section name is 1 to 40 lower-case letters, digits or _ "
                                    "(not version or products).")
    if len(text or "") > MAX_SECTION_CHARS:
        raise FieldError(key, f"A section has at most {MAX_SECTION_CHARS} characters.")
    document = dict(draft.document)
    if not (text or "").strip():
        document.pop(key, None)
    else:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FieldError(key, f"{key}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.") \
                from None
        document[key] = value
    _store(ctx, actor, draft, document, revision, f"section {key}", key)


def _product_from_form(form: dict[str, str]) -> dict[str, Any]:
    product: dict[str, Any] = {}
    for name in ("code", "operator", "name"):
        value = (form.get(name) or "").strip()
        if not value or len(value) > 80:
            raise FieldError(name, f"{name}: 1 to 80 characters.")
        product[name] = value
    kind = (form.get("kind") or "").strip()
    if kind not in _KINDS:
        raise FieldError("kind", f"kind: one of {', '.join(_KINDS)}.")
    product["kind"] = kind
    for name in _INT_FIELDS:
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 15:
            raise FieldError(name, f"{name}: a whole number of minor units (or basis points), not negative.")
        product[name] = int(raw)
    if "commission_bps" not in product:
        raise FieldError("commission_bps", "commission_bps: required (basis points: 250 is 2.5 %).")
    raw = (form.get("denominations") or "").replace(" ", "")
    if raw:
        parts = raw.split(",")
        if not all(p.isdigit() and len(p) <= 15 for p in parts):
            raise FieldError("denominations", "denominations: whole numbers of minor units separated by commas.")
        product["denominations"] = [int(p) for p in parts]
    for name in ("valid_from", "valid_to"):
        raw = (form.get(name) or "").strip()
        if raw:
            try:
                datetime.fromisoformat(raw)
            except ValueError:
                raise FieldError(name, f"{name}: a date and time such as 2026-12-24T00:00:00+00:00.") from None
            product[name] = raw
    return product


def save_product(ctx: ServerContext, actor: Actor, draft_id: str, index: int | None, form: dict[str, str],
                 revision: int | None = None) -> None:
    """Replace product number `index` (None: add one) with the form's fields. Fields the form does
    not know (a later issue's) are kept from the product as it was."""
    require(actor, "catalog.edit")
    draft = get_draft(ctx, actor, draft_id)
    products = draft.products
    if index is not None and not 0 <= index < len(products):
        raise NotFound("product_unknown", "That product is not in the draft any more. Reload it.")
    edited = _product_from_form(form)
    if index is not None:
        kept = {k: v for k, v in products[index].items() if k not in PRODUCT_FIELDS}
        products[index] = {**kept, **edited}
    else:
        products.append(edited)
    if len({p.get("code") for p in products}) != len(products):
        raise FieldError("code", f"code: another product already has the code {edited['code']}.")
    _store(ctx, actor, draft, {**draft.document, "products": products}, revision,
           f"product {edited['code']}", "product")


def remove_product(ctx: ServerContext, actor: Actor, draft_id: str, index: int, revision: int | None = None) -> None:
    require(actor, "catalog.edit")
    draft = get_draft(ctx, actor, draft_id)
    products = draft.products
    if not 0 <= index < len(products):
        raise NotFound("product_unknown", "That product is not in the draft any more. Reload it.")
    gone = products.pop(index)
    _store(ctx, actor, draft, {**draft.document, "products": products}, revision,
           f"remove product {gone.get('code')}", "product")


def publish(ctx: ServerContext, actor: Actor, draft_id: str, revision: int | None = None) -> int:
    """The draft becomes the next immutable catalog version (audited, once)."""
    require(actor, "catalog.publish")
    draft = get_draft(ctx, actor, draft_id)
    if not draft.editable:
        raise Conflict("draft_published", f"This draft is already version {draft.published_version}.")
    now = ctx.clock()

    def work(uow) -> int:  # noqa: ANN001
        version = catalogs.publish_in(uow, draft.document, now)
        if not uow.catalog_drafts.mark_published(draft.id, version, revision if revision is not None
                                                 else draft.updated_at_ms):
            raise Conflict("draft_changed", "Someone else changed or published this draft meanwhile. Reload it.")
        text = catalogs.canonical_json(draft.document)
        audit.record_in(uow, now, actor.name, "catalog_publish", f"v{version}",
                        {"draft": draft.id, "based_on": draft.based_on,
                         "sha256": hashlib.sha256(text.encode()).hexdigest()})
        return version

    version = ctx.run(work)  # a version number taken by a concurrent publish: run once more
    ctx.catalog_versions = None  # this process sees its own publication at once
    return version


# ---------------------------------------------------------------- preview


def _price(catalog: Catalog, product_code: str, face: int, at: datetime, facts: CustomerFacts | None = None
           ) -> tuple[int, int] | None:
    try:
        item = catalog.product(product_code)
        check_sellable(catalog, item, face, at)
    except DomainError:
        return None
    q = quote(catalog, item, face, at, facts)
    return q.bonus, q.price


def preview(ctx: ServerContext, actor: Actor, draft_id: str, operator: str, face: int, msisdn: str = "",
            at_ms: int | None = None) -> Preview:
    """What a sale of `face` minor units on `operator` (optionally to `msisdn`, at `at_ms`) would be
    priced at under the draft, product by product: the pure pricing the server checks sales with
    (topup_core.pricing), beside what the published version gives today."""
    require(actor, "catalog.view")
    draft = get_draft(ctx, actor, draft_id)
    doc = dict(draft.document, version=0)
    try:
        catalog = Catalog.from_dict(doc)
        loyalty = rules_from_document(doc)
    except DomainError as exc:
        raise ValidationError("catalog_invalid", exc.message) from None
    operator = (operator or "").strip()
    if operator not in {o.code for o in catalog.operators}:
        raise FieldError("operator", f"There is no operator {operator!r} in this draft.")
    if face <= 0:
        raise FieldError("amount", "The amount must be more than zero.")
    shown = e164 = ""
    if (msisdn or "").strip():
        try:
            e164 = normalise_msisdn(msisdn.strip(), catalog.country)
            shown = masked(e164)
        except Rejection as exc:
            raise FieldError("msisdn", exc.message) from None
    at_ms = ctx.clock() if at_ms is None else at_ms
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    with ctx.uow() as uow:
        current = catalogs.current_catalog(ctx, uow)
        # issue 16: the customer's facts by the query ingest uses (a sale made now comes after every
        # earlier one), the tier by the draft's own loyalty rules; None without a number (untargeted only)
        facts = offers.facts_in(ctx, uow, catalog, e164, at_ms + 1, loyalty) if e164 else None
    tier_names = {t.code: t.name for t in loyalty.tiers} if loyalty else {}
    rows = []
    for item in catalog.products_of(operator):
        before = _price(current, item.code, face, at, facts) if current is not None else None
        try:
            check_sellable(catalog, item, face, at)
        except DomainError as exc:
            rows.append(PricedProduct(item.code, item.name, False, exc.message,
                                      current_bonus=before[0] if before else None,
                                      current_price=before[1] if before else None))
            continue
        q = quote(catalog, item, face, at, facts)  # segment_bonus with the customer's facts, as ingest pays it
        rows.append(PricedProduct(item.code, item.name, True, "", q.face, q.price, item.fee, q.float_cost,
                                  q.commission, q.bonus, q.promotion_code,
                                  loyalty.points_for(operator, face, "cash") if loyalty else None,
                                  before[0] if before else None, before[1] if before else None,
                                  reason_words(q.bonus_reason, tier_names)))
    return Preview(operator, face, catalog.currency, at_ms, shown, rows, facts)


def reason_words(reason: Reason | None, tier_names: dict[str, str] | None = None) -> str:
    """Why a targeted bonus applies, in the till's words (pos_app/ui/sale/offer_words.py); English,
    the console translates it."""
    if reason is None:
        return ""
    if reason.kind == REASON_WELCOME:
        return "Welcome bonus"
    if reason.kind == REASON_WELCOME_BACK:
        return "Welcome back"
    if reason.kind == REASON_TIER:
        return f"{(tier_names or {}).get(reason.tier or '', (reason.tier or '').capitalize())} bonus"
    if reason.kind == REASON_FREQUENT:
        return f"Top-up no. {reason.count} in {reason.days} days"
    return ""
