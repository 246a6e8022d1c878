"""Catalog versions: immutable documents, published by the admin, fetched by terminals."""
from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from topup_core.catalog import Catalog
from topup_core.loyalty import rules_from_document
from topup_core.errors import DomainError, NotFound, ValidationError

from ..domain.charging import RatingError, parse_tariff
from ..domain.pricing import CatalogVersionInfo
from ..store.repositories.catalogs import CatalogRecord
from ..store.uow import UnitOfWork
from .context import ServerContext


def canonical_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def publish_in(uow: UnitOfWork, document: dict[str, Any], now_ms: int) -> int:
    """Store `document` as the next version (its `version` field is set by the server)."""
    version = (uow.catalogs.latest_version() or 0) + 1
    doc = dict(document, version=version)
    try:
        Catalog.from_dict(doc)  # refuse a catalog terminals could not use
        rules_from_document(doc)  # issue 14: and loyalty rules the server could not apply
    except DomainError as exc:
        raise ValidationError("catalog_invalid", exc.message) from None
    try:
        parse_tariff(doc)  # issue 15: a tariff charging could not rate with is refused too
    except RatingError as exc:
        raise ValidationError("catalog_invalid", exc.message) from None
    text = canonical_json(doc)
    etag = f'"v{version}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"'
    uow.catalogs.add(CatalogRecord(version, text, etag, now_ms))
    return version


def publish(ctx: ServerContext, document: dict[str, Any]) -> int:
    version = ctx.run(lambda uow: publish_in(uow, document, ctx.clock()))
    ctx.catalog_versions = None  # this process sees its own publication at once
    return version


def versions(uow: UnitOfWork) -> list[CatalogVersionInfo]:
    return uow.catalogs.versions()


def versions_cached(ctx: ServerContext, uow: UnitOfWork, wanted: set) -> list[CatalogVersionInfo]:
    """The version list, read at most once a second per process (issue 13), and at once when a
    sale names a version the cached list does not have (a catalog another process just published).
    Staleness is bounded by a second: it can only delay the end of an old version's grace period."""
    cached = ctx.catalog_versions
    now = time.monotonic()
    if cached is not None and now < cached[0]:
        known = {v.version for v in cached[1]}
        if all(w in known for w in wanted if isinstance(w, int)):
            return cached[1]
    listed = uow.catalogs.versions()
    ctx.catalog_versions = (now + 1.0, listed)
    return listed


def current_row(ctx: ServerContext) -> CatalogRecord:
    with ctx.uow() as uow:
        record = uow.catalogs.latest()
    if record is None:
        raise NotFound("catalog_missing", "No catalog has been published yet.")
    return record


def version_row(ctx: ServerContext, version: int) -> CatalogRecord:
    with ctx.uow() as uow:
        record = uow.catalogs.get(version)
    if record is None:
        raise NotFound("catalog_version_unknown", f"Catalog version {version} does not exist.")
    return record


def parsed(ctx: ServerContext, uow: UnitOfWork, version: int) -> Catalog | None:
    catalog = ctx.catalogs.get(version)
    if catalog is None:
        text = uow.catalogs.document(version)
        if text is None:
            return None
        catalog = ctx.catalogs[version] = Catalog.from_dict(json.loads(text))
    return catalog


def current_catalog(ctx: ServerContext, uow: UnitOfWork) -> Catalog | None:
    latest = uow.catalogs.latest_version()
    return parsed(ctx, uow, latest) if latest else None
