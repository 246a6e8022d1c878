"""Counter UI trial: printer state and attention (issue 12).

print_jobs.reached_printer: whether any byte of the job may have reached a printer. A job that
failed before the printer took a single byte (unreachable, paper out) is printed again by itself
when the printer answers; one that may have printed never is.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reached_printer", sa.Boolean(), nullable=False, server_default=sa.text("0")))


def downgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_column("reached_printer")
