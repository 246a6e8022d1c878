"""A report as a PDF (reportlab): shop header, summary, breakdowns, the hourly chart, and the list
of cancellations, reversals and rejections."""
from __future__ import annotations

import io
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pos_app.domain.reports import Report
from pos_app.printing.textimage import _SANS, _SANS_BOLD, find_font

from .chart import hourly_chart
from .fmt import METHOD_NAMES, STATUS_NAMES, local_time, money


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """A Unicode face when one is installed (shop names with é, ñ, €), else Helvetica."""
    regular, bold = find_font(*_SANS), find_font(*_SANS_BOLD)
    if not regular:
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("ReportSans", regular))
    pdfmetrics.registerFont(TTFont("ReportSans-Bold", bold or regular))
    return "ReportSans", "ReportSans-Bold"


def _table(rows: list[list[str]], widths: list[float], font: str, bold: str) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 8), ("FONT", (0, 0), (-1, 0), bold, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f9fb")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def report_pdf(report: Report, locale: str = "en") -> bytes:
    font, bold = _fonts()
    fig, cur, tz = report.figures, report.currency, report.shop.get("timezone", "UTC")
    m = lambda amount: money(amount, cur, locale)  # noqa: E731
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=16, spaceAfter=2)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=11, spaceBefore=8, spaceAfter=3)
    body = ParagraphStyle("body", parent=styles["Normal"], fontName=font, fontSize=9, leading=12)
    warn = ParagraphStyle("warn", parent=body, textColor=colors.HexColor("#b42318"), fontName=bold)
    shop = report.shop
    story = [Paragraph(shop.get("name", ""), h1),
             Paragraph(" · ".join(x for x in (shop.get("address", ""), f"Terminal {shop.get('terminal_code', '')}")
                                  if x), body),
             Spacer(1, 4 * mm),
             Paragraph(f"{report.title} — business day {report.days_label}", h2),
             Paragraph(f"Printed {local_time(report.generated_at_ms, tz)} ({tz})", body)]
    if report.kind == "Z":
        story.append(Paragraph(f"Closed by {report.person(report.closed_by)}; "
                               f"approved by {report.person(report.approved_by)}", body))
        state = report.server_state or "pending"
        story.append(Paragraph(f"Server check: {state}" + (f" — {'; '.join(report.mismatches)}"
                                                          if report.mismatches else ""),
                               warn if state in ("mismatch", "refused") else body))
    if report.carried_over:
        story.append(Paragraph(f"CARRIED OVER: {len(report.carried_over)} sale(s) not yet settled with the server "
                               f"were carried over by a manager" + (f" ({report.reason})" if report.reason else "") + ".",
                               warn))
    t = fig.takings
    story += [Paragraph("Summary", h2), _table([
        ["", "Sales", "Face value", "Bonus given", "Price taken", "Float cost", "Commission"],
        *[[label, str(x.count), m(x.face), m(x.bonus), m(x.price), m(x.float_cost), m(x.commission)]
          for label, x in (("Takings", t), ("  confirmed", fig.confirmed), ("  pending", fig.pending),
                           ("Reversed (not in takings)", report.reversed))],
    ], [44 * mm, 14 * mm, 24 * mm, 22 * mm, 24 * mm, 24 * mm, 22 * mm], font, bold)]
    story += [Spacer(1, 3 * mm), hourly_chart({h: x.price for h, x in fig.by_hour.items()}, cur)]
    for title, dim, names in (("By clerk", "clerk", report.clerk_names), ("By operator", "operator", {}),
                              ("By product", "product", report.product_names),
                              ("By payment method", "payment", METHOD_NAMES)):
        rows = [[title[3:].capitalize(), "Sales", "Face value", "Bonus", "Price taken", "Float cost", "Commission"]]
        for key, x in sorted(fig.breakdown(dim).items(), key=lambda kv: -kv[1].price):
            rows.append([str(names.get(key, key)), str(x.count), m(x.face), m(x.bonus), m(x.price), m(x.float_cost),
                         m(x.commission)])
        story += [Paragraph(title, h2),
                  _table(rows, [44 * mm, 14 * mm, 24 * mm, 22 * mm, 24 * mm, 24 * mm, 22 * mm], font, bold)]
    story += [Paragraph("By status", h2), _table(
        [["Status", "Sales", "Price"]] + [[STATUS_NAMES.get(s, s), str(x.count), m(x.price)]
                                          for s, x in sorted(fig.by_status.items())],
        [60 * mm, 20 * mm, 30 * mm], font, bold)]
    story.append(Paragraph("Cancellations, reversals and rejections", h2))
    if report.fixes:
        rows = [["Time", "Receipt", "What", "Outcome", "Amount", "Who", "Approved by", "Why"]]
        for f in report.fixes:
            rows.append([local_time(f.at_ms, tz, "%H:%M"), f.receipt_no, f.kind, f.outcome, m(f.price), report.person(f.who),
                         report.person(f.approver), Paragraph((f.reason or f.code or "")[:120], body)])
        story.append(_table(rows, [12 * mm, 22 * mm, 20 * mm, 16 * mm, 20 * mm, 24 * mm, 24 * mm, 42 * mm],
                            font, bold))
    else:
        story.append(Paragraph("None.", body))
    if report.carried_over:
        story += [Paragraph("Carried over", h2), _table(
            [["Receipt", "Status", "Price"]] + [[c["receipt_no"], STATUS_NAMES.get(c["status"], c["status"]),
                                                 m(int(c["price"]))] for c in report.carried_over],
            [40 * mm, 40 * mm, 30 * mm], font, bold)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=report.title, author=shop.get("name", ""))
    doc.build(story)
    return buffer.getvalue()


def write_pdf(report: Report, path, locale: str = "en") -> None:  # noqa: ANN001
    with open(path, "wb") as fh:
        fh.write(report_pdf(report, locale))
