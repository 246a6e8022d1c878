"""Catalog versions: immutable documents, published by the admin, fetched by terminals."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from topup_core.catalog import Catalog
from topup_core.errors import DomainError

from topup_core.errors import NotFound, ValidationError
from ..domain.pricing import CatalogVersionInfo
from ..store.models import CatalogVersion
from .context import ServerContext


def canonical_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def publish_in(session: Session, document: dict[str, Any], now_ms: int) -> int:
    """Store `document` as the next version (its `version` field is set by the server)."""
    latest = session.execute(select(func.max(CatalogVersion.version))).scalar() or 0
    version = latest + 1
    doc = dict(document, version=version)
    try:
        Catalog.from_dict(doc)  # refuse a catalog terminals could not use
    except DomainError as exc:
        raise ValidationError("catalog_invalid", exc.message) from None
    text = canonical_json(doc)
    etag = f'"v{version}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"'
    session.add(CatalogVersion(version=version, document=text, etag=etag, published_at_ms=now_ms))
    return version


def publish(ctx: ServerContext, document: dict[str, Any]) -> int:
    with ctx.transaction() as session:
        return publish_in(session, document, ctx.clock())


def versions(session: Session) -> list[CatalogVersionInfo]:
    rows = session.execute(select(CatalogVersion.version, CatalogVersion.published_at_ms)
                           .order_by(CatalogVersion.version)).all()
    return [CatalogVersionInfo(v, p) for v, p in rows]


def current_row(ctx: ServerContext) -> CatalogVersion:
    with ctx.transaction() as session:
        row = session.execute(select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(1)).scalar()
    if row is None:
        raise NotFound("catalog_missing", "No catalog has been published yet.")
    return row


def version_row(ctx: ServerContext, version: int) -> CatalogVersion:
    with ctx.transaction() as session:
        row = session.get(CatalogVersion, version)
    if row is None:
        raise NotFound("catalog_version_unknown", f"Catalog version {version} does not exist.")
    return row


def parsed(ctx: ServerContext, session: Session, version: int) -> Catalog | None:
    catalog = ctx.catalogs.get(version)
    if catalog is None:
        text = session.execute(select(CatalogVersion.document).where(CatalogVersion.version == version)).scalar()
        if text is None:
            return None
        catalog = ctx.catalogs[version] = Catalog.from_dict(json.loads(text))
    return catalog


def current_catalog(ctx: ServerContext, session: Session) -> Catalog | None:
    latest = session.execute(select(func.max(CatalogVersion.version))).scalar()
    return parsed(ctx, session, latest) if latest else None
