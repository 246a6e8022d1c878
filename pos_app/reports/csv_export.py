"""A report as one CSV: uniform columns, a `section` per kind of row, plain decimal amounts
(`1234.50`, no currency sign, no thousands separator) so a spreadsheet sums them exactly."""
from __future__ import annotations

import csv
import io

from topup_core.money import Money
from pos_app.domain.reports import Report, Totals

from .fmt import local_time

HEADER = ["section", "key", "name", "count", "face", "bonus", "price", "float_cost", "commission", "currency",
          "at", "who", "approver", "reason", "outcome", "code"]


def _amounts(t: Totals, currency: str) -> list[str]:
    return [str(t.count)] + [Money(getattr(t, k), currency).to_decimal_string()
                             for k in ("face", "bonus", "price", "float_cost", "commission")] + [currency]


def report_rows(report: Report) -> list[list[str]]:
    fig, cur, tz = report.figures, report.currency, report.shop.get("timezone", "UTC")
    blank = [""] * 6
    rows: list[list[str]] = []

    def meta(key: str, value: object) -> None:
        rows.append(["meta", key, "" if value is None else str(value), *([""] * 7), *blank])

    meta("kind", report.kind)
    meta("z_no", report.z_no)
    meta("shop", report.shop.get("name"))
    meta("terminal", report.shop.get("terminal_code"))
    meta("first_day", report.first_day)
    meta("last_day", report.last_day)
    meta("generated_at", local_time(report.generated_at_ms, tz, "%Y-%m-%d %H:%M:%S"))
    if report.kind == "Z":
        meta("closed_by", report.person(report.closed_by))
        meta("approved_by", report.person(report.approved_by))
        meta("carried_over", len(report.carried_over))
        meta("server_check", report.server_state or "pending")
    for key in ("takings", "confirmed", "pending", "settled"):
        rows.append(["summary", key, "", *_amounts(getattr(fig, key), cur), *blank])
    rows.append(["summary", "reversed", "", *_amounts(report.reversed, cur), *blank])
    for status, t in sorted(fig.by_status.items()):
        rows.append(["status", status, "", *_amounts(t, cur), *blank])
    for dim, names in (("clerk", report.clerk_names), ("operator", {}), ("product", report.product_names),
                       ("payment", {}), ("hour", {})):
        for key, t in sorted(fig.breakdown(dim).items(), key=lambda kv: str(kv[0])):
            label = f"{key:02d}" if dim == "hour" else str(key)
            rows.append([dim, label, names.get(key, ""), *_amounts(t, cur), *blank])
    for f in report.fixes:
        rows.append(["exception", f.receipt_no, f.kind, "1", "", "", Money(f.price, cur).to_decimal_string(), "", "",
                     cur, local_time(f.at_ms, tz, "%Y-%m-%d %H:%M:%S"), report.person(f.who),
                     report.person(f.approver), f.reason,
                     f.outcome, f.code or ""])
    for c in report.carried_over:
        rows.append(["carried_over", c["receipt_no"], c["status"], "1", "", "",
                     Money(int(c["price"]), cur).to_decimal_string(), "", "", cur, *blank])
    return rows


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(report_rows(report))
    return out.getvalue()


def write_csv(report: Report, path) -> None:  # noqa: ANN001
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(report_csv(report))
