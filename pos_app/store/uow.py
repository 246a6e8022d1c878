"""Unit of work: one use case, one transaction. The sale, its outbox row and its audit entry
commit together or not at all. The session lives and dies here: use cases only see repositories
(`pos_app.application.ports.UnitOfWork` is the shape they rely on)."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from topup_core.errors import Conflict, DomainError, StoreUnavailable

from .customer_repo import CustomerRepository
from .database import Database
from .repositories import DayFigureRepository  # issue 12 (counter)
from .repositories import (AuditRepository, CatalogRepository, FixRepository, IntegrityRepository,
                           OutboxRepository, PrintJobRepository, ReportRepository, SaleRepository,
                           SequenceRepository, SettingsRepository, ShiftRepository, UserRepository,
                           VoucherRepository, ZReportRepository)

# The database's guards (triggers and unique indexes, migrations 0002/0004) speak in codes; this is
# what each one means to the person at the till.
_GUARDS = (
    ("sale_immutable", "A recorded sale cannot be changed."),
    ("audit_append_only", "The audit log cannot be changed."),
    ("outbox_unsent", "Unsent work cannot be removed."),
    ("day_closed", "That business day is closed by a Z report."),
    ("shift_immutable", "A closed shift cannot be changed."),
    ("fix_immutable", "A settled cancellation or reversal cannot be changed."),
    ("z_immutable", "A Z report cannot be changed."),
    ("z_sequence", "Z reports are numbered without gaps."),
)
_UNIQUE = {
    "shifts.clerk_id": ("shift_already_open", "You already have an open shift. Close it first."),
}


def translate_store_error(exc: SQLAlchemyError) -> DomainError:
    text = str(getattr(exc, "orig", exc))
    lower = text.lower()
    for code, message in _GUARDS:
        if code in lower:
            return Conflict(code, message)
    if isinstance(exc, IntegrityError):
        for column, (code, message) in _UNIQUE.items():
            if f"unique constraint failed: {column}" in lower:
                return Conflict(code, message)
        return Conflict("store_conflict", f"The record clashes with one already stored: {text}")
    if isinstance(exc, OperationalError):
        if "full" in lower:
            return StoreUnavailable("disk_full", "The disk is full. Nothing was saved. Free space, then try again.")
        if "locked" in lower or "busy" in lower:
            return StoreUnavailable("store_busy", "The database is busy. Nothing was saved. Try again in a moment.")
    return StoreUnavailable("store_error", f"The database failed ({text}). Nothing was saved.")


class UnitOfWork:
    """`with UnitOfWork(db) as uow: ...; uow.commit()` — anything not committed is rolled back."""

    def __init__(self, db: Database, *, write: bool = True) -> None:
        self.db = db
        self.write = write

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
        self.sales = SaleRepository(s, self.db.sealer)
        self.outbox = OutboxRepository(s)
        self.audit = AuditRepository(s)
        self.vouchers = VoucherRepository(s, self.db.sealer)
        self.fixes = FixRepository(s)
        self.shifts = ShiftRepository(s)
        self.z_reports = ZReportRepository(s)
        self.reports = ReportRepository(s)
        self.print_jobs = PrintJobRepository(s, self.db.sealer)
        self.checks = IntegrityRepository(s, self.db.sealer)
        self.customers = CustomerRepository(s)  # issue 14
        self.day_figures = DayFigureRepository(s)  # issue 12 (counter)
        return self

    def commit(self) -> None:
        try:
            self.session.commit()
        except SQLAlchemyError as exc:
            self.session.rollback()
            raise translate_store_error(exc) from exc

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # close() rolls back anything uncommitted without expiring loaded objects, so what a
        # read-only unit of work returns stays readable after the block.
        self.session.close()
        if isinstance(exc, SQLAlchemyError):
            raise translate_store_error(exc) from exc


class UnitOfWorkFactory:
    """The application's `UnitOfWorkFactory` port over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.db, write=write)
