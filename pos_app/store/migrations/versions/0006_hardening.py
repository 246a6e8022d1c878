"""Terminal hardening (issue 11): the receipt number stored with the sale, immutable; voucher PINs
may be sealed (clear -> `gcm1:` once, never back, never changed after).

* sales.receipt_no: terminal code + sequence as printed, fixed when the sale is made. Existing
  sales get the code the terminal has now (what their receipts were printed with, unless the
  terminal re-enrolled since: nothing better is known).
* receipt_no is set once and never changed after; voucher_pin gets its own guard that allows only the
  one change from clear to sealed (pos_app/store/sealing.py seals the old rows at start-up).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_FACTS = (
    "id", "seq", "terminal_id", "created_at_ms", "business_day", "clerk_id", "operator_code",
    "product_code", "product_name", "product_kind", "msisdn", "currency", "face", "bonus", "price",
    "float_cost", "commission", "promotion_code", "payment_method", "tendered", "change",
    "payment_reference", "catalog_version", "voucher_serial", "voucher_pin",
)
NEW_FACTS = tuple(c for c in OLD_FACTS if c != "voucher_pin")


def _facts_trigger(columns: tuple[str, ...]) -> str:
    return (f"CREATE TRIGGER sales_facts_immutable BEFORE UPDATE OF {', '.join(chr(34) + c + chr(34) for c in columns)} "
            "ON sales BEGIN SELECT RAISE(ABORT, 'sale_immutable'); END")


PIN_GUARD = """
    CREATE TRIGGER sales_pin_sealed_once BEFORE UPDATE OF voucher_pin ON sales
    WHEN NEW.voucher_pin IS NOT OLD.voucher_pin AND NOT (
        OLD.voucher_pin IS NOT NULL AND OLD.voucher_pin NOT LIKE 'gcm1:%' AND NEW.voucher_pin LIKE 'gcm1:%')
    BEGIN SELECT RAISE(ABORT, 'sale_immutable'); END"""
# Set once (by the sale's insert; a row inserted without one may get it once), never changed.
RECEIPT_NO_ONCE = """
    CREATE TRIGGER sales_receipt_no_immutable BEFORE UPDATE OF receipt_no ON sales
    WHEN OLD.receipt_no IS NOT NULL AND NEW.receipt_no IS NOT OLD.receipt_no
    BEGIN SELECT RAISE(ABORT, 'sale_immutable'); END"""


def upgrade() -> None:
    op.add_column("sales", sa.Column("receipt_no", sa.String(length=32), nullable=True))  # plain ALTER: triggers stay
    op.execute("""UPDATE sales SET receipt_no =
        COALESCE((SELECT value FROM settings WHERE key = 'terminal_code'), 'T0') || '-' || printf('%06d', seq)
        WHERE receipt_no IS NULL""")
    op.execute("DROP TRIGGER IF EXISTS sales_facts_immutable")
    op.execute(_facts_trigger(NEW_FACTS))
    op.execute(PIN_GUARD)
    op.execute(RECEIPT_NO_ONCE)
    op.create_index("ix_sales_receipt_no", "sales", ["receipt_no"])


def downgrade() -> None:
    op.drop_index("ix_sales_receipt_no", "sales")
    for name in ("sales_receipt_no_immutable", "sales_pin_sealed_once", "sales_facts_immutable"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE sales DROP COLUMN receipt_no")  # SQLite >= 3.35: no table rebuild
    op.execute(_facts_trigger(OLD_FACTS))
