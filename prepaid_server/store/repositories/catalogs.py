"""Catalog versions: immutable documents (canonical JSON text) with their ETag."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ...domain.pricing import CatalogVersionInfo
from ..models import CatalogVersion
from .base import Repository

_versions = CatalogVersion.__table__


@dataclass(frozen=True, slots=True)
class CatalogRecord:
    version: int
    document: str  # canonical JSON
    etag: str
    published_at_ms: int


class CatalogRepository(Repository):
    def add(self, record: CatalogRecord) -> None:
        self._execute(insert(_versions).values(version=record.version, document=record.document, etag=record.etag,
                                               published_at_ms=record.published_at_ms))

    def latest_version(self) -> int | None:
        return self._execute(select(func.max(_versions.c.version))).scalar()

    def get(self, version: int) -> CatalogRecord | None:
        row = self._execute(select(_versions.c.version, _versions.c.document, _versions.c.etag,
                                   _versions.c.published_at_ms).where(_versions.c.version == version)).first()
        return CatalogRecord(*row) if row is not None else None

    def latest(self) -> CatalogRecord | None:
        version = self.latest_version()
        return self.get(version) if version is not None else None

    def document(self, version: int) -> str | None:
        return self._execute(select(_versions.c.document).where(_versions.c.version == version)).scalar()

    def versions(self) -> list[CatalogVersionInfo]:
        rows = self._execute(select(_versions.c.version, _versions.c.published_at_ms)
                             .order_by(_versions.c.version)).all()
        return [CatalogVersionInfo(v, p) for v, p in rows]

    def count(self) -> int:
        return self._execute(select(func.count()).select_from(_versions)).scalar_one()
