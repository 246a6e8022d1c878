"""Alerts for the till (issues 14/15, till-points).

The till's "Needs attention" reads one agent's open alerts on every float fetch
(services/till_alerts.py): an index on (agent_id, created_at_ms) keeps that a range read instead
of a scan of every alert. Acknowledgements from the till go in the desk's risk_alert_states
(migration 0004, the console tables), so nothing else changes. Reminder consent stays at the till
(terminal migration 0011): the shop's own SMS tool reads it there.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_risk_alerts_agent_created", "risk_alerts", ["agent_id", "created_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_risk_alerts_agent_created", table_name="risk_alerts")
