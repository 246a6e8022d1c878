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
        self.setMinimumHeight(22 * max(len(rows), 1) + 8)
        self.setAccessibleDescription("; ".join(f"{label} {text}" for label, _, text in rows))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        top = max([1, *(v for _, v, _ in self.rows)])
        label_w, value_w = width * 0.35, width * 0.3
        for i, (label, value, text) in enumerate(self.rows):
            y = 4 + i * 22
            p.setPen(TEXT)
            p.drawText(QRectF(0, y, label_w - 4, 20), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       label)
            bar_w = (width - label_w - value_w) * value / top
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR)
            p.drawRoundedRect(QRectF(label_w, y + 4, max(bar_w, 1), 12), 3, 3)
            p.setPen(TEXT)
            p.drawText(QRectF(width - value_w, y, value_w, 20),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
        p.end()
