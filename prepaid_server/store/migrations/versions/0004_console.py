"""Distributor console: operators, sessions, audit chain, hierarchy, transfers (issue 16).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table("server_audit_head",
                    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
                    sa.Column("seq", sa.BigInteger(), nullable=False),
                    sa.Column("hash", sa.String(64), nullable=False))
    op.execute(f"INSERT INTO server_audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')")
    op.create_table("server_audit",
                    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
                    sa.Column("at_ms", sa.BigInteger(), nullable=False),
                    sa.Column("actor", sa.String(120), nullable=False),
                    sa.Column("action", sa.String(40), nullable=False),
                    sa.Column("subject", sa.String(120), nullable=False),
                    sa.Column("detail", sa.Text(), nullable=False),
                    sa.Column("prev_hash", sa.String(64), nullable=False),
                    sa.Column("hash", sa.String(64), nullable=False))
    op.create_table("operators",
                    sa.Column("id", sa.String(36), primary_key=True),
                    sa.Column("name", sa.String(64), nullable=False, unique=True),
                    sa.Column("role", sa.String(16), nullable=False),
                    sa.Column("password_hash", sa.String(200), nullable=False),
                    sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
                    sa.Column("language", sa.String(8), nullable=False, server_default=""),
                    sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"),
                    sa.Column("locked_until_ms", sa.BigInteger(), nullable=False, server_default="0"),
                    sa.Column("created_at_ms", sa.BigInteger(), nullable=False))
    op.create_table("console_sessions",
                    sa.Column("token_hash", sa.String(64), primary_key=True),
                    sa.Column("operator_id", sa.String(36), nullable=False, index=True),
                    sa.Column("csrf", sa.String(64), nullable=False),
                    sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
                    sa.Column("last_seen_ms", sa.BigInteger(), nullable=False))
    op.create_table("agent_parents",
                    sa.Column("agent_id", sa.String(36), primary_key=True),
                    sa.Column("parent_id", sa.String(36), nullable=False, index=True))
    op.create_table("float_transfers",
                    sa.Column("id", sa.String(64), primary_key=True),
                    sa.Column("from_agent", sa.String(36), nullable=False),
                    sa.Column("to_agent", sa.String(36), nullable=False),
                    sa.Column("amount", sa.BigInteger(), nullable=False),
                    sa.Column("currency", sa.String(3), nullable=False),
                    sa.Column("actor", sa.String(120), nullable=False),
                    sa.Column("created_at_ms", sa.BigInteger(), nullable=False))
    op.create_index("ix_float_transfers_from", "float_transfers", ["from_agent", "created_at_ms"])
    op.create_index("ix_float_transfers_to", "float_transfers", ["to_agent", "created_at_ms"])
    op.create_table("risk_alert_states",
                    sa.Column("alert_id", sa.BigInteger(), primary_key=True, autoincrement=False),
                    sa.Column("state", sa.String(12), nullable=False),
                    sa.Column("note", sa.String(500), nullable=False),
                    sa.Column("actor", sa.String(120), nullable=False),
                    sa.Column("at_ms", sa.BigInteger(), nullable=False))
    op.create_table("console_settings",
                    sa.Column("key", sa.String(40), primary_key=True),
                    sa.Column("value", sa.BigInteger(), nullable=False))
    op.create_table("float_watch",
                    sa.Column("agent_id", sa.String(36), primary_key=True),
                    sa.Column("below", sa.Boolean(), nullable=False),
                    sa.Column("at_ms", sa.BigInteger(), nullable=False))
    op.create_table("float_requests",
                    sa.Column("id", sa.String(64), primary_key=True),
                    sa.Column("agent_id", sa.String(36), nullable=False, index=True),
                    sa.Column("parent_id", sa.String(36), nullable=False, index=True),
                    sa.Column("amount", sa.BigInteger(), nullable=False),
                    sa.Column("state", sa.String(10), nullable=False),
                    sa.Column("requested_by", sa.String(120), nullable=False),
                    sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
                    sa.Column("decided_by", sa.String(120)),
                    sa.Column("decided_at_ms", sa.BigInteger()))
    # The float history page reads one account's entries newest first.
    op.create_index("ix_entries_account_id", "entries", ["account_id", "id"])
    # An agent's sales of the day (agent page, settlement).
    op.create_index("ix_sales_agent_received", "sales", ["agent_id", "received_at_ms"])
    # The audit log is append-only, like the ledger (audit-check still finds edits made with the
    # triggers dropped).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION server_audit_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only (%)', TG_TABLE_NAME; END;
            $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER server_audit_append_only BEFORE UPDATE OR DELETE ON server_audit "
                   "FOR EACH ROW EXECUTE FUNCTION server_audit_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER server_audit_no_{verb.lower()} BEFORE {verb} ON server_audit "
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS server_audit_append_only ON server_audit")
        op.execute("DROP FUNCTION IF EXISTS server_audit_append_only()")
    op.drop_index("ix_sales_agent_received", table_name="sales")
    op.drop_index("ix_entries_account_id", table_name="entries")
    op.drop_index("ix_float_transfers_to", table_name="float_transfers")
    op.drop_index("ix_float_transfers_from", table_name="float_transfers")
    for table in ("float_requests", "float_watch", "console_settings", "risk_alert_states", "float_transfers", "agent_parents", "console_sessions", "operators", "server_audit",
                  "server_audit_head"):
        op.drop_table(table)
