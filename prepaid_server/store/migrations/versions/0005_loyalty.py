"""Loyalty: points ledger, tiers, refunds (issue 14).

Points live in the existing ledger tables (currency "PTS", docs/LOYALTY.md), so the only schema
change is an index for the lookup's "most popular amounts of this agent for this operator" and the
lapsed-customer list (both read one agent's sales).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sales_agent_operator_created", "sales", ["agent_id", "operator", "created_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_sales_agent_operator_created", table_name="sales")
