"""Beside the first three steps: the sale so far (number, network, product, amount, bonus, price,
payment) and the number pad for touch tills. The customer panel will join it here."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from pos_app.application.sale_draft import Summary

from .. import format as fmt
from ..widgets.numpad import NumPad
from .words import _t, method_name, value_rows


class _InfoScroll(QScrollArea):
    """The sale summary and the customer panel (issue 12): as tall as they need when there is room;
    when there is not (1024×600, or a long customer panel at 1280×800 with the pad shown), they
    scroll inside the column instead of squeezing the number pad's keys into each other."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        inner = self.widget().sizeHint() if self.widget() is not None else QSize(0, 0)
        return QSize(inner.width(), inner.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 96)


class SidePanel(QFrame):
    def __init__(self, parent: QWidget | None = None, show_numpad: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("sale.side")
        self.setMaximumWidth(520)  # wider on big screens: the customer panel's buttons get room (issue 12)
        self.setMinimumWidth(260)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self.info = _InfoScroll(self)
        self.info.setObjectName("sale.side.info")
        self.info.setFrameShape(QFrame.Shape.NoFrame)
        self.info.setWidgetResizable(True)
        self.info.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Expanding (stretch 1, as the pad): once the pad is capped, the info area takes the rest of
        # the column, not a trailing stretch (the merged panel left ~200 px empty under the pad at
        # 1920×1080 while the customer panel scrolled — issue 12, polish).
        self.info.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        inner = QWidget(self.info)
        inner.setObjectName("sale.side.infoBody")
        inner.setAutoFillBackground(False)
        self.info.setWidget(inner)
        inner.installEventFilter(self)
        self.info.viewport().setAutoFillBackground(False)
        for w in (self.info, self.info.viewport(), inner):  # the column's own background shows through
            w.setProperty("role", "sideInfo")
        self.info.setStyleSheet('[role="sideInfo"] { background: transparent; }')
        sv = QVBoxLayout(inner)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(10)
        self._info_layout = sv
        outer.addWidget(self.info, 1)
        box = QFrame(inner)
        box.setProperty("role", "card")
        box.setObjectName("sale.summary")
        grid = QGridLayout(box)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        title = QLabel(_t("This sale"), box)
        title.setProperty("role", "h3")
        grid.addWidget(title, 0, 0, 1, 2)
        self.summary = value_rows(box, grid, [("number", _t("Number")), ("operator", _t("Network")),
                                              ("product", _t("Product")), ("face", _t("Amount")),
                                              ("bonus", _t("Bonus")), ("price", _t("To pay")),
                                              ("payment", _t("Payment"))], "sale.summary", start=1)
        sv.addWidget(box)
        sv.addStretch(1)
        self.numpad = NumPad("sale.numpad", self)
        # No fixed minimum below what its keys need (180 px squeezed five rows of keys into each
        # other): the grid's own minimum holds, and the info area above scrolls instead.
        self.numpad.setMaximumHeight(480)
        self.numpad.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer.addWidget(self.numpad, 1)
        self.numpad.setVisible(show_numpad)
        outer.addStretch(0)

    def _fit(self) -> None:
        """The info area gets what it needs first, the pad the rest: never less than its keys need,
        never more than 480 px (issue 12)."""
        if not self.numpad.isVisible():
            return
        spacing = self.layout().spacing()
        need = self.info.sizeHint().height()
        floor = max(self.numpad.minimumSizeHint().height(), self._keys_floor())
        self.numpad.setMaximumHeight(max(floor, min(480, self.height() - need - spacing)))
        self.numpad.setMinimumHeight(floor)  # the info area scrolls first; the keys are never squeezed

    def _keys_floor(self) -> int:
        """The grid's own minimum came out a few px short with the style sheet (each key got 40 of
        its 41 px): what the rows of keys really need."""
        return self.numpad.keys_min_height()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802 - Qt API
        if obj is self.info.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # the customer panel grew or shrank
        return super().eventFilter(obj, event)

    def add_customer(self, panel: QWidget) -> None:
        """The customer panel goes under the sale summary, inside the scrolling info area."""
        panel.setParent(self.info.widget())
        self._info_layout.insertWidget(1, panel)

    def show_summary(self, s: Summary, locale: str) -> None:
        dash = "—"
        self.summary["number"].setText(s.number or dash)
        self.summary["operator"].setText(s.operator or dash)
        self.summary["product"].setText(s.product or dash)
        self.summary["face"].setText(fmt.money(s.face, locale) if s.face else dash)
        if s.bonus is None:
            self.summary["bonus"].setText(dash)
        else:
            self.summary["bonus"].setText(f"+{fmt.money(s.bonus, locale)}" if s.bonus.amount else _t("none"))
        self.summary["price"].setText(fmt.money(s.price, locale) if s.price else dash)
        self.summary["payment"].setText(method_name(s.method))
