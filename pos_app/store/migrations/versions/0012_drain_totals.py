"""Running total of queued float cost, drain (issue 13).

Reserved slot; empty until its change lands.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
