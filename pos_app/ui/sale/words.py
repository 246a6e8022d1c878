"""Words the sale's step widgets share (one translation context, "SaleScreen")."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from topup_core.payment import PaymentMethod

from ..util import name


def _t(text: str) -> str:
    return QCoreApplication.translate("SaleScreen", text)


def method_name(method: PaymentMethod) -> str:
    return {PaymentMethod.CASH: _t("Cash"), PaymentMethod.CARD: _t("Card"),
            PaymentMethod.MOBILE_MONEY: _t("Mobile money"),
            PaymentMethod.POINTS: _t("Points")}[PaymentMethod(method)]


def value_rows(parent: QWidget, grid: QGridLayout, rows: list[tuple[str, str]], prefix: str,
               start: int = 0) -> dict[str, QLabel]:
    """Label / value pairs down a grid (the confirm step, the side panel); the values by key."""
    values: dict[str, QLabel] = {}
    for i, (key, text) in enumerate(rows, start=start):
        lab = QLabel(text, parent)
        lab.setProperty("role", "muted")
        val = QLabel("—", parent)
        val.setProperty("role", "value")
        val.setWordWrap(True)
        name(val, f"{prefix}.{key}", text)
        grid.addWidget(lab, i, 0)
        grid.addWidget(val, i, 1)
        values[key] = val
    grid.setColumnStretch(1, 1)
    return values


def field_hint(parent: QWidget, object_name: str, accessible: str) -> QLabel:
    lab = QLabel("", parent)
    lab.setWordWrap(True)
    lab.setMinimumHeight(22)
    name(lab, object_name, accessible)
    lab.setProperty("role", "hint")
    return lab


def page(widget: QWidget, max_width: int = 0) -> tuple[QWidget, QVBoxLayout]:
    """Lay out a step: (the parent for its widgets, their layout). Wide screens keep the content in
    a readable column."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    if not max_width:
        return widget, layout
    outer = QHBoxLayout()
    outer.setContentsMargins(0, 0, 0, 0)
    inner_widget = QWidget(widget)
    inner_widget.setMaximumWidth(max_width)
    inner = QVBoxLayout(inner_widget)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(8)
    outer.addWidget(inner_widget)
    layout.addLayout(outer)
    return inner_widget, inner


def lay_out(screen: QWidget, bar: QWidget, banner, pages: QWidget, side: QWidget) -> None:  # noqa: ANN001 - a Banner
    """The sale screen: the top bar and the banner across, the step and the side panel below."""
    root = QVBoxLayout(screen)
    root.setContentsMargins(0, 0, 0, 0)
    root.setSpacing(0)
    root.addWidget(bar)
    if banner is not None:
        banner.overlay(screen, bar)  # over the top bar, never pushing the step down (issue 12)
    body = QHBoxLayout()
    body.setContentsMargins(16, 12, 16, 12)
    body.setSpacing(16)
    body.addWidget(pages, 3)
    body.addWidget(side, 2)
    root.addLayout(body, 1)
