"""Settlement as PDF (issue 16): one page per agent and day, the figures and the hourly chart."""
from __future__ import annotations

import io

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from topup_core.formatting import format_amount

from .settlement import Settlement


def _chart(hourly: list[int]) -> Drawing:
    drawing = Drawing(460, 160)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 20, 400, 120
    chart.data = [[v / 100 for v in hourly] or [0]]
    chart.categoryAxis.categoryNames = [str(h) if h % 3 == 0 else "" for h in range(24)]
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#0b6bcb")
    drawing.add(chart)
    return drawing


def to_pdf(rows: list[Settlement], locale: str = "en_KE") -> bytes:
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    story = []
    for i, s in enumerate(rows):
        money = lambda n: format_amount(int(n), s.currency, locale)  # noqa: E731
        story += [Paragraph(f"Settlement {escape(s.day)} (UTC) — {escape(s.agent_name)}", styles["Title"]),
                  Paragraph(f"Agent {escape(s.agent_id)}", styles["Normal"]), Spacer(1, 8)]
        table = Table([
            ["Sales", f"{s.sales_count}", money(s.sales_face)],
            ["Commission", "", money(s.commission)],
            ["Bonus cost", "", money(s.bonus_cost)],
            ["Reversals", f"{s.reversals_count}", money(s.reversals_face)],
            ["Deposits", "", money(s.deposits)],
            ["Transfers in", "", money(s.transfers_in)],
            ["Transfers out", "", money(s.transfers_out)],
            ["Allowance (net)", "", money(s.allowance_net)],
            ["Opening float", "", money(s.opening_float)],
            ["Closing float", "", money(s.closing_float)],
            *[[f"Paid by {m}", f"{c}", money(f)] for m, c, f in s.payment_methods],
        ], colWidths=[200, 80, 160])
        table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]))
        story += [table, Spacer(1, 10),
                  Paragraph("Reconciled with the ledger" if s.reconciled else
                            "Differences: " + escape("; ".join(s.differences)), styles["Heading3"]),
                  *_methods_story(s, money, styles),
                  Paragraph("Face value per hour (UTC)", styles["Normal"]), _chart(s.hourly_face)]
        if i < len(rows) - 1:
            story.append(PageBreak())
    SimpleDocTemplate(out, pagesize=A4, title="Settlement").build(story)
    return out.getvalue()


def _methods_story(s: Settlement, money, styles) -> list:  # noqa: ANN001
    """Issue 16 item 6: the methods as the terminals' day closes reported them beside the server's."""
    server = {m: (c, f) for m, c, f in s.payment_methods}
    closed = {m: (c, f) for m, c, f in s.closed_methods}
    rows = [["Payment method", "Terminals' Z", "Server"]]
    for m in sorted(set(server) | set(closed)):
        rows.append([m, money(closed.get(m, (0, 0))[1]), money(server.get(m, (0, 0))[1])])
    table = Table(rows, colWidths=[200, 120, 120])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]))
    story = [Paragraph("Payment methods: terminals' day closes and the server", styles["Heading3"]), table]
    story.append(Paragraph("Methods match the day closes" if s.methods_matched else
                           "Method differences: " + escape("; ".join(s.method_differences)), styles["Normal"]))
    return story + [Spacer(1, 8)]
