"""Customer at the counter: cached customer views, loyalty on sales (issue 14).

Reserved slot in the migration chain so that work on several issues can land in any order; the
issue's work fills in upgrade()/downgrade(). Empty until then.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from alembic import op  # noqa: F401

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
