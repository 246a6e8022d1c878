"""Refund policy and partial reversals (issue 14, item 4).

A reversal row now keeps what the policy judged and what the reversal moved: the reason code, the
approving managers (a JSON list of labels, two distinct above the policy's amount), the final
state (reversed_full | reversed_partial; refused rows leave it empty), the credit recovered from the
subscriber, the refund owed to the customer, and the bonus and points taken back. All nullable:
rows written before this change (full reversals only) stay readable as they are.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("reason_code", sa.String(40)),
    ("approvers", sa.String(300)),
    ("final_state", sa.String(20)),
    ("recovered", sa.BigInteger()),
    ("refund", sa.BigInteger()),
    ("bonus_back", sa.BigInteger()),
    ("points_back", sa.BigInteger()),
)


def upgrade() -> None:
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        for name, kind in _COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        for name, _kind in reversed(_COLUMNS):
            batch_op.drop_column(name)
