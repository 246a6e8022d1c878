"""Points payment at the till, reminder consent (issue 14, till-points).

Points payments need no schema: they are sales with payment_method 'points' (the offline guard
reads them through ix_sales_msisdn_created). Reminder consent is a table of its own: one row per
number, who agreed and when, who withdrew it and when (NULL while opted in); each change is also
audited. It stays at the till (the shop's own SMS tool reads the CSV export).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_consents",
        sa.Column("msisdn", sa.String(length=20), primary_key=True),
        sa.Column("consented_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("consented_by", sa.String(length=80), nullable=False),
        sa.Column("withdrawn_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=80), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("reminder_consents")
