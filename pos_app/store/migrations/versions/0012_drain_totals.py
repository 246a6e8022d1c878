"""Running total of queued sales and their float cost (issue 13).

The offline-allowance guard runs inside every offline sale's transaction and needs the float
cost of all queued sales. Summing them (even from the partial index of 0005) grows with the
backlog: a field agent with 10,000 queued sales paid for it on every sale. `queued_totals` is one
row kept by triggers on `sales`, so it changes in the very transaction that inserts a sale or
moves it into or out of QUEUED (record, ack, reject, cancel, dispute, anything else, even from a
SQLite shell): it cannot drift from the sales, and a crash rolls both back together. Sales are
never deleted and `float_cost` never changes once recorded (0002's triggers), so insert and
status changes are the only ways in and out.

The row is initialised from the queued sales already stored on upgrade. `pos-admin verify`
compares it with the sum (check `queued_totals`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BUMP = "UPDATE queued_totals SET sales = sales {op} 1, float_cost = float_cost {op} {side}.float_cost WHERE id = 1;"

TRIGGERS = {
    "queued_totals_on_insert": f"""
        CREATE TRIGGER queued_totals_on_insert AFTER INSERT ON sales WHEN NEW.status = 'QUEUED'
        BEGIN {_BUMP.format(op='+', side='NEW')} END""",
    "queued_totals_on_leave": f"""
        CREATE TRIGGER queued_totals_on_leave AFTER UPDATE OF status ON sales
        WHEN OLD.status = 'QUEUED' AND NEW.status IS NOT 'QUEUED'
        BEGIN {_BUMP.format(op='-', side='OLD')} END""",
    "queued_totals_on_enter": f"""
        CREATE TRIGGER queued_totals_on_enter AFTER UPDATE OF status ON sales
        WHEN OLD.status IS NOT 'QUEUED' AND NEW.status = 'QUEUED'
        BEGIN {_BUMP.format(op='+', side='NEW')} END""",
    # The row is the triggers' alone: it cannot be removed, and a second one cannot appear (CHECK id = 1).
    "queued_totals_keep": """
        CREATE TRIGGER queued_totals_keep BEFORE DELETE ON queued_totals
        BEGIN SELECT RAISE(ABORT, 'queued_totals_guard'); END""",
}


def upgrade() -> None:
    op.execute("""
        CREATE TABLE queued_totals (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            sales INTEGER NOT NULL,
            float_cost INTEGER NOT NULL
        )""")  # no CHECK on the figures: a bad total must never block recording a sale or an ack (verify reports it)
    op.execute("INSERT INTO queued_totals (id, sales, float_cost) "
               "SELECT 1, COUNT(*), COALESCE(SUM(float_cost), 0) FROM sales WHERE status = 'QUEUED'")
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS queued_totals")
