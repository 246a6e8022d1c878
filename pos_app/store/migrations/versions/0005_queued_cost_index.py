"""Partial index over the float cost of queued sales.

The offline-allowance guard sums it inside every offline sale's transaction; a field agent can
hold thousands of queued sales, and the sum then read the whole rows (p99 9 ms at 7,000 queued).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_sales_queued_cost ON sales (status, float_cost) WHERE status = 'QUEUED'")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_sales_queued_cost")
