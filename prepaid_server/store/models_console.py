"""Tables of the distributor's console (issue 16): the hash-chained server audit log, operators and
their sessions, the agent hierarchy and float transfers. Times are epoch ms, money minor units."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class AuditHead(Base):
    """One row (id = 1): the chain's last sequence number and hash. Appending locks it, so the
    chain never forks even when PostgreSQL runs units of work concurrently."""

    __tablename__ = "server_audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(Base):
    """hash = sha256(prev_hash + canonical JSON of {seq, at_ms, actor, action, subject, detail})."""

    __tablename__ = "server_audit"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON object
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="")
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # migration 0010


class ConsoleSession(Base):
    """A browser session; only the token's sha256 is stored (a database dump logs nobody in)."""

    __tablename__ = "console_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator_id: Mapped[str] = mapped_column(String(36), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    last_seen_ms: Mapped[int] = mapped_column(BigInteger)


class AgentParent(Base):
    """The reseller hierarchy: distributor -> dealer -> retailer (a separate table: agents rows
    stay as they are)."""

    __tablename__ = "agent_parents"
    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    parent_id: Mapped[str] = mapped_column(String(36), index=True)


class FloatTransfer(Base):
    """A float move between two agents, keyed by the client's id (a double-clicked form moves
    money once; the same id with other content is refused)."""

    __tablename__ = "float_transfers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    from_agent: Mapped[str] = mapped_column(String(36))
    to_agent: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    actor: Mapped[str] = mapped_column(String(120))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_float_transfers_from", "from_agent", "created_at_ms"),
                      Index("ix_float_transfers_to", "to_agent", "created_at_ms"))


class AlertState(Base):
    """What the risk desk did with an alert: acknowledged or escalated, with a note."""

    __tablename__ = "risk_alert_states"
    alert_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(500))
    actor: Mapped[str] = mapped_column(String(120))
    at_ms: Mapped[int] = mapped_column(BigInteger)


class ConsoleSetting(Base):
    """Desk settings (e.g. low_float_hours), each change audited."""

    __tablename__ = "console_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class FloatWatch(Base):
    """Whether an agent was last seen below its low-float mark, so an alert fires once per crossing."""

    __tablename__ = "float_watch"
    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    below: Mapped[bool] = mapped_column(Boolean)
    at_ms: Mapped[int] = mapped_column(BigInteger)


class FloatRequest(Base):
    """A retailer asks its dealer for float (from the console or a signed terminal request); the
    dealer's finance desk approves (a transfer) or refuses it."""

    __tablename__ = "float_requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(36), index=True)
    parent_id: Mapped[str] = mapped_column(String(36), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(10))  # pending | approved | refused
    requested_by: Mapped[str] = mapped_column(String(120))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at_ms: Mapped[int | None] = mapped_column(BigInteger)


class CatalogDraft(Base):
    """A catalog being edited in the console (migration 0010): made from a published version,
    published once (then read-only, `published_version` set)."""

    __tablename__ = "catalog_drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    based_on: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)  # canonical JSON, without `version`
    created_by: Mapped[str] = mapped_column(String(120))
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at_ms: Mapped[int] = mapped_column(BigInteger)
    published_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TerminalContact(Base):
    """The last signed request seen from a terminal (migration 0010; a throttled upsert)."""

    __tablename__ = "terminal_contacts"
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_contact_ms: Mapped[int] = mapped_column(BigInteger)


class DayClose(Base):
    """A terminal's Z report as received (migration 0010): the totals it reported, the server's
    recompute, matched or not and what differs (JSON list of strings). The latest answer wins."""

    __tablename__ = "day_closes"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    z_no: Mapped[int] = mapped_column(Integer)
    business_day: Mapped[str] = mapped_column(String(10))
    currency: Mapped[str] = mapped_column(String(3))
    client_totals: Mapped[str | None] = mapped_column(Text, nullable=True)
    server_totals: Mapped[str] = mapped_column(Text)
    matched: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    differences: Mapped[str] = mapped_column(Text)
    received_at_ms: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_day_closes_terminal", "terminal_id", "received_at_ms"),)
