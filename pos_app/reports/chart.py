"""The hourly takings chart as a reportlab Drawing (the PDF); the app paints its own with QPainter."""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from topup_core.money import currency_exponent


def hourly_chart(by_hour_price: dict[int, int], currency: str, *, width: float = 460, height: float = 160,
                 title: str = "Takings by hour", compare: dict[int, int] | None = None) -> Drawing:
    """Bars per hour (0-23) of takings in major units; `compare` (e.g. the 7-day average) as a second series."""
    unit = 10 ** currency_exponent(currency)
    hours = list(range(24))
    series = [[by_hour_price.get(h, 0) // unit for h in hours]]
    if compare is not None:
        series.append([compare.get(h, 0) // unit for h in hours])
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, width - 55, height - 50
    chart.data = series
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in hours]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#1f6feb")
    if compare is not None:
        chart.bars[1].fillColor = colors.HexColor("#b8c4d6")
    chart.barSpacing = 0.5
    drawing.add(chart)
    drawing.add(String(40, height - 12, f"{title} ({currency})", fontSize=9, fontName="Helvetica-Bold"))
    return drawing
