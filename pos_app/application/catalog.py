"""The catalog in force: the newest version stored locally, parsed once and cached."""
from __future__ import annotations

import json
import threading
from typing import Any

from topup_core.catalog import Catalog
from topup_core.errors import NotFound

from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory


class CatalogService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.uow = uow
        self.clock = clock
        self._lock = threading.Lock()
        self._cache: dict[int, Catalog] = {}
        self._current: int | None = None

    def current(self) -> Catalog:
        with self._lock:
            if self._current is not None:
                return self._cache[self._current]
        with self.uow(write=False) as uow:
            row = uow.catalogs.latest()
            if row is None:
                raise NotFound("catalog_missing", "There is no catalog yet. Connect to the server to download it.")
            catalog = Catalog.from_dict(json.loads(row.body))
        with self._lock:
            self._cache[catalog.version] = catalog
            self._current = catalog.version
        return catalog

    def version(self, version: int) -> Catalog:
        with self._lock:
            if version in self._cache:
                return self._cache[version]
        with self.uow(write=False) as uow:
            row = uow.catalogs.get(version)
            if row is None:
                raise NotFound("catalog_version_unknown", f"Catalog version {version} is not stored here.")
            catalog = Catalog.from_dict(json.loads(row.body))
        with self._lock:
            self._cache[version] = catalog
        return catalog

    def etag(self) -> str | None:
        with self.uow(write=False) as uow:
            row = uow.catalogs.latest()
            return row.etag if row else None

    def store(self, body: dict[str, Any], etag: str | None = None, actor_label: str = "system:sync") -> Catalog:
        """Keep a new catalog version (validated first: a malformed catalog changes nothing)."""
        catalog = Catalog.from_dict(body)
        now_ms = to_ms(self.clock.now())
        with self.uow() as uow:
            existing = uow.catalogs.get(catalog.version)
            if existing is None:
                uow.catalogs.add(catalog.version, body, etag, now_ms)
                uow.audit.append(now_ms, actor_label, "catalog.stored", f"catalog:{catalog.version}", {"etag": etag})
            elif existing.etag != etag or json.loads(existing.body) != body:
                # The server's copy of a version is authoritative (a locally seeded copy has no ETag).
                uow.catalogs.replace(catalog.version, body, etag, now_ms)
                uow.audit.append(now_ms, actor_label, "catalog.refreshed", f"catalog:{catalog.version}", {"etag": etag})
            uow.commit()
        with self._lock:
            self._cache[catalog.version] = catalog
            if self._current is None or catalog.version > self._current:
                self._current = catalog.version
        return catalog
