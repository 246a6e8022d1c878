"""Two small charts painted with QPainter (no QtCharts): hourly bars with a comparison line, and
horizontal bars for "top N" lists."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#1f6feb")
COMPARE = QColor("#d19a1d")
GRID = QColor("#dde3ea")
TEXT = QColor("#4a5666")


class HourlyChart(QWidget):
    """Bars: today's takings per hour; line: the average of the previous days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: dict[int, int] = {}
        self.average: dict[int, int] = {}
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, today: dict[int, int], average: dict[int, int]) -> None:
        self.today, self.average = dict(today), dict(average)
        self.setAccessibleDescription(", ".join(f"{h:02d}h {v}" for h, v in sorted(self.today.items())))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -20)
        top = max([1, *self.today.values(), *self.average.values()])
        p.setPen(QPen(GRID, 1))
        for i in range(1, 4):
            y = area.bottom() - area.height() * i / 4
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        slot = area.width() / 24
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BAR)
        for hour in range(24):
            h = area.height() * self.today.get(hour, 0) / top
            p.drawRect(QRectF(area.left() + hour * slot + slot * 0.15, area.bottom() - h, slot * 0.7, h))
        if self.average:
            p.setPen(QPen(COMPARE, 2))
            points = [QPointF(area.left() + (h + 0.5) * slot, area.bottom() - area.height() * self.average.get(h, 0) / top)
                      for h in range(24)]
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)
        p.setPen(TEXT)
        for hour in range(0, 24, 3):
            p.drawText(QRectF(area.left() + hour * slot, area.bottom() + 2, slot * 3, 16),
                       Qt.AlignmentFlag.AlignLeft, f"{hour:02d}")
        p.end()


class BarList(QWidget):
    """Label, bar and value per row: top operators, products, clerks side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int, str]] = []
        self.setMinimumHeight(60)

    def set_rows(self, rows: list[tuple[str, int, str]]) -> None:
        self.rows = rows
        self.setToolTip("\n".join(f"{label}: {text}" for label, _, text in rows))  # names elided on screen
        self.setMinimumHeight(16 * max(len(rows), 1) + 8)  # rows close up (to 16 px) rather than fall off
        self.setAccessibleDescription("; ".join(f"{label} {text}" for label, _, text in rows))
        self.update()

    MIN_BAR = 24  # px the bar column keeps however long the labels are

    def columns(self) -> tuple[float, float, float, float]:
        """(label width, bar x, widest bar, value x): three columns that never overlap (issue 12):
        values are right-aligned in the room their widest text needs, labels get what they need up
        to 45 % of the width (elided beyond), the bar the rest (at least MIN_BAR)."""
        fm, width = self.fontMetrics(), float(self.width())
        value_w = max([fm.horizontalAdvance(text) for _, _, text in self.rows] + [0]) + 6
        label_w = min(max([fm.horizontalAdvance(label) for label, _, _ in self.rows] + [0]) + 8, width * 0.45)
        value_x = max(width - value_w, 0.0)
        if value_x - 8 - (label_w + 4) < self.MIN_BAR:
            label_w = max(value_x - 8 - self.MIN_BAR - 4, 0.0)
        bar_x = label_w + 4
        return label_w, bar_x, max(value_x - 8 - bar_x, 0.0), value_x

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = max([1, *(v for _, v, _ in self.rows)])
        label_w, bar_x, bar_max, value_x = self.columns()
        fm = self.fontMetrics()
        row_h = max(16.0, min(22.0, (self.height() - 8) / max(len(self.rows), 1)))
        for i, (label, value, text) in enumerate(self.rows):
            y = 4 + i * row_h
            p.setPen(TEXT)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 4))
            p.drawText(QRectF(0, y, label_w - 4, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       shown)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR)
            p.drawRoundedRect(QRectF(bar_x, y + row_h / 2 - 6, max(bar_max * value / top, 1), 12), 3, 3)
            p.setPen(TEXT)
            p.drawText(QRectF(value_x, y, self.width() - value_x, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
        p.end()
