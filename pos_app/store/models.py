"""SQLAlchemy 2 models of the local store. Schema changes go through Alembic (migrations/)."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Business configuration (shop name, country, terminal id...). UI preferences live in QSettings."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Sequence(Base):
    """Gap-free counters, advanced in the same transaction as the row that uses the number."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)


class CatalogVersion(Base):
    """Every catalog version ever received is kept: a sale names the version it was priced with."""

    __tablename__ = "catalog_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
    received_at_ms: Mapped[int] = mapped_column(BigInteger)


class Sale(Base):
    __tablename__ = "sales"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    terminal_id: Mapped[str] = mapped_column(String(64))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    business_day: Mapped[str] = mapped_column(String(10))
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    operator_code: Mapped[str] = mapped_column(String(32))
    product_code: Mapped[str] = mapped_column(String(64))
    product_name: Mapped[str] = mapped_column(String(128))
    product_kind: Mapped[str] = mapped_column(String(16))
    msisdn: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    face: Mapped[int] = mapped_column(BigInteger)
    bonus: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[int] = mapped_column(BigInteger)
    float_cost: Mapped[int] = mapped_column(BigInteger)
    commission: Mapped[int] = mapped_column(BigInteger)
    promotion_code: Mapped[str | None] = mapped_column(String(64))
    payment_method: Mapped[str] = mapped_column(String(16))
    tendered: Mapped[int | None] = mapped_column(BigInteger)
    change: Mapped[int | None] = mapped_column(BigInteger)
    payment_reference: Mapped[str | None] = mapped_column(String(64))
    catalog_version: Mapped[int] = mapped_column(Integer)
    voucher_serial: Mapped[str | None] = mapped_column(String(64))
    voucher_pin: Mapped[str | None] = mapped_column(String(64))
    # Mutable part: the sale's life after it was recorded.
    status: Mapped[str] = mapped_column(String(20))
    status_changed_at_ms: Mapped[int] = mapped_column(BigInteger)
    server_ref: Mapped[str | None] = mapped_column(String(64))
    reject_code: Mapped[str | None] = mapped_column(String(64))
    reject_message: Mapped[str | None] = mapped_column(Text)
    # issue 11 (0006): as printed, fixed when the sale is made (a re-enrollment never renumbers it)
    receipt_no: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_sales_receipt_no", "receipt_no"),
        Index("ix_sales_msisdn_created", "msisdn", "created_at_ms"),
        Index("ix_sales_day", "business_day"),
        Index("ix_sales_status", "status"),
        Index("ix_sales_created", "created_at_ms"),
        # the offline-allowance guard sums this inside every offline sale (migration 0005)
        Index("ix_sales_queued_cost", "status", "float_cost", sqlite_where=text("status = 'QUEUED'")),
    )


class OutboxItem(Base):
    """Work that must reach the server. Never pruned while unsent."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))  # sale, reversal, cancel, shift_close, z_report
    ref_id: Mapped[str] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | done | parked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # First time the row was handed to the network (0004). Set before sending, in the same
    # transaction that picks the row: a row with it set may have reached the server.
    sent_at_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True, default=None)

    __table_args__ = (
        Index("ix_outbox_state_id", "state", "id"),
        Index("ix_outbox_ref", "ref_id"),
    )


class AuditEntry(Base):
    """Append-only, hash-chained: each entry's hash covers its content and the previous hash."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_subject", "subject"),)


class VoucherStock(Base):
    """PIN vouchers held locally so a field agent can sell them offline."""

    __tablename__ = "voucher_stock"
    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_code: Mapped[str] = mapped_column(String(64))
    face: Mapped[int] = mapped_column(BigInteger)
    pin: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="available")  # available | sold
    sale_id: Mapped[str | None] = mapped_column(ForeignKey("sales.id"))
    received_at_ms: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_voucher_pick", "product_code", "face", "state"),)


class PrintJob(Base):
    """A receipt (or slip) waiting for, or done with, a printer. Rows outlive crashes: a job found
    'printing' at start-up becomes 'in_doubt' and is offered for reprint, never printed again silently."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sale_id: Mapped[str | None] = mapped_column(ForeignKey("sales.id"))
    kind: Mapped[str] = mapped_column(String(16))  # receipt | reprint | test | z_slip
    copy_no: Mapped[int] = mapped_column(Integer, default=0)  # 0 = original, n = "COPY n"
    printer_uri: Mapped[str] = mapped_column(String(512))
    # queued | printing | printed | failed | in_doubt | dismissed
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)  # JSON of the receipt/document model, re-rendered per printer
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    updated_at_ms: Mapped[int] = mapped_column(BigInteger)
    # 0008 (issue 12): some byte may have reached a printer; False: a failed job is safe to print again by itself
    reached_printer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))

    __table_args__ = (
        Index("ix_print_jobs_state_due", "state", "next_attempt_at_ms"),
        Index("ix_print_jobs_sale", "sale_id"),
    )


# ---------------------------------------------------------------- 0004: shifts, fixes, Z reports


class Shift(Base):
    """One clerk's session at this till, opened and closed with a cash count. Closed = immutable.
    A shift's sales are the clerk's sales made between opening and closing (one open shift per clerk)."""

    __tablename__ = "shifts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    currency: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(8))  # open | closed
    opened_at_ms: Mapped[int] = mapped_column(BigInteger)
    opened_by: Mapped[str] = mapped_column(String(128))
    opening_count: Mapped[str] = mapped_column(Text)  # JSON {denomination: pieces}
    opening_float: Mapped[int] = mapped_column(BigInteger)
    closed_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    closed_by: Mapped[str | None] = mapped_column(String(128))
    approved_by: Mapped[str | None] = mapped_column(String(128))
    close_reason: Mapped[str | None] = mapped_column(Text)
    closing_count: Mapped[str | None] = mapped_column(Text)  # JSON {denomination: pieces}
    reconciliation: Mapped[str | None] = mapped_column(Text)  # JSON [{method, expected, counted, variance}]
    sales_count: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_shifts_clerk_opened", "clerk_id", "opened_at_ms"),)


class SaleFix(Base):
    """A cancellation or reversal of a sale: who asked, who approved, why, and how it ended."""

    __tablename__ = "sale_fixes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # also the reversal id at the server
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"))
    kind: Mapped[str] = mapped_column(String(16))  # cancellation | reversal
    requested_at_ms: Mapped[int] = mapped_column(BigInteger)
    requested_by: Mapped[str] = mapped_column(String(128))
    approved_by: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # cancelled | pending | reversed | refused
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    resolved_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    # issue 14 (refunds, migration 0010): the policy's inputs and the server's outcome
    reason_code: Mapped[str | None] = mapped_column(String(40))
    second_approver: Mapped[str | None] = mapped_column(String(128))
    allow_partial: Mapped[bool | None] = mapped_column(Boolean)
    final_state: Mapped[str | None] = mapped_column(String(20))  # reversed_full | reversed_partial
    recovered: Mapped[int | None] = mapped_column(BigInteger)
    refund: Mapped[int | None] = mapped_column(BigInteger)
    bonus_back: Mapped[int | None] = mapped_column(BigInteger)
    points_back: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_sale_fixes_sale", "sale_id"), Index("ix_sale_fixes_requested", "requested_at_ms"))


class ZReport(Base):
    """A closed business day: numbered without gaps, stored once, never changed (guard triggers).
    Only the server's answer is filled in later, once."""

    __tablename__ = "z_reports"
    z_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    business_day: Mapped[str] = mapped_column(String(10), unique=True)  # the last day it closes
    after_day: Mapped[str | None] = mapped_column(String(10))  # the previous Z's day (exclusive)
    closed_at_ms: Mapped[int] = mapped_column(BigInteger)
    closed_by: Mapped[str] = mapped_column(String(128))
    approved_by: Mapped[str] = mapped_column(String(128))
    carried_over: Mapped[int] = mapped_column(Integer)  # unsent sales a manager carried over
    report: Mapped[str] = mapped_column(Text)  # canonical JSON of the whole report
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of `report`
    server_state: Mapped[str] = mapped_column(String(16))  # pending | matched | mismatch | refused
    server_totals: Mapped[str | None] = mapped_column(Text)
    server_checked_at_ms: Mapped[int | None] = mapped_column(BigInteger)


class DayFigures(Base):
    """A closed business day's takings per local hour, written by its Z (issue 12, migration 0009).
    `stale` is set by a trigger when a sale of that day later moves into or out of the takings."""

    __tablename__ = "day_figures"
    business_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    z_no: Mapped[int] = mapped_column(Integer)
    offset_ms: Mapped[int] = mapped_column(BigInteger)
    written_at_ms: Mapped[int] = mapped_column(BigInteger)
    hours: Mapped[str] = mapped_column(Text)  # JSON {"hour": [count, face, bonus, price, float_cost, commission]}
    stale: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
