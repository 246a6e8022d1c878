"""Segment promotions and per-customer caps (issue 14).

`promotion_awards`: one row per accepted sale that got a promotion's bonus (paid, recomputed and
honoured amounts, the reason), indexed by (msisdn, iso_week) for the per-customer weekly cap.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotion_awards",
        sa.Column("sale_id", sa.String(64), primary_key=True),
        sa.Column("msisdn", sa.String(20), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("promotion_code", sa.String(64), nullable=False),
        sa.Column("iso_week", sa.String(8), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("catalog_version", sa.Integer(), nullable=False),
        sa.Column("bonus", sa.BigInteger(), nullable=False),
        sa.Column("recomputed", sa.BigInteger(), nullable=False),
        sa.Column("honoured", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(120), nullable=True),
    )
    op.create_index("ix_promotion_awards_msisdn_week", "promotion_awards", ["msisdn", "iso_week"])


def downgrade() -> None:
    op.drop_index("ix_promotion_awards_msisdn_week", table_name="promotion_awards")
    op.drop_table("promotion_awards")
