"""Points payment at the till, reminder consent, alerts (issue 14).

Reserved slot; empty until its change lands.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
