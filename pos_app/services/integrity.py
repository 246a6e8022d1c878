"""`pos-admin verify`: database integrity, foreign keys, audit chain, sequence without gaps,
and every sale with its outbox row."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from topup_core.audit import first_broken_link
from pos_app.store.database import Database
from pos_app.store.uow import UnitOfWork


@dataclass
class VerifyReport:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the problem
    ok: bool = True

    def fail(self, name: str, problem: str) -> None:
        self.checks[name] = problem
        self.ok = False


def verify(db: Database) -> VerifyReport:
    report = VerifyReport()
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        result = [r[0] for r in s.execute(text("PRAGMA integrity_check")).all()]
        report.checks["integrity"] = "ok" if result == ["ok"] else "; ".join(result[:5])
        if result != ["ok"]:
            report.ok = False
        fk = s.execute(text("PRAGMA foreign_key_check")).all()
        if fk:
            report.fail("foreign_keys", f"{len(fk)} rows point at missing rows (first: {fk[0]})")
        else:
            report.checks["foreign_keys"] = "ok"
        broken = first_broken_link(uow.audit.iterate())
        if broken:
            report.fail("audit_chain", f"broken at entry {broken[0]}: {broken[1]}")
        else:
            report.checks["audit_chain"] = "ok"
        lo, hi, n = s.execute(text("SELECT MIN(seq), MAX(seq), COUNT(*) FROM sales")).one()
        if n and (lo != 1 or hi != n):
            report.fail("sale_sequence", f"{n} sales but numbers run {lo}..{hi}: a sale is missing")
        else:
            report.checks["sale_sequence"] = "ok"
        orphans = s.execute(text(
            "SELECT COUNT(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ref_id = s.id AND o.kind='sale')"
        )).scalar()
        if orphans:
            report.fail("sale_outbox", f"{orphans} sales have no outbox row")
        else:
            report.checks["sale_outbox"] = "ok"
    return report
