"""Server hardening: enrollment request ids, scoped sale ids (issue 11).

- enrollment_codes.request_id: the client's enrollment_request_id, so a retry of the same
  enrollment gets the same terminal.
- terminals.secret widened to 128 for the sealed form (AES-GCM, `v1:` + base64); existing clear
  secrets are sealed at start-up by services/secrets_at_rest.py (the key is not the migration's).
- cancellations: kept by their own id (idempotent, same id + other sale = conflict).
- sales rows rejected `terminal_mismatch` are dropped: such a rejection is caused by the sender,
  never binds the id (no ledger effect: rejected sales have no postings).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enrollment_codes", sa.Column("request_id", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":  # SQLite does not enforce VARCHAR lengths
        op.alter_column("terminals", "secret", type_=sa.String(length=128), existing_type=sa.String(length=64))
    op.create_table(
        "cancellations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("sale_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("received_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("message", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cancellations_sale_id", "cancellations", ["sale_id"])
    op.execute("DELETE FROM sales WHERE status = 'rejected' AND code = 'terminal_mismatch'")


def downgrade() -> None:
    op.drop_index("ix_cancellations_sale_id", table_name="cancellations")
    op.drop_table("cancellations")
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.drop_column("request_id")
