"""X reports, stored Z reports, the managers' dashboard and the audit log (read-only). Closing a
day is `close_day.py`; the server's answer to a Z is `answers.apply_close_answer`.

SQLite does the GROUP BY (one row per clerk x operator x product x method x status x hour) and
`pos_app.domain.reports.aggregate` folds those groups into figures: the same code path for a
report over 5 sales or a dashboard over a million.

"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from topup_core.errors import Conflict, NotFound
from pos_app.domain.reports import (TAKINGS, UNSETTLED, Dashboard, FixEntry, Report, SaleLine, Totals, aggregate,
                                    open_business_day, seq_ranges)
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Permission
from pos_app.domain.sale import SaleStatus

from .clock import to_ms
from .ports import Clock, UnitOfWork, UnitOfWorkFactory
from .terminal import Terminal

DASHBOARD_DAYS = 7
# Sales the server has answered for: it must know each of these seqs.
SERVER_KNOWN = (SaleStatus.CONFIRMED.value, SaleStatus.REVERSAL_REFUSED.value, SaleStatus.REVERSED.value,
                SaleStatus.REJECTED.value)


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


def day_minus(day: str, n: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=n)).isoformat()


def closed_days(first: str, last: str) -> list[str]:
    """Every calendar day in [first, last] (the days a Z closes; a quiet day gets its empty figures)."""
    start, end = date.fromisoformat(min(first, last)), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def people(uow: UnitOfWork) -> dict[str, str]:
    """User name -> the person's name, for reports that name who closed, approved or asked."""
    return {LOCAL_ADMIN.username: LOCAL_ADMIN.display_name, **{u.username: u.display_name for u in uow.users.list()}}


class ReportBuilder:
    """Reads the day's groups from the store and folds them into a `Report` (X and Z alike)."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def offset_ms(self, day: str) -> int:
        """The shop's UTC offset at noon of `day` (hours of a DST change-over day may shift by one)."""
        tz = ZoneInfo(self.terminal.info.timezone)
        noon = datetime.combine(date.fromisoformat(day), time(12), tz)
        return int(noon.utcoffset().total_seconds() * 1000)

    @staticmethod
    def line(row) -> SaleLine:  # noqa: ANN001
        return SaleLine(SaleStatus(row[0]), row[1], row[2], row[3], row[4], int(row[5]), row[6], row[7], row[8],
                        row[9], row[10], row[11])

    def shop(self) -> dict[str, str]:
        t = self.terminal.info
        return {"name": t.shop_name, "address": t.shop_address, "terminal_code": t.terminal_code,
                "terminal_id": t.terminal_id, "timezone": t.timezone}

    def build(self, uow: UnitOfWork, kind: str, after: str | None, last: str, now_ms: int) -> Report:
        terminal = self.terminal.info
        rows = uow.reports.grouped(after or "", last, self.offset_ms(last))
        figures = aggregate((self.line(r) for r in rows), terminal.currency)
        clerk_names = {r[1]: r[13] for r in rows}
        product_names = {r[3]: r[12] for r in rows}
        fixes = [FixEntry(kind_, sale_id, terminal.receipt_no(seq), at, who, approver, reason, state, fcode, price)
                 for kind_, sale_id, seq, at, who, approver, reason, state, fcode, price
                 in uow.reports.fixes_in(after or "", last)]
        fixes += [FixEntry("rejection", sale_id, terminal.receipt_no(seq), at, "server", None, message or "",
                           "rejected", rcode, price)
                  for sale_id, seq, at, rcode, message, price in uow.reports.rejections_in(after or "", last)]
        known: list[int] = []
        for r in rows:
            if r[0] in SERVER_KNOWN and r[14]:
                known.extend(map(int, r[14].split(",")))
        carried = []
        if any(SaleStatus(r[0]) in UNSETTLED for r in rows):
            carried = [{"seq": seq, "receipt_no": terminal.receipt_no(seq), "status": status, "price": price,
                        "sale_id": sale_id}
                       for seq, status, price, sale_id in uow.reports.unsettled_in(after or "", last)]
        first = min((r[15] for r in rows), default=last)
        return Report(kind=kind, first_day=first, last_day=last, generated_at_ms=now_ms, shop=self.shop(),
                      figures=figures, clerk_names=clerk_names, product_names=product_names, fixes=fixes,
                      carried_over=carried, server_seq_ranges=seq_ranges(known),
                      reversed=figures.by_status.get(SaleStatus.REVERSED.value, Totals()))

    def days(self, uow: UnitOfWork, now: datetime) -> tuple[str | None, str, str]:
        """(last closed day, open day, the day a Z would close by default)."""
        last_closed = uow.z_reports.last_closed_day()
        open_day = open_business_day(self.terminal.info.business_day(now), last_closed)
        earliest = uow.sales.earliest_day_after(last_closed or "")
        pending = earliest if earliest is not None and earliest < open_day else open_day
        return last_closed, open_day, pending


class Reports:
    """Read-only: the X report, stored Z reports, the dashboard, the audit log."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, terminal: Terminal) -> None:
        self.uow = uow
        self.clock = clock
        self.terminal = terminal
        self.builder = ReportBuilder(terminal)

    def x_report(self, actor: Actor, day: str | None = None) -> Report:
        """A read-only snapshot. Default: the earliest business day not yet closed by a Z."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        with self.uow(write=False) as uow:
            last_closed, open_day, pending = self.builder.days(uow, now)
            day = day or pending
            after = last_closed if last_closed is not None and day > last_closed else day_minus(day, 1)
            report = self.builder.build(uow, "X", after, day, to_ms(now))
            report.people = people(uow)
            return report

    def z_reports(self, actor: Actor) -> list[ZSummary]:
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with self.uow(write=False) as uow:
            rows = uow.z_reports.list()
        out = []
        for r in rows:
            figures = json.loads(r.report)["figures"]
            out.append(ZSummary(r.z_no, r.business_day, r.closed_at_ms, r.closed_by, r.approved_by,
                                r.carried_over, int(figures["takings"]["price"]), figures["currency"],
                                r.server_state))
        return out

    def z_report(self, actor: Actor, z_no: int) -> Report:
        actor.require(Permission.VIEW_REPORTS, self.clock.now())
        with self.uow(write=False) as uow:
            row = uow.z_reports.get(z_no)
            names = people(uow)
        if row is None:
            raise NotFound("z_unknown", f"There is no Z report #{z_no}.", z_no=z_no)
        if hashlib.sha256(row.report.encode("utf-8")).hexdigest() != row.digest:
            raise Conflict("z_tampered", f"Z report #{z_no} does not match its digest.", z_no=z_no)
        report = Report.from_body(json.loads(row.report))
        report.server_state = row.server_state
        report.people = names
        if row.server_totals:
            answer = json.loads(row.server_totals)
            report.server_totals = answer.get("server")
            report.mismatches = list(answer.get("mismatches", []))
        return report

    def dashboard(self, actor: Actor, day: str | None = None, *, stored: bool = True) -> Dashboard:
        """Today (scanned live) against the 7 days before it. A closed day's takings come from the
        figures its Z stored (`day_figures`), so the cost does not grow with those days' sales; a
        day without stored figures (not closed yet, closed before migration 0009, or marked stale
        because a sale of it left or joined the takings later) is scanned live. `stored=False`
        scans every day live (the reference the tests and the benchmark compare against)."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        offset = self.builder.offset_ms(day) if day else None
        with self.uow(write=False) as uow:
            if day is None:
                day = open_business_day(self.terminal.info.business_day(now), uow.z_reports.last_closed_day())
                offset = self.builder.offset_ms(day)
            previous = [day_minus(day, n) for n in range(DASHBOARD_DAYS, 0, -1)]
            figures = uow.day_figures.fresh(previous[0], previous[-1]) if stored else {}
            live = [d for d in previous if d not in figures]
            if not stored:
                rows = uow.reports.grouped(day_minus(day, DASHBOARD_DAYS + 1), day, offset, by_day=True)
            else:  # today, and each previous day without stored figures, by its own range scan
                rows = list(uow.reports.grouped(day_minus(day, 1), day, offset, by_day=True))
                for d in live:
                    rows += uow.reports.grouped(day_minus(d, 1), d, offset, by_day=True)
        currency = self.terminal.info.currency
        today_lines, per_day, hourly = [], {}, {}
        for r in rows:
            line = self.builder.line(r)
            if r[14] == day:
                today_lines.append(line)
                continue
            if line.status not in TAKINGS:
                continue
            per_day.setdefault(r[14], Totals()).add(line)
            hourly[line.hour] = hourly.get(line.hour, 0) + line.price
        for d, hours in figures.items():
            totals = per_day.setdefault(d, Totals())
            for hour, (count, face, bonus, price, float_cost, commission) in hours.items():
                totals.add(Totals(count, face, bonus, price, float_cost, commission))
                hourly[hour] = hourly.get(hour, 0) + price
        days = [(d, per_day.get(d, Totals())) for d in previous]
        return Dashboard(day=day, currency=currency, today=aggregate(today_lines, currency), days=days,
                         hourly_avg_price={h: v // DASHBOARD_DAYS for h, v in hourly.items()},
                         clerk_names={r[1]: r[13] for r in rows}, product_names={r[3]: r[12] for r in rows})

    def audit_log(self, actor: Actor, *, limit: int = 200, before_id: int | None = None,
                  query: str = "") -> list[dict[str, Any]]:
        """Newest first. `query` matches the action, actor or subject (case-insensitive)."""
        actor.require(Permission.VIEW_AUDIT, self.clock.now())
        with self.uow(write=False) as uow:
            rows = uow.audit.page(max(1, min(limit, 5000)), before_id, query.strip())
        return [{"id": r.id, "at_ms": r.at_ms, "actor": r.actor, "action": r.action, "subject": r.subject,
                 "details": json.loads(r.details) if r.details else {}, "hash": r.hash} for r in rows]
