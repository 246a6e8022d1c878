"""The Z slip for the thermal printer: a short `Document` the print spool renders per printer."""
from __future__ import annotations

from topup_core.formatting import format_amount, local_time
from topup_core.payment import METHOD_NAMES
from pos_app.domain.reports import Report

from .layout import Document

_WHEN = "%Y-%m-%d %H:%M"


def z_slip_document(report: Report, locale: str = "en", names: dict[str, str] | None = None) -> Document:
    """`names`: user name -> the person's name, so the slip says "Mary Otieno", not "manager:mary"."""
    fig, cur, tz = report.figures, report.currency, report.shop.get("timezone", "UTC")
    person = lambda label: (names or {}).get(str(label).split(":")[-1], label)  # noqa: E731
    m = lambda amount: format_amount(amount, cur, locale)  # noqa: E731
    lines = [report.shop.get("name", ""), report.shop.get("address", ""),
             f"Terminal {report.shop.get('terminal_code', '')}", f"Business day {report.days_label}",
             f"Printed {local_time(report.generated_at_ms, tz, _WHEN)}", ""]
    if report.kind == "Z":
        lines += [f"Closed by {person(report.closed_by)}", f"Approved by {person(report.approved_by)}", ""]
    t = fig.takings
    lines += [f"Sales: {t.count}", f"Takings: {m(t.price)}", f"  confirmed: {m(fig.confirmed.price)}",
              f"  pending: {m(fig.pending.price)}", f"Face value: {m(t.face)}", f"Bonus given: {m(t.bonus)}",
              f"Float cost: {m(t.float_cost)}", f"Commission: {m(t.commission)}", ""]
    for method, tot in sorted(fig.by_payment.items()):
        lines.append(f"{METHOD_NAMES.get(method, method)}: {tot.count} / {m(tot.price)}")
    lines.append("")
    for clerk, tot in sorted(fig.by_clerk.items()):
        lines.append(f"{report.clerk_names.get(clerk, clerk)}: {tot.count} / {m(tot.price)}")
    counts = {}
    for f in report.fixes:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    if counts:
        lines += ["", *[f"{kind.capitalize()}s: {n}" for kind, n in sorted(counts.items())]]
    if report.carried_over:
        lines += ["", f"CARRIED OVER UNSENT: {len(report.carried_over)}"]
    title = f"Z REPORT #{report.z_no}" if report.kind == "Z" else "X REPORT"
    return Document(title, [line for line in lines if line is not None],
                    qr_data=f"Z{report.z_no}:{report.last_day}" if report.kind == "Z" else None,
                    footer="End of day" if report.kind == "Z" else "Snapshot - day still open")
