"""shifts, sale fixes (cancel / reversal), Z reports; outbox.sent_at_ms; their guard triggers

* A closed shift, a resolved fix and a Z report can never change or disappear.
* Z numbers run 1, 2, 3... without gaps, and each Z closes a later day than the one before.
* No sale can be recorded into a day a Z has closed (the app caches the open day; this is the
  guard that holds even when the cache is a moment late).
* outbox.sent_at_ms: set in the transaction that picks a row for sending, so a cancel can tell
  for sure whether a queued sale may have reached the server.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Z_FACTS = ("z_no", "id", "business_day", "after_day", "closed_at_ms", "closed_by", "approved_by", "carried_over",
           "report", "digest")
FIX_FACTS = ("id", "sale_id", "kind", "requested_at_ms", "requested_by", "approved_by", "reason")


def _cols(names: tuple[str, ...]) -> str:
    return ", ".join('"%s"' % c for c in names)


TRIGGERS = {
    "shifts_closed_immutable": """
        CREATE TRIGGER shifts_closed_immutable BEFORE UPDATE ON shifts WHEN OLD.state = 'closed'
        BEGIN SELECT RAISE(ABORT, 'shift_immutable'); END""",
    "shifts_never_deleted": """
        CREATE TRIGGER shifts_never_deleted BEFORE DELETE ON shifts
        BEGIN SELECT RAISE(ABORT, 'shift_immutable'); END""",
    "fixes_facts_immutable": f"""
        CREATE TRIGGER fixes_facts_immutable BEFORE UPDATE OF {_cols(FIX_FACTS)} ON sale_fixes
        BEGIN SELECT RAISE(ABORT, 'fix_immutable'); END""",
    "fixes_resolved_immutable": """
        CREATE TRIGGER fixes_resolved_immutable BEFORE UPDATE ON sale_fixes WHEN OLD.state <> 'pending'
        BEGIN SELECT RAISE(ABORT, 'fix_immutable'); END""",
    "fixes_never_deleted": """
        CREATE TRIGGER fixes_never_deleted BEFORE DELETE ON sale_fixes
        BEGIN SELECT RAISE(ABORT, 'fix_immutable'); END""",
    "z_facts_immutable": f"""
        CREATE TRIGGER z_facts_immutable BEFORE UPDATE OF {_cols(Z_FACTS)} ON z_reports
        BEGIN SELECT RAISE(ABORT, 'z_immutable'); END""",
    "z_server_answer_once": """
        CREATE TRIGGER z_server_answer_once BEFORE UPDATE OF server_state, server_totals, server_checked_at_ms
        ON z_reports WHEN OLD.server_state <> 'pending'
        BEGIN SELECT RAISE(ABORT, 'z_immutable'); END""",
    "z_never_deleted": """
        CREATE TRIGGER z_never_deleted BEFORE DELETE ON z_reports
        BEGIN SELECT RAISE(ABORT, 'z_immutable'); END""",
    "z_gap_free": """
        CREATE TRIGGER z_gap_free BEFORE INSERT ON z_reports
        WHEN NEW.z_no <> COALESCE((SELECT MAX(z_no) FROM z_reports), 0) + 1
          OR NEW.business_day <= COALESCE((SELECT MAX(business_day) FROM z_reports), '')
        BEGIN SELECT RAISE(ABORT, 'z_sequence'); END""",
    "sales_day_open": """
        CREATE TRIGGER sales_day_open BEFORE INSERT ON sales
        WHEN NEW.business_day <= (SELECT MAX(business_day) FROM z_reports)
        BEGIN SELECT RAISE(ABORT, 'day_closed'); END""",
}


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("clerk_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("opened_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("opened_by", sa.String(128), nullable=False),
        sa.Column("opening_count", sa.Text(), nullable=False),
        sa.Column("opening_float", sa.BigInteger(), nullable=False),
        sa.Column("closed_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("closed_by", sa.String(128), nullable=True),
        sa.Column("approved_by", sa.String(128), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("closing_count", sa.Text(), nullable=True),
        sa.Column("reconciliation", sa.Text(), nullable=True),
        sa.Column("sales_count", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shifts_clerk_opened", "shifts", ["clerk_id", "opened_at_ms"])
    op.create_index("ux_shifts_one_open_per_clerk", "shifts", ["clerk_id"], unique=True,
                    sqlite_where=sa.text("state = 'open'"))
    op.create_table(
        "sale_fixes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("sale_id", sa.String(36), sa.ForeignKey("sales.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("requested_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("requested_by", sa.String(128), nullable=False),
        sa.Column("approved_by", sa.String(128), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("resolved_at_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sale_fixes_sale", "sale_fixes", ["sale_id"])
    op.create_index("ix_sale_fixes_requested", "sale_fixes", ["requested_at_ms"])
    op.create_table(
        "z_reports",
        sa.Column("z_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("business_day", sa.String(10), nullable=False),
        sa.Column("after_day", sa.String(10), nullable=True),
        sa.Column("closed_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("closed_by", sa.String(128), nullable=False),
        sa.Column("approved_by", sa.String(128), nullable=False),
        sa.Column("carried_over", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("server_state", sa.String(16), nullable=False),
        sa.Column("server_totals", sa.Text(), nullable=True),
        sa.Column("server_checked_at_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("z_no"),
        sa.UniqueConstraint("id"),
        sa.UniqueConstraint("business_day"),
    )
    op.add_column("outbox", sa.Column("sent_at_ms", sa.BigInteger(), nullable=True))
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE outbox DROP COLUMN sent_at_ms")
    op.drop_table("z_reports")
    op.drop_index("ix_sale_fixes_requested", "sale_fixes")
    op.drop_index("ix_sale_fixes_sale", "sale_fixes")
    op.drop_table("sale_fixes")
    op.drop_index("ux_shifts_one_open_per_clerk", "shifts")
    op.drop_index("ix_shifts_clerk_opened", "shifts")
    op.drop_table("shifts")
