"""X and Z reports, the managers' dashboard, and the server's answer to a Z.

SQLite does the GROUP BY (one row per clerk x operator x product x method x status x hour) and
`pos_app.domain.reports.aggregate` folds those groups into figures: the same code path for a
report over 5 sales or a dashboard over a million.

A Z report closes the business days after the previous Z up to the day it names: it is numbered
from the gap-free sequence "z" in the same transaction that stores it, stored as canonical JSON
with its SHA-256, guarded by triggers (0004), audited, and queued for the server, which recomputes
the totals from its own records; the answer is stored once and a mismatch is flagged.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text

from topup_core.audit import canonical
from topup_core.errors import Conflict, NotFound
from topup_core.ids import uuid7
from pos_app.domain.reports import (TAKINGS, UNSETTLED, Dashboard, FixEntry, Report, SaleLine, Totals, aggregate,
                                    compare_with_server, open_business_day, seq_ranges)
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus
from pos_app.store.database import Database
from pos_app.store.models import ZReport
from pos_app.store.uow import UnitOfWork

from .clock import to_ms
from .fixes import approving, clean_reason

Z_SEQUENCE = "z"
DASHBOARD_DAYS = 7
# Sales the server has answered for: it must know each of these seqs.
SERVER_KNOWN = (SaleStatus.CONFIRMED.value, SaleStatus.REVERSAL_REFUSED.value, SaleStatus.REVERSED.value,
                SaleStatus.REJECTED.value)

_GROUPED = """
SELECT s.status, u.username, s.operator_code, s.product_code, s.payment_method,
       ((s.created_at_ms + :offset_ms) / 3600000) % 24 AS hour,
       COUNT(*), SUM(s.face), SUM(s.bonus), SUM(s.price), SUM(s.float_cost), SUM(s.commission),
       MAX(s.product_name), u.display_name, {extra}
FROM sales s JOIN users u ON u.id = s.clerk_id
WHERE s.business_day > :after AND s.business_day <= :last
GROUP BY s.status, s.clerk_id, s.operator_code, s.product_code, s.payment_method, hour {day_group}
"""


@dataclass(frozen=True)
class ZSummary:
    z_no: int
    business_day: str
    closed_at_ms: int
    closed_by: str
    approved_by: str
    carried_over: int
    takings_price: int
    currency: str
    server_state: str


def _day_minus(day: str, n: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=n)).isoformat()


class ReportService:
    def __init__(self, db: Database, clock, sales) -> None:  # noqa: ANN001
        self.db = db
        self.clock = clock
        self.sales = sales
        self.on_queued: list[Callable[[str], None]] = []  # a Z was queued for the server

    # ------------------------------------------------------------ building blocks

    def _offset_ms(self, day: str) -> int:
        """The shop's UTC offset at noon of `day` (hours of a DST change-over day may shift by one)."""
        tz = ZoneInfo(self.sales.terminal.timezone)
        noon = datetime.combine(date.fromisoformat(day), time(12), tz)
        return int(noon.utcoffset().total_seconds() * 1000)

    def _grouped(self, uow: UnitOfWork, after: str | None, last: str, *, by_day: bool = False):  # noqa: ANN202
        # One pass: per group also the sale numbers (for the server's seq ranges) and the first day.
        sql = _GROUPED.format(extra="s.business_day" if by_day else "GROUP_CONCAT(s.seq), MIN(s.business_day)",
                              day_group=", s.business_day" if by_day else "")
        conn = uow.session.connection().connection.driver_connection  # plain sqlite3: rows are tuples
        return conn.execute(sql.replace(":offset_ms", "?").replace(":after", "?").replace(":last", "?"),
                            (self._offset_ms(last), after or "", last)).fetchall()

    @staticmethod
    def _line(row) -> SaleLine:  # noqa: ANN001
        return SaleLine(SaleStatus(row[0]), row[1], row[2], row[3], row[4], int(row[5]), row[6], row[7], row[8],
                        row[9], row[10], row[11])

    def _shop(self) -> dict[str, str]:
        t = self.sales.terminal
        return {"name": t.shop_name, "address": t.shop_address, "terminal_code": t.terminal_code,
                "terminal_id": t.terminal_id, "timezone": t.timezone}

    def _build(self, uow: UnitOfWork, kind: str, after: str | None, last: str, now_ms: int) -> Report:
        terminal = self.sales.terminal
        rows = self._grouped(uow, after, last)
        figures = aggregate((self._line(r) for r in rows), terminal.currency)
        clerk_names = {r[1]: r[13] for r in rows}
        product_names = {r[3]: r[12] for r in rows}
        code = terminal.terminal_code
        params = {"after": after or "", "last": last}
        fixes = [
            FixEntry(kind, sale_id, f"{code}-{seq:06d}", at, who, approver, reason, state, fcode, price)
            for kind, sale_id, seq, at, who, approver, reason, state, fcode, price in uow.session.execute(text(
                "SELECT f.kind, f.sale_id, s.seq, f.requested_at_ms, f.requested_by, f.approved_by, f.reason, "
                "f.state, f.code, s.price FROM sale_fixes f JOIN sales s ON s.id = f.sale_id "
                "WHERE s.business_day > :after AND s.business_day <= :last ORDER BY f.requested_at_ms, f.id"),
                params).all()
        ]
        fixes += [
            FixEntry("rejection", sale_id, f"{code}-{seq:06d}", at, "server", None, message or "", "rejected",
                     rcode, price)
            for sale_id, seq, at, rcode, message, price in uow.session.execute(text(
                "SELECT id, seq, status_changed_at_ms, reject_code, reject_message, price FROM sales "
                "WHERE business_day > :after AND business_day <= :last AND status = 'REJECTED' ORDER BY seq"),
                params).all()
        ]
        known: list[int] = []
        for r in rows:
            if r[0] in SERVER_KNOWN and r[14]:
                known.extend(map(int, r[14].split(",")))
        carried = []
        if any(SaleStatus(r[0]) in UNSETTLED for r in rows):
            carried = [{"seq": seq, "receipt_no": f"{code}-{seq:06d}", "status": status, "price": price,
                        "sale_id": sale_id}
                       for seq, status, price, sale_id in uow.session.execute(text(
                           "SELECT seq, status, price, id FROM sales WHERE business_day > :after "
                           "AND business_day <= :last AND status IN ('QUEUED', 'REVERSAL_PENDING') ORDER BY seq"),
                           params).all()]
        first = min((r[15] for r in rows), default=last)
        return Report(kind=kind, first_day=first, last_day=last, generated_at_ms=now_ms, shop=self._shop(),
                      figures=figures, clerk_names=clerk_names, product_names=product_names, fixes=fixes,
                      carried_over=carried, server_seq_ranges=seq_ranges(known),
                      reversed=figures.by_status.get(SaleStatus.REVERSED.value, Totals()))

    def _days(self, uow: UnitOfWork, now: datetime) -> tuple[str | None, str, str]:
        """(last closed day, open day, the day a Z would close by default)."""
        last_closed = uow.session.scalar(select(func.max(ZReport.business_day)))
        open_day = open_business_day(self.sales.terminal.business_day(now), last_closed)
        earliest = uow.session.execute(text("SELECT MIN(business_day) FROM sales WHERE business_day > :after"),
                                       {"after": last_closed or ""}).scalar()
        pending = earliest if earliest is not None and earliest < open_day else open_day
        return last_closed, open_day, pending

    # ------------------------------------------------------------ X report

    def x_report(self, actor: Actor, day: str | None = None) -> Report:
        """A read-only snapshot. Default: the earliest business day not yet closed by a Z."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        with UnitOfWork(self.db, write=False) as uow:
            last_closed, open_day, pending = self._days(uow, now)
            day = day or pending
            after = last_closed if last_closed is not None and day > last_closed else _day_minus(day, 1)
            return self._build(uow, "X", after, day, to_ms(now))

    # ------------------------------------------------------------ Z report

    def close_day(self, actor: Actor, *, approver: Actor | None = None, day: str | None = None,
                  carry_over: bool = False, reason: str = "") -> Report:
        now = self.clock.now()
        who = approving(actor, approver, Permission.CLOSE_DAY, now)
        now_ms = to_ms(now)
        with UnitOfWork(self.db) as uow:
            last_closed, open_day, pending = self._days(uow, now)
            day = day or pending
            if last_closed is not None and day <= last_closed:
                raise Conflict("day_already_closed", f"Business day {day} is already closed by a Z report.")
            if day > open_day:
                raise Conflict("day_not_open", f"Business day {day} has not started yet.")
            report = self._build(uow, "Z", last_closed, day, now_ms)
            if report.carried_over and not carry_over:
                raise Conflict("z_unsent_sales",
                               f"{len(report.carried_over)} sale(s) of this day are not settled with the server yet. "
                               "Sync first, or have a manager carry them over to the report.",
                               count=len(report.carried_over))
            if report.carried_over:
                reason = clean_reason(reason or "carried over unsent sales")
            z_no = uow.sequences.next(Z_SEQUENCE)
            z_id = uuid7()
            report.z_no, report.closed_by, report.approved_by, report.reason = z_no, actor.label, who.label, reason
            body = canonical(report.body())
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            uow.session.add(ZReport(z_no=z_no, id=z_id, business_day=day, after_day=last_closed, closed_at_ms=now_ms,
                                    closed_by=actor.label, approved_by=who.label,
                                    carried_over=len(report.carried_over), report=body, digest=digest,
                                    server_state="pending"))
            uow.outbox.add("z_report", z_id, {
                "id": z_id, "z_no": z_no, "business_day": day, "first_day": report.first_day,
                "closed_at_ms": now_ms, "currency": report.currency, "seq_ranges": report.server_seq_ranges,
                "carried_seqs": [c["seq"] for c in report.carried_over],
                "client_totals": report.figures.settled.as_dict()}, now_ms)
            uow.audit.append(now_ms, actor.label, "day.closed", f"Z{z_no}", {
                "z_no": z_no, "business_day": day, "approver": who.label, "carried_over": len(report.carried_over),
                "reason": reason, "digest": digest, "takings": report.figures.takings.price,
                "currency": report.currency})
            uow.commit()
        report.server_state = "pending"
        self.sales.refresh_open_day()  # the next sale belongs to the next business day
        for callback in self.on_queued:
            try:
                callback(z_id)
            except Exception:  # noqa: BLE001
                pass
        return report

    def z_reports(self, actor: Actor) -> list[ZSummary]:
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with UnitOfWork(self.db, write=False) as uow:
            rows = uow.session.scalars(select(ZReport).order_by(ZReport.z_no.desc())).all()
            out = []
            for r in rows:
                figures = json.loads(r.report)["figures"]
                out.append(ZSummary(r.z_no, r.business_day, r.closed_at_ms, r.closed_by, r.approved_by,
                                    r.carried_over, int(figures["takings"]["price"]), figures["currency"],
                                    r.server_state))
            return out

    def z_report(self, actor: Actor, z_no: int) -> Report:
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with UnitOfWork(self.db, write=False) as uow:
            row = uow.session.get(ZReport, z_no)
            if row is None:
                raise NotFound("z_unknown", f"There is no Z report #{z_no}.")
            if hashlib.sha256(row.report.encode("utf-8")).hexdigest() != row.digest:
                raise Conflict("z_tampered", f"Z report #{z_no} does not match its digest.")
            report = Report.from_body(json.loads(row.report))
            report.server_state = row.server_state
            if row.server_totals:
                answer = json.loads(row.server_totals)
                report.server_totals = answer.get("server")
                report.mismatches = list(answer.get("mismatches", []))
            return report

    @staticmethod
    def apply_close_answer(uow: UnitOfWork, z_id: str, answer: dict[str, Any], now_ms: int) -> str:
        """Inside the sync engine's transaction: store the server's own totals once, flag a mismatch."""
        row = uow.session.scalar(select(ZReport).where(ZReport.id == z_id))
        if row is None or row.server_state != "pending":
            return row.server_state if row else "unknown"
        report = Report.from_body(json.loads(row.report))
        if answer.get("status") == "refused":
            state, mismatches = "refused", [str(answer.get("message") or answer.get("code") or "refused")]
        else:
            mismatches = compare_with_server(report.figures.settled, report.reversed, answer)
            state = "mismatch" if mismatches else "matched"
        row.server_state = state
        row.server_totals = canonical({"server": answer, "mismatches": mismatches})
        row.server_checked_at_ms = now_ms
        uow.audit.append(now_ms, "system:sync", "day.server_checked", f"Z{row.z_no}",
                         {"state": state, "mismatches": mismatches[:10]})
        return state

    # ------------------------------------------------------------ dashboard

    def dashboard(self, actor: Actor, day: str | None = None) -> Dashboard:
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        with UnitOfWork(self.db, write=False) as uow:
            if day is None:
                last_closed = uow.session.scalar(select(func.max(ZReport.business_day)))
                day = open_business_day(self.sales.terminal.business_day(now), last_closed)
            rows = self._grouped(uow, _day_minus(day, DASHBOARD_DAYS + 1), day, by_day=True)
        currency = self.sales.terminal.currency
        today_lines, per_day, hourly = [], {}, {}
        for r in rows:
            line = self._line(r)
            if r[14] == day:
                today_lines.append(line)
                continue
            if line.status not in TAKINGS:
                continue
            per_day.setdefault(r[14], Totals()).add(line)
            hourly[line.hour] = hourly.get(line.hour, 0) + line.price
        days = [(d, per_day.get(d, Totals())) for d in (_day_minus(day, n) for n in range(DASHBOARD_DAYS, 0, -1))]
        return Dashboard(day=day, currency=currency, today=aggregate(today_lines, currency), days=days,
                         hourly_avg_price={h: v // DASHBOARD_DAYS for h, v in hourly.items()},
                         clerk_names={r[1]: r[13] for r in rows}, product_names={r[3]: r[12] for r in rows})

    # ------------------------------------------------------------ Z slip for the thermal printer

    def z_slip(self, report: Report, locale: str = "en"):  # noqa: ANN201
        from pos_app.reports.slip import z_slip_document
        return z_slip_document(report, locale)

    # ------------------------------------------------------------ audit viewer (managers)

    def audit_log(self, actor: Actor, *, limit: int = 200, before_id: int | None = None,
                  query: str = "") -> list[dict[str, Any]]:
        """Newest first. `query` matches the action, actor or subject (case-insensitive)."""
        actor.require(Permission.VIEW_AUDIT, self.clock.now())
        sql = "SELECT id, at_ms, actor, action, subject, details, hash FROM audit_log WHERE 1=1"
        params: dict[str, Any] = {"limit": max(1, min(limit, 5000))}
        if before_id is not None:
            sql += " AND id < :before"
            params["before"] = before_id
        if query.strip():
            sql += " AND (action LIKE :q OR actor LIKE :q OR subject LIKE :q)"
            params["q"] = f"%{query.strip()}%"
        sql += " ORDER BY id DESC LIMIT :limit"
        with UnitOfWork(self.db, write=False) as uow:
            return [{"id": r[0], "at_ms": r[1], "actor": r[2], "action": r[3], "subject": r[4],
                     "details": json.loads(r[5]) if r[5] else {}, "hash": r[6]}
                    for r in uow.session.execute(text(sql), params).all()]

    def verify(self, actor: Actor):  # noqa: ANN201
        """The same checks as `pos-admin verify` (database integrity and the audit hash chain)."""
        actor.require(Permission.VIEW_AUDIT, self.clock.now())
        from .integrity import verify
        return verify(self.db)
