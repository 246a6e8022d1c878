"""Customer at the counter: cached customer views, loyalty on sales (issue 14).

The terminal keeps the last server view of each customer it looked up (customer_views), so the
panel can show it "as of" when offline. Loyalty itself lives on the server.

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
        "customer_views",
        sa.Column("msisdn", sa.String(length=20), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fetched_at_ms", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("customer_views")
