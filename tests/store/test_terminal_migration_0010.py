"""Terminal migration 0010 (issue 14, refunds): the policy columns come and go in place, the 0004
guard triggers survive a downgrade, and the policy's facts on a fix never change."""
from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine

from pos_app.store import migrate

COLUMNS = {"reason_code", "second_approver", "allow_partial", "final_state", "recovered", "refund", "bonus_back",
           "points_back"}


def _columns(path) -> set[str]:  # noqa: ANN001
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute("PRAGMA table_info(sale_fixes)")}
    finally:
        conn.close()


def _triggers(path) -> set[str]:  # noqa: ANN001
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                                           "AND tbl_name='sale_fixes'")}
    finally:
        conn.close()


def test_0010_down_and_up_keeps_the_guards(tmp_path):
    path = tmp_path / "pos.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, path, tmp_path)
    assert COLUMNS <= _columns(path)
    assert {"fixes_facts_immutable", "fixes_resolved_immutable", "fixes_policy_facts_immutable"} <= _triggers(path)
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    assert not COLUMNS & _columns(path)
    assert {"fixes_facts_immutable", "fixes_resolved_immutable"} <= _triggers(path)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert COLUMNS <= _columns(path)
    engine.dispose()


def test_policy_facts_never_change(services, clerk, manager):  # noqa: ANN001
    from pos_app.domain.sale import SaleRequest

    sale = services.sell.record(clerk, SaleRequest("0712345678", "SAF-AIRTIME", 10_000, "cash", 10_000))
    from pos_app.store.uow import UnitOfWork
    with UnitOfWork(services.db, write=False) as uow:
        row = [o for o in uow.outbox.for_ref(sale.id) if o.kind == "sale"][0]
    services.engine._apply([(row.id, {"id": sale.id, "status": "accepted", "server_ref": "PS-1"})])
    services.reverse(manager, sale.id, reason="wrong number", reason_code="wrong_number")
    conn = sqlite3.connect(services.db.db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="fix_immutable"):
            conn.execute("UPDATE sale_fixes SET reason_code = 'other'")
        with pytest.raises(sqlite3.DatabaseError, match="fix_immutable"):
            conn.execute("UPDATE sale_fixes SET second_approver = 'manager:joe'")
    finally:
        conn.close()
