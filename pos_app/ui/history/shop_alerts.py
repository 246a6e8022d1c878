"""History → Needs attention → from the server (till-points): the shop's open alerts, each with the
server's own explanation ("5th top-up of the same number in 10 minutes"), and the low-float warning
with a suggested top-up, from `app.shop_alerts` (the float reply the terminal already fetches). A
manager acknowledges the selected alert (Acknowledge, or Enter on the button); the server records it
and audits it, and it leaves the list."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from topup_core.money import Money
from pos_app.application.clock import ms_to_datetime
from pos_app.application.shop_alerts import ShopAlert, ShopAlerts

from .. import errors as E
from .. import format as fmt
from ..util import button, heading, name, set_state


def _t(text: str) -> str:
    return QCoreApplication.translate("ShopAlerts", text)


def rule_name(rule: str) -> str:
    return {"repeat_msisdn": _t("Same number again"), "daily_cap": _t("Daily cap passed"),
            "amount_spike": _t("Unusual amount"), "low_balance": _t("Customer's balance is low"),
            "usage_spike": _t("Customer's usage spiked"), "low_float": _t("Low float")}.get(rule, rule)


def low_float_text(alerts: ShopAlerts, locale: str) -> str:
    low = alerts.low_float
    if low is None:
        return ""
    money = lambda amount: fmt.money(Money(amount, low.currency), locale, short=True)  # noqa: E731
    return (_t("Low float: float and offline allowance (%1) cover about %2 hours of this shop's typical sales "
               "(%3 an hour; the warning starts below %4 hours). Top up about %5.")
            .replace("%1", money(low.available)).replace("%2", f"{low.hours_left:g}")
            .replace("%3", money(low.hourly_rate)).replace("%4", str(low.mark_hours))
            .replace("%5", money(low.suggested_topup)))


class ShopAlertsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alerts: list[ShopAlert] = []
        self.timezone = "UTC"

    def set_alerts(self, alerts: list[ShopAlert]) -> None:
        self.beginResetModel()
        self.alerts = list(alerts)
        self.endResetModel()

    def alert(self, row: int) -> ShopAlert | None:
        return self.alerts[row] if 0 <= row < len(self.alerts) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.alerts)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_t("Time"), _t("Alert"), _t("Number"), _t("Why")][section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        a = self.alert(index.row())
        if a is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            at = ms_to_datetime(a.at_ms)
            return [fmt.local_time(at, self.timezone, "%d %b %H:%M"), rule_name(a.rule), a.msisdn_masked or "",
                    a.explanation][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return a.explanation
        return None


class ShopAlertsPanel(QWidget):
    """`load(actor)` shows the last reply at once, then asks the server; `changed(count)` after each."""

    changed = Signal(int)

    def __init__(self, shop_alerts, runner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.shop_alerts, self.runner = shop_alerts, runner
        self.actor = None
        self.locale = "en"
        self.loading = False
        self.shown = ShopAlerts()
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 6, 0, 0)
        v.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(heading(_t("From the server"), self, "h3"))
        self.as_of = QLabel("", self)
        self.as_of.setProperty("role", "muted")
        name(self.as_of, "attention.alerts.asOf", _t("When the server said so"))
        top.addWidget(self.as_of)
        top.addStretch(1)
        v.addLayout(top)
        self.low_float = QLabel("", self)
        self.low_float.setWordWrap(True)
        name(self.low_float, "attention.lowFloat", _t("Low float warning"))
        v.addWidget(self.low_float)
        self.model = ShopAlertsModel(self)
        self.table = QTableView(self)
        name(self.table, "attention.alerts", _t("Alerts from the server"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.ack_button = button(_t("Acknowledge"), "attention.alerts.ack",
                                 _t("A manager has seen this alert"), icon_name="check", parent=self)
        self.ack_button.clicked.connect(self._acknowledge)
        row.addWidget(self.ack_button)
        row.addStretch(1)
        v.addLayout(row)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        name(self.message, "attention.alerts.message", _t("Message"))
        v.addWidget(self.message)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self._show(ShopAlerts())

    def set_timezone(self, timezone: str, locale: str = "en") -> None:
        self.model.timezone, self.locale = timezone, locale

    def load(self, actor) -> None:  # noqa: ANN001
        self.actor = actor
        if actor is None:
            return
        self._show(self.shop_alerts.current())
        if self.loading:
            return
        self.loading = True
        self.runner.run(self.shop_alerts.refresh, actor, owner=self, name="shop_alerts.refresh",
                        on_done=self._loaded, on_error=self._failed)

    def _loaded(self, alerts: ShopAlerts) -> None:
        self.loading = False
        self._show(alerts)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._say(E.friendly(exc, self.locale), "error")

    def _show(self, alerts: ShopAlerts) -> None:
        keep = self.selected()
        self.shown = alerts
        self.model.set_alerts(list(alerts.alerts))
        text = low_float_text(alerts, self.locale)
        self.low_float.setText(text)
        self.low_float.setVisible(bool(text))
        set_state(self.low_float, "warn" if text else None)
        self.as_of.setText(_t("as of %1").replace("%1", fmt.local_time(ms_to_datetime(alerts.as_of_ms),
                                                                          self.model.timezone))
                           if alerts.as_of_ms else "")
        rows = [i for i, a in enumerate(alerts.alerts) if keep is not None and a.id == keep.id]
        if alerts.alerts:
            self.table.selectRow(rows[0] if rows else 0)
        self.table.setVisible(bool(alerts.alerts))
        self.ack_button.setVisible(bool(alerts.alerts))
        self._selected()
        self.setVisible(alerts.count > 0)
        self.changed.emit(alerts.count)

    def selected(self) -> ShopAlert | None:
        return self.model.alert(self.table.currentIndex().row())

    def _selected(self) -> None:
        self.ack_button.setEnabled(self.selected() is not None)

    def _acknowledge(self) -> None:
        alert = self.selected()
        if alert is None or self.actor is None:
            return
        self.runner.run(self.shop_alerts.acknowledge, self.actor, alert.id, owner=self, name="shop_alerts.ack",
                        on_done=lambda _r: self._acknowledged(), on_error=self._failed)

    def _acknowledged(self) -> None:
        self._say(_t("Acknowledged: the server has recorded it."), "ok")
        self._show(self.shop_alerts.current())
        self.load(self.actor)

    def _say(self, text: str, level: str) -> None:
        self.message.setText(text)
        set_state(self.message, level)
