"""Real-time charging: charging clients, tariffs, buckets, sessions (issue 15).

Balances stay in the ledger (every bucket is an account); these tables hold charging clients and
their one-time codes, bundle buckets' validity and weight, sessions with their reservations, the
answer to every charging request (idempotency) and rated usage (the breakdown).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "charging_clients",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),  # sealed: v1: + base64 (AES-GCM)
        sa.Column("enrolled_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False))
    op.create_table(
        "charging_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("issued_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("used_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("client_id", sa.String(36), nullable=True))
    op.create_table(
        "bundles",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("msisdn", sa.String(20), nullable=False),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("unit", sa.String(3), nullable=False),
        sa.Column("initial", sa.BigInteger(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("valid_from_ms", sa.BigInteger(), nullable=False),
        sa.Column("valid_until_ms", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False))
    op.create_index("ix_bundles_msisdn", "bundles", ["msisdn"])
    op.create_table(
        "charging_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("msisdn", sa.String(20), nullable=False),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("catalog_version", sa.Integer(), nullable=False),
        sa.Column("rate_index", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("valid_until_ms", sa.BigInteger(), nullable=False),
        sa.Column("granted_units", sa.BigInteger(), nullable=False),
        sa.Column("used_units", sa.BigInteger(), nullable=False),
        sa.Column("bundle_units", sa.BigInteger(), nullable=False),
        sa.Column("charged", sa.BigInteger(), nullable=False),
        sa.Column("last_request", sa.BigInteger(), nullable=False))
    op.create_index("ix_charging_sessions_open", "charging_sessions", ["state", "valid_until_ms"])
    op.create_index("ix_charging_sessions_msisdn", "charging_sessions", ["msisdn"])
    op.create_table(
        "charging_reservations",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(80), primary_key=True),
        sa.Column("amount", sa.BigInteger(), nullable=False))
    op.create_index("ix_charging_reservations_account_id", "charging_reservations", ["account_id"])
    op.create_table(
        "charging_requests",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("request_number", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False))
    op.create_table(
        "usage_records",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("msisdn", sa.String(20), nullable=False),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("charge", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(80), nullable=False),
        sa.Column("posting_id", sa.String(90), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False))
    op.create_index("ix_usage_records_msisdn_at", "usage_records", ["msisdn", "at_ms"])
    op.create_table(
        "charging_alert_state",
        sa.Column("msisdn", sa.String(20), primary_key=True),
        sa.Column("rule", sa.String(32), primary_key=True),
        sa.Column("last_at_ms", sa.BigInteger(), nullable=False))
    op.create_table(
        "charging_usage_hours",
        sa.Column("msisdn", sa.String(20), primary_key=True),
        sa.Column("hour", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("charge", sa.BigInteger(), nullable=False))


def downgrade() -> None:
    op.drop_table("charging_usage_hours")
    op.drop_table("charging_alert_state")
    op.drop_index("ix_usage_records_msisdn_at", "usage_records")
    op.drop_table("usage_records")
    op.drop_table("charging_requests")
    op.drop_index("ix_charging_reservations_account_id", "charging_reservations")
    op.drop_table("charging_reservations")
    op.drop_index("ix_charging_sessions_msisdn", "charging_sessions")
    op.drop_index("ix_charging_sessions_open", "charging_sessions")
    op.drop_table("charging_sessions")
    op.drop_index("ix_bundles_msisdn", "bundles")
    op.drop_table("bundles")
    op.drop_table("charging_codes")
    op.drop_table("charging_clients")
