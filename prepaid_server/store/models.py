"""Tables of the prepaid server. Money columns are BIGINT minor units; times are epoch ms."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a real BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    code_prefix: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    float_limit: Mapped[int] = mapped_column(BigInteger)  # float may never go below this
    created_at_ms: Mapped[int] = mapped_column(BigInteger)


class Account(Base):
    """A ledger account; `balance` is a cache of the sum of its entries (ledger-check proves it)."""

    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)


class Posting(Base):
    __tablename__ = "postings"
    id: Mapped[str] = mapped_column(String(90), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str | None] = mapped_column(String(80))
    currency: Mapped[str] = mapped_column(String(3))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)


class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    posting_id: Mapped[str] = mapped_column(ForeignKey("postings.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_entries_account", "account_id"),)


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    secret: Mapped[str] = mapped_column(String(128))  # sealed (AES-GCM, services/secrets_at_rest.py)
    enrolled_at_ms: Mapped[int] = mapped_column(BigInteger)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    contiguous_through: Mapped[int] = mapped_column(BigInteger, default=0)  # seqs 1..n all received
    allowance_reserved: Mapped[int] = mapped_column(BigInteger, default=0)  # since the last release
    allowance_used: Mapped[int] = mapped_column(BigInteger, default=0)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256; the code is never stored
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    issued_at_ms: Mapped[int] = mapped_column(BigInteger)
    expires_at_ms: Mapped[int] = mapped_column(BigInteger)
    used_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    terminal_id: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str | None] = mapped_column(String(64))  # enrollment_request_id (issue 11)


class Nonce(Base):
    """Seen request nonces, shared by every server process through the database."""

    __tablename__ = "nonces"
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at_ms: Mapped[int] = mapped_column(BigInteger, index=True)


class CatalogVersion(Base):
    __tablename__ = "catalog_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)  # canonical JSON, immutable
    etag: Mapped[str] = mapped_column(String(80))
    published_at_ms: Mapped[int] = mapped_column(BigInteger)


class Subscriber(Base):
    __tablename__ = "subscribers"
    msisdn: Mapped[str] = mapped_column(String(20), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    bonus_expires_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    first_seen_ms: Mapped[int] = mapped_column(BigInteger)


class Sale(Base):
    """Every sale id ever received, accepted or rejected, so a retry gets the same answer forever."""

    __tablename__ = "sales"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36))  # the authenticated sender
    agent_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(BigInteger)
    created_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    received_at_ms: Mapped[int] = mapped_column(BigInteger)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))  # accepted | rejected
    code: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(String(300))
    server_ref: Mapped[str | None] = mapped_column(String(40))
    msisdn: Mapped[str | None] = mapped_column(String(20))
    operator: Mapped[str | None] = mapped_column(String(16))
    product: Mapped[str | None] = mapped_column(String(40))
    currency: Mapped[str | None] = mapped_column(String(3))
    face: Mapped[int | None] = mapped_column(BigInteger)
    bonus: Mapped[int | None] = mapped_column(BigInteger)
    price: Mapped[int | None] = mapped_column(BigInteger)
    float_cost: Mapped[int | None] = mapped_column(BigInteger)
    allowance_used: Mapped[int] = mapped_column(BigInteger, default=0)
    catalog_version: Mapped[int | None] = mapped_column(Integer)
    payment_method: Mapped[str | None] = mapped_column(String(20))
    voucher_serial: Mapped[str | None] = mapped_column(String(64))
    reversal_id: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        Index("ix_sales_terminal_seq", "terminal_id", "seq"),
        Index("ix_sales_terminal_created", "terminal_id", "created_at_ms"),
        Index("ix_sales_msisdn_created", "msisdn", "created_at_ms"),
    )


class Reversal(Base):
    __tablename__ = "reversals"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sale_id: Mapped[str] = mapped_column(String(64), index=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    received_at_ms: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))  # reversed | refused
    code: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(String(300))
    # issue 14 (refunds): what the refund policy judged and what the reversal moved (migration 0006)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    approvers: Mapped[str | None] = mapped_column(String(300))  # JSON list of manager labels
    final_state: Mapped[str | None] = mapped_column(String(20))  # reversed_full | reversed_partial
    recovered: Mapped[int | None] = mapped_column(BigInteger)
    refund: Mapped[int | None] = mapped_column(BigInteger)
    bonus_back: Mapped[int | None] = mapped_column(BigInteger)
    points_back: Mapped[int | None] = mapped_column(BigInteger)


class RiskRule(Base):
    __tablename__ = "risk_rules"
    rule: Mapped[str] = mapped_column(String(32), primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    threshold: Mapped[int] = mapped_column(BigInteger)


class RiskAlert(Base):
    __tablename__ = "risk_alerts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at_ms: Mapped[int] = mapped_column(BigInteger, index=True)
    rule: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(8))
    sale_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(36))
    agent_id: Mapped[str] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(String(300))
from . import models_hardening  # noqa: E402,F401  (issue 11)
from . import models_charging  # noqa: E402,F401  (issue 15: charging tables)
from . import models_console  # noqa: E402,F401  - issue 16: console tables
from . import models_offers  # noqa: E402,F401  - issue 14 (offers): promotion awards
