"""Console: catalog drafts (the editor), operators' must-change-password flag (browser password
reset), terminals' last contact (issue 16).

- `catalog_drafts`: a draft document made from a published version, edited in the console and
  published once (then `published_version` is set and the draft is read-only).
- `operators.must_change_password`: set by an admin's reset (a one-time temporary password); the
  operator must choose a new one at the next login.
- `terminal_contacts`: the last signed request seen from each terminal (a throttled upsert in the
  request's own transaction: at most one write per terminal per minute and process).
- `day_closes`: each Z report a terminal sent, with the totals it reported and the server's
  recompute (matched or not, and what differs), for the console's terminal page.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("catalog_drafts",
                    sa.Column("id", sa.String(36), primary_key=True),
                    sa.Column("based_on", sa.Integer(), nullable=False),
                    sa.Column("document", sa.Text(), nullable=False),
                    sa.Column("created_by", sa.String(120), nullable=False),
                    sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
                    sa.Column("updated_by", sa.String(120), nullable=False),
                    sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
                    sa.Column("published_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("operators") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table("terminal_contacts",
                    sa.Column("terminal_id", sa.String(36), primary_key=True),
                    sa.Column("last_contact_ms", sa.BigInteger(), nullable=False))
    op.create_table("day_closes",
                    sa.Column("id", sa.String(64), primary_key=True),
                    sa.Column("terminal_id", sa.String(36), nullable=False),
                    sa.Column("z_no", sa.Integer(), nullable=False),
                    sa.Column("business_day", sa.String(10), nullable=False),
                    sa.Column("currency", sa.String(3), nullable=False),
                    sa.Column("client_totals", sa.Text(), nullable=True),
                    sa.Column("server_totals", sa.Text(), nullable=False),
                    sa.Column("matched", sa.Boolean(), nullable=True),
                    sa.Column("differences", sa.Text(), nullable=False),
                    sa.Column("received_at_ms", sa.BigInteger(), nullable=False))
    op.create_index("ix_day_closes_terminal", "day_closes", ["terminal_id", "received_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_day_closes_terminal", table_name="day_closes")
    op.drop_table("day_closes")
    op.drop_table("terminal_contacts")
    with op.batch_alter_table("operators") as batch:
        batch.drop_column("must_change_password")
    op.drop_table("catalog_drafts")
