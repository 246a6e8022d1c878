"""Server hardening: enrollment request ids, scoped sale ids (issue 11).

Reserved slot in the migration chain so that work on several issues can land in any order; the
issue's work fills in upgrade()/downgrade(). Empty until then.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
from alembic import op  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
