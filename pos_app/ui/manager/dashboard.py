"""Today against the last seven business days: takings, hourly chart, top operators and products,
clerks side by side."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from topup_core.money import Money
from pos_app.domain.reports import Dashboard

from .. import format as fmt
from ..util import heading, name
from .charts import BarList, HourlyChart


def _card(parent: QWidget, title: str) -> tuple[QFrame, QVBoxLayout]:
    box = QFrame(parent)
    box.setProperty("role", "card")
    v = QVBoxLayout(box)
    v.setContentsMargins(12, 8, 12, 8)
    v.addWidget(heading(title, box, "h3"))
    return box, v


class DashboardView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager.dashboard")
        self.locale = "en"
        self.data: Dashboard | None = None
        root = QVBoxLayout(self)
        kpis = QHBoxLayout()
        self.kpi: dict[str, QLabel] = {}
        for key, title in (("takings", self.tr("Takings today")), ("count", self.tr("Sales today")),
                           ("commission", self.tr("Commission today")), ("week", self.tr("Average day, last 7"))):
            box, v = _card(self, title)
            value = QLabel("—", box)
            value.setProperty("role", "total")
            name(value, f"dashboard.{key}", title)
            v.addWidget(value)
            self.kpi[key] = value
            kpis.addWidget(box)
        root.addLayout(kpis)
        box, v = _card(self, self.tr("Takings by hour — today (bars) against the 7-day average (line)"))
        self.hourly = HourlyChart(box)
        name(self.hourly, "dashboard.hourly", self.tr("Takings by hour"))
        v.addWidget(self.hourly)
        root.addWidget(box, 2)
        grid = QGridLayout()
        self.lists: dict[str, BarList] = {}
        for col, (key, title) in enumerate((("operator", self.tr("Top operators")), ("product", self.tr("Top products")),
                                            ("clerk", self.tr("Clerks side by side")),
                                            ("days", self.tr("Last 7 days")))):
            box, v = _card(self, title)
            bars = BarList(box)
            name(bars, f"dashboard.{key}", title)
            v.addWidget(bars, 1)  # the rows take the card's height (and close up when it is short)
            grid.addWidget(box, 0, col)
            self.lists[key] = bars
        root.addLayout(grid, 1)

    def show_dashboard(self, data: Dashboard, locale: str, operator_names: dict[str, str] | None = None) -> None:
        self.data, self.locale = data, locale
        cur = data.currency
        m = lambda amount: fmt.money(Money(amount, cur), locale)  # noqa: E731
        today, week = data.today.takings, data.week_avg
        self.kpi["takings"].setText(m(today.price))
        self.kpi["count"].setText(str(today.count))
        self.kpi["commission"].setText(m(today.commission))
        self.kpi["week"].setText(f"{m(week.price)} · {week.count}")
        self.hourly.set_data({h: t.price for h, t in data.today.by_hour.items()}, data.hourly_avg_price)
        names = {"operator": operator_names or {}, "product": data.product_names, "clerk": data.clerk_names}
        for dim in ("operator", "product", "clerk"):
            rows = data.today.top(dim, 6)
            self.lists[dim].set_rows([(str(names[dim].get(k, k)), t.price, f"{m(t.price)} · {t.count}")
                                      for k, t in rows])
        # the last 7 days are the 6 before today, and today (issue 12: today was left out)
        self.lists["days"].set_rows([(day[5:], t.price, m(t.price)) for day, t in data.days[-6:]]
                                    + [(self.tr("Today"), today.price, m(today.price))])
