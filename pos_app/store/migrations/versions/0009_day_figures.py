"""Stored day figures for the dashboard (issue 12).

day_figures: one row per business day a Z closed, written in the Z's own transaction: the day's
takings per local hour (JSON {"hour": [count, face, bonus, price, float_cost, commission]}, sales
whose status counts as takings). The dashboard reads the seven days before today from here and
scans only the open day's sales, so it stays fast however many sales those days hold.

A sale's facts never change (guard triggers), only its status. A status change that moves a sale
into or out of the takings (a carried-over sale rejected later, a reversal of a closed day's
sale) marks the day's figures stale; the dashboard then scans that day live instead. Days closed
before this revision have no row and are scanned live too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The statuses that are NOT takings (pos_app.domain.reports.TAKINGS is the rest).
_NOT_TAKINGS = "('REJECTED', 'REVERSED', 'CANCELLED')"


def upgrade() -> None:
    op.create_table(
        "day_figures",
        sa.Column("business_day", sa.String(10), primary_key=True),
        sa.Column("z_no", sa.Integer(), nullable=False),
        sa.Column("offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("written_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(f"""
        CREATE TRIGGER day_figures_stale_on_status AFTER UPDATE OF status ON sales
        WHEN (OLD.status IN {_NOT_TAKINGS}) <> (NEW.status IN {_NOT_TAKINGS})
        BEGIN
            UPDATE day_figures SET stale = 1 WHERE business_day = NEW.business_day AND stale = 0;
        END""")
    op.execute("""
        CREATE TRIGGER day_figures_stale_on_insert AFTER INSERT ON sales
        WHEN EXISTS (SELECT 1 FROM day_figures WHERE business_day = NEW.business_day)
        BEGIN
            UPDATE day_figures SET stale = 1 WHERE business_day = NEW.business_day AND stale = 0;
        END""")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS day_figures_stale_on_insert")
    op.execute("DROP TRIGGER IF EXISTS day_figures_stale_on_status")
    op.drop_table("day_figures")
