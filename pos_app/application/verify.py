"""`pos-admin verify` and the audit screen's check: database integrity, foreign keys, the audit
hash chain, the sale sequence without gaps, every sale with its outbox row, and the running total of
queued sales against their sum (issue 13)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from topup_core.audit import first_broken_link
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Permission

from .ports import Clock, UnitOfWorkFactory


@dataclass
class VerifyReport:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the problem
    ok: bool = True

    def fail(self, name: str, problem: str) -> None:
        self.checks[name] = problem
        self.ok = False

    def first_problem(self) -> str | None:
        return next((f"{n}: {r}" for n, r in self.checks.items() if r != "ok"), None)


class Verify:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock,
                 file_modes: Callable[[], list[str]] | None = None,
                 tightened: Callable[[], list[str]] | None = None) -> None:
        self.uow = uow
        self.clock = clock
        self.file_modes = file_modes  # issue 11: paths other users can read now (the data directory's adapter)
        self.tightened = tightened  # ... and those that were open until this process tightened them

    def __call__(self, actor: Actor = LOCAL_ADMIN) -> VerifyReport:
        actor.require(Permission.VIEW_AUDIT, self.clock.now())
        report = VerifyReport()
        with self.uow(write=False) as uow:
            result = uow.checks.integrity_check()
            report.checks["integrity"] = "ok" if result == ["ok"] else "; ".join(result[:5])
            if result != ["ok"]:
                report.ok = False
            fk = uow.checks.foreign_key_problems()
            if fk:
                report.fail("foreign_keys", f"{len(fk)} rows point at missing rows (first: {fk[0]})")
            else:
                report.checks["foreign_keys"] = "ok"
            broken = first_broken_link(uow.audit.iterate())
            if broken:
                report.fail("audit_chain", f"broken at entry {broken[0]}: {broken[1]}")
            else:
                report.checks["audit_chain"] = "ok"
            lo, hi, n = uow.checks.sale_seq_stats()
            if n and (lo != 1 or hi != n):
                report.fail("sale_sequence", f"{n} sales but numbers run {lo}..{hi}: a sale is missing")
            else:
                report.checks["sale_sequence"] = "ok"
            orphans = uow.checks.sales_without_outbox()
            if orphans:
                report.fail("sale_outbox", f"{orphans} sales have no outbox row")
            else:
                report.checks["sale_outbox"] = "ok"
            kept, summed = uow.sales.queued_totals(), uow.sales.queued_totals_summed()  # issue 13
            if kept != summed:
                report.fail("queued_totals", f"the running total says {kept[0]} queued sales costing {kept[1]}, "
                                             f"the sales say {summed[0]} costing {summed[1]}")
            else:
                report.checks["queued_totals"] = "ok"
            unreadable = uow.checks.unreadable_pins()  # issue 11: the PIN key belongs to this database
            if unreadable:
                report.fail("pin_key", f"{unreadable} sealed voucher PIN(s) cannot be opened with DATA_DIR/pin.key: "
                                       "restore the key this database was sealed with")
            else:
                report.checks["pin_key"] = "ok"
        if self.file_modes is not None:
            problems = self.file_modes()
            if problems:
                report.fail("file_modes", f"{len(problems)} path(s) open to other users: " + "; ".join(problems[:5]))
            else:
                fixed = self.tightened() if self.tightened else []
                report.checks["file_modes"] = "ok" if not fixed else (
                    f"ok (were open to other users until this start, tightened: {', '.join(fixed[:5])}; "
                    "copies made before may exist)")
        return report
