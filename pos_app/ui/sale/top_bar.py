"""The sale's top bar: where the clerk is (1 Number › 2 Amount › 3 Payment › 4 Confirm) and the
keys that leave the sale: repeat the last top-up (F5), History (F8), lock the till (F12)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from topup_core.msisdn import mask_e164
from pos_app.domain.records import SaleRecord

from .. import format as fmt
from ..util import button, name, set_state
from .words import _t


class TopBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sale.topBar")
        self.setProperty("role", "topbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 10, 6)
        row.setSpacing(6)
        self.step_labels: list[QLabel] = []
        for i, text in enumerate([_t("1 Number"), _t("2 Amount"), _t("3 Payment"), _t("4 Confirm")]):
            lab = QLabel(text, self)
            name(lab, f"sale.step.{i + 1}", text)
            lab.setProperty("role", "step")
            row.addWidget(lab)
            if i < 3:
                arrow = QLabel("›", self)
                arrow.setProperty("role", "muted")
                row.addWidget(arrow)
            self.step_labels.append(lab)
        row.addStretch(1)
        self.repeat_button = button(_t("Repeat last (F5)"), "sale.repeat", _t("Repeat last top-up"),
                                    icon_name="repeat", parent=self)
        self.history_button = button(_t("History (F8)"), "sale.historyButton", _t("Sales history"),
                                     icon_name="history", parent=self)
        self.lock_button = button(_t("Lock (F12)"), "sale.lockButton", _t("Lock the till / switch clerk"),
                                  icon_name="lock", parent=self)
        for b in (self.repeat_button, self.history_button, self.lock_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setProperty("role", "toolbar")
            row.addWidget(b)

    def show_step(self, step: int) -> None:
        for i, lab in enumerate(self.step_labels):
            set_state(lab, "current" if i == step else "done" if i < step else None)

    def show_last(self, sale: SaleRecord | None, enabled: bool, locale: str) -> None:
        """F5 repeats the last top-up: what it would sell again."""
        self.repeat_button.setEnabled(sale is not None and enabled)
        if sale is not None:
            self.repeat_button.setToolTip(_t("Sell again: %1 to %2").replace(
                "%1", fmt.money(sale.face, locale)).replace("%2", mask_e164(sale.msisdn)))
