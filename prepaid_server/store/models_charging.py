"""Tables of real-time charging (issue 15): charging clients, bundles (unit buckets), sessions,
their reservations, the idempotency record of every charging request, and rated usage.

Money and units are BIGINT (minor units, seconds, bytes, messages); times are epoch ms. Balances
are NOT stored here: every bucket is a ledger account (`main:`, `bonus:`, `bundle:`) and its
remaining amount is the account's balance; this module only adds what the ledger cannot say
(validity, weight, reservations, sessions)."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, BigId


class ChargingClient(Base):
    __tablename__ = "charging_clients"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    secret: Mapped[str] = mapped_column(String(128))  # sealed under the server key (issue 11), opened to verify HMACs
    enrolled_at_ms: Mapped[int] = mapped_column(BigInteger)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class ChargingCode(Base):
    __tablename__ = "charging_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 only
    name: Mapped[str] = mapped_column(String(120))
    issued_at_ms: Mapped[int] = mapped_column(BigInteger)
    expires_at_ms: Mapped[int] = mapped_column(BigInteger)
    used_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    client_id: Mapped[str | None] = mapped_column(String(36))


class Bundle(Base):
    """A service bundle bucket (voice seconds, data bytes, SMS): its balance is ledger account `id`."""

    __tablename__ = "bundles"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # the ledger account: bundle:<hex>
    msisdn: Mapped[str] = mapped_column(String(20), index=True)
    service: Mapped[str] = mapped_column(String(8))  # voice | data | sms
    unit: Mapped[str] = mapped_column(String(3))  # SEC | BYT | SMS (the account's "currency")
    initial: Mapped[int] = mapped_column(BigInteger)
    weight: Mapped[int] = mapped_column(Integer)
    valid_from_ms: Mapped[int] = mapped_column(BigInteger)
    valid_until_ms: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(8))  # active | expired


class ChargingSession(Base):
    __tablename__ = "charging_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36))
    msisdn: Mapped[str] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))  # session | event
    currency: Mapped[str] = mapped_column(String(3))
    catalog_version: Mapped[int] = mapped_column(Integer)
    rate_index: Mapped[int] = mapped_column(Integer)  # which tariff rate of that version applies
    state: Mapped[str] = mapped_column(String(10))  # open | closed | released
    opened_at_ms: Mapped[int] = mapped_column(BigInteger)
    updated_at_ms: Mapped[int] = mapped_column(BigInteger)
    valid_until_ms: Mapped[int] = mapped_column(BigInteger)
    granted_units: Mapped[int] = mapped_column(BigInteger)  # the grant currently reserved
    used_units: Mapped[int] = mapped_column(BigInteger)  # committed so far
    bundle_units: Mapped[int] = mapped_column(BigInteger)  # of which paid by bundles
    charged: Mapped[int] = mapped_column(BigInteger)  # money committed so far (minor units)
    last_request: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_charging_sessions_open", "state", "valid_until_ms"),
                      Index("ix_charging_sessions_msisdn", "msisdn"))


class ChargingReservation(Base):
    """What an open session holds on one bucket (ledger account), released or committed later."""

    __tablename__ = "charging_reservations"
    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class ChargingRequest(Base):
    """Every answered charging request, so a retry with the same number gets the same answer."""

    __tablename__ = "charging_requests"
    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_number: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[str] = mapped_column(Text)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)


class UsageRecord(Base):
    """One committed charge on one bucket: the usage breakdown reads these."""

    __tablename__ = "usage_records"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    msisdn: Mapped[str] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(8))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    units: Mapped[int] = mapped_column(BigInteger)
    charge: Mapped[int] = mapped_column(BigInteger)  # money (0 when a bundle paid in units)
    account_id: Mapped[str] = mapped_column(String(80))  # the bucket that paid
    posting_id: Mapped[str] = mapped_column(String(90))
    session_id: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_usage_records_msisdn_at", "msisdn", "at_ms"),)


class ChargingAlertState(Base):
    """When a subscriber's last spike alert fired (one per window, not one per event)."""

    __tablename__ = "charging_alert_state"
    msisdn: Mapped[str] = mapped_column(String(20), primary_key=True)
    rule: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_at_ms: Mapped[int] = mapped_column(BigInteger)


class ChargingHour(Base):
    """Money charged per subscriber per clock hour: the usage-spike alert's norm, in one small read."""

    __tablename__ = "charging_usage_hours"
    msisdn: Mapped[str] = mapped_column(String(20), primary_key=True)
    hour: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # epoch ms // 3,600,000
    charge: Mapped[int] = mapped_column(BigInteger)
