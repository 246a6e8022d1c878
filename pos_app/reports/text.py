"""A report as plain text for `pos-admin report` (and logs)."""
from __future__ import annotations

from pos_app.domain.reports import Report

from .fmt import METHOD_NAMES, STATUS_NAMES, local_time, money


def report_text(report: Report, locale: str = "en") -> list[str]:
    fig, cur, tz = report.figures, report.currency, report.shop.get("timezone", "UTC")
    m = lambda amount: money(amount, cur, locale)  # noqa: E731
    lines = [f"{report.shop.get('name', '')} — terminal {report.shop.get('terminal_code', '')}",
             f"{report.title} — business day {report.days_label}",
             f"printed {local_time(report.generated_at_ms, tz)}"]
    if report.kind == "Z":
        lines.append(f"closed by {report.person(report.closed_by)}, approved by {report.person(report.approved_by)}")
        lines.append(f"server check: {report.server_state or 'pending'}"
                     + (f" ({'; '.join(report.mismatches)})" if report.mismatches else ""))
    t = fig.takings
    lines += ["", f"takings      {t.count:>6} sales  {m(t.price)}",
              f"  confirmed  {fig.confirmed.count:>6}        {m(fig.confirmed.price)}",
              f"  pending    {fig.pending.count:>6}        {m(fig.pending.price)}",
              f"face value   {m(t.face)}", f"bonus given  {m(t.bonus)}", f"float cost   {m(t.float_cost)}",
              f"commission   {m(t.commission)}", ""]
    for title, dim, names in (("by clerk", "clerk", report.clerk_names), ("by operator", "operator", {}),
                              ("by product", "product", report.product_names), ("by payment", "payment", METHOD_NAMES)):
        lines.append(title)
        for key, tot in sorted(fig.breakdown(dim).items()):
            lines.append(f"  {names.get(key, key):<24} {tot.count:>6}  {m(tot.price)}")
    lines.append("by status")
    for status, tot in sorted(fig.by_status.items()):
        lines.append(f"  {STATUS_NAMES.get(status, status):<24} {tot.count:>6}  {m(tot.price)}")
    if report.fixes:
        lines.append("cancellations, reversals, rejections")
        for f in report.fixes:
            by = report.person(f.who) + (f" approved by {report.person(f.approver)}" if f.approver else "")
            lines.append(f"  {local_time(f.at_ms, tz, '%H:%M')} {f.receipt_no} {f.kind} {f.outcome} {m(f.price)}"
                         f" — {by}: {f.reason or f.code or ''}")
    if report.carried_over:
        lines.append(f"CARRIED OVER UNSENT: {len(report.carried_over)} sale(s)"
                     + (f" — {report.reason}" if report.reason else ""))
        for c in report.carried_over:
            lines.append(f"  {c['receipt_no']} {STATUS_NAMES.get(c['status'], c['status'])} {m(int(c['price']))}")
    return lines
