"""Guard triggers: recorded sale facts are immutable, sales are never deleted, the audit log is
append-only and nothing unsent is ever removed from the outbox.

These hold even against code paths (or people with a SQLite shell) that bypass the services.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SALE_FACTS = (
    "id", "seq", "terminal_id", "created_at_ms", "business_day", "clerk_id", "operator_code",
    "product_code", "product_name", "product_kind", "msisdn", "currency", "face", "bonus", "price",
    "float_cost", "commission", "promotion_code", "payment_method", "tendered", "change",
    "payment_reference", "catalog_version", "voucher_serial", "voucher_pin",
)

TRIGGERS = {
    "sales_facts_immutable": f"""
        CREATE TRIGGER sales_facts_immutable BEFORE UPDATE OF {", ".join('"%s"' % c for c in SALE_FACTS)} ON sales
        BEGIN SELECT RAISE(ABORT, 'sale_immutable'); END""",
    "sales_never_deleted": """
        CREATE TRIGGER sales_never_deleted BEFORE DELETE ON sales
        BEGIN SELECT RAISE(ABORT, 'sale_immutable'); END""",
    "audit_no_update": """
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_append_only'); END""",
    "audit_no_delete": """
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_append_only'); END""",
    "outbox_keep_unsent": """
        CREATE TRIGGER outbox_keep_unsent BEFORE DELETE ON outbox WHEN OLD.state <> 'done'
        BEGIN SELECT RAISE(ABORT, 'outbox_unsent'); END""",
}


def upgrade() -> None:
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
