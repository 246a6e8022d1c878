"""Unit of work: one use case, one transaction. The sale, its outbox row and its audit entry
commit together or not at all."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from topup_core.errors import Conflict, DomainError, StoreUnavailable

from .database import Database
from .repositories import (AuditRepository, CatalogRepository, OutboxRepository, SaleRepository,
                           SequenceRepository, SettingsRepository, UserRepository, VoucherRepository)


def translate_store_error(exc: SQLAlchemyError) -> DomainError:
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, IntegrityError) or "sale_immutable" in text or "audit_append_only" in text:
        if "sale_immutable" in text:
            return Conflict("sale_immutable", "A recorded sale cannot be changed.")
        if "audit_append_only" in text:
            return Conflict("audit_append_only", "The audit log cannot be changed.")
        if "outbox_unsent" in text:
            return Conflict("outbox_unsent", "Unsent work cannot be removed.")
        return Conflict("store_conflict", f"The record clashes with one already stored: {text}")
    if isinstance(exc, OperationalError):
        if "full" in text:
            return StoreUnavailable("disk_full", "The disk is full. Nothing was saved. Free space, then try again.")
        if "locked" in text or "busy" in text:
            return StoreUnavailable("store_busy", "The database is busy. Nothing was saved. Try again in a moment.")
    return StoreUnavailable("store_error", f"The database failed ({text}). Nothing was saved.")


class UnitOfWork:
    """`with UnitOfWork(db) as uow: ...; uow.commit()` — anything not committed is rolled back."""

    def __init__(self, db: Database, *, write: bool = True) -> None:
        self.db = db
        self.write = write
        self._committed = False

    def __enter__(self) -> "UnitOfWork":
        self.session = Session(self.db.writer if self.write else self.db.reader, expire_on_commit=False)
        try:
            self.session.connection()  # BEGIN (IMMEDIATE for writers) now: lock errors surface here
        except SQLAlchemyError as exc:
            self.session.close()
            raise translate_store_error(exc) from exc
        s = self.session
        self.settings = SettingsRepository(s)
        self.sequences = SequenceRepository(s)
        self.users = UserRepository(s)
        self.catalogs = CatalogRepository(s)
        self.sales = SaleRepository(s)
        self.outbox = OutboxRepository(s)
        self.audit = AuditRepository(s)
        self.vouchers = VoucherRepository(s)
        return self

    def commit(self) -> None:
        try:
            self.session.commit()
        except SQLAlchemyError as exc:
            self.session.rollback()
            raise translate_store_error(exc) from exc
        self._committed = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # close() rolls back anything uncommitted without expiring loaded objects, so what a
        # read-only unit of work returns stays readable after the block.
        self.session.close()
        if isinstance(exc, SQLAlchemyError):
            raise translate_store_error(exc) from exc
