"""Distributor console: operators, sessions, audit chain, hierarchy, transfers (issue 16).

Reserved slot in the migration chain so that work on several issues can land in any order; the
issue's work fills in upgrade()/downgrade(). Empty until then.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from alembic import op  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
