"""Refund policy and partial reversals (issue 14, item 4).

A reversal fix now keeps the policy's inputs (the reason code, the second approving manager, whether
the manager accepted a partial recovery) and, once the server answered, its final state
(reversed_full | reversed_partial) with what it moved: the credit recovered from the subscriber, the
refund owed to the customer (a share of the price when partial), and the bonus and points taken
back. Plain ADD COLUMNs (nullable): the guard triggers of 0004 stay as they are, and the outcome is
written in the same UPDATE that resolves the pending fix. The policy's inputs are facts like the
reason: a trigger keeps them from ever changing (`fix_immutable`). Downgrade drops the columns in
place (SQLite >= 3.35), never rebuilding the table, so the 0004 triggers survive it.

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

_COLUMNS = (
    ("reason_code", sa.String(40)),
    ("second_approver", sa.String(128)),
    ("allow_partial", sa.Boolean()),
    ("final_state", sa.String(20)),
    ("recovered", sa.BigInteger()),
    ("refund", sa.BigInteger()),
    ("bonus_back", sa.BigInteger()),
    ("points_back", sa.BigInteger()),
)


_FACTS = ("reason_code", "second_approver", "allow_partial")


def upgrade() -> None:
    for name, kind in _COLUMNS:
        op.add_column("sale_fixes", sa.Column(name, kind, nullable=True))
    op.execute(f"""
        CREATE TRIGGER fixes_policy_facts_immutable BEFORE UPDATE OF {", ".join(_FACTS)} ON sale_fixes
        BEGIN SELECT RAISE(ABORT, 'fix_immutable'); END""")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS fixes_policy_facts_immutable")
    for name, _kind in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE sale_fixes DROP COLUMN {name}")
