"""The status bar. It shows a `StatusSnapshot` (pos_app.application.status), which the main window
asks `app.status.snapshot` for through the task runner every few seconds: the GUI thread never
touches the database, the network or the printer."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from pos_app.application.status import StatusSnapshot

from . import format as fmt
from .util import set_state
from .widgets.printer_words import printer_message

__all__ = ["StatusBarWidget", "StatusSnapshot"]


def _t(text: str) -> str:
    return QCoreApplication.translate("StatusBar", text)


class ElidedLabel(QLabel):
    """A status item that, short of room, ends in "…" instead of being cut mid-word (issue 12);
    `text()` and the tooltip keep the whole text."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("Wwww…") + 4), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()


def printer_text(line: str | None, ready: bool | None) -> tuple[str, str]:
    """(what the status bar says, its tooltip) for the spool's printer line, in the clerk's language
    and never "Printer: Printer …"."""
    if not line:
        return _t("Printer: %1").replace("%1", _t("none")), ""
    if line == "PDF":
        return _t("Receipts: PDF files"), _t("No receipt printer is set: receipts are saved as PDF files.")
    words = printer_message(line)
    if ready is False:
        short = words.split(" : ")[0].split(": ")[0]  # "Printer not reachable", "Imprimante injoignable"
        return short, words
    if ready is True and "://" in line:
        return _t("Printer ready"), line
    if words.lower().startswith((_t("Printer").lower(), "printer")):
        return words, line
    return _t("Printer: %1").replace("%1", words), line


class StatusBarWidget(QWidget):
    """Online/offline and last sync, queued count, float, allowance, printer, clerk, shift."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.locale_name = fmt.DEFAULT_LOCALE
        self.timezone = "UTC"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(14)

        def label(name: str, accessible: str) -> QLabel:
            lab = ElidedLabel(self)
            lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            lab.setObjectName(name)
            lab.setAccessibleName(accessible)
            lab.setProperty("class", "statusItem")
            layout.addWidget(lab)
            return lab

        self.online = label("status.online", _t("Connection"))
        self.queued = label("status.queued", _t("Queued sales"))
        self.can_sell = label("status.canSell", _t("Can sell up to"))  # issue 12: one number, details on hover
        self.float = label("status.float", _t("Float available"))
        self.allowance = label("status.allowance", _t("Offline allowance left"))
        self.printer = label("status.printer", _t("Printer"))
        layout.addStretch(1)
        self.clerk = label("status.clerk", _t("Clerk"))
        self.shift = label("status.shift", _t("Shift"))
        self.clock = label("status.clock", _t("Time"))
        self.clock.setMinimumWidth(self.clock.fontMetrics().horizontalAdvance("00:00") + 8)
        self.snapshot = StatusSnapshot()
        self.show_snapshot(self.snapshot)
        self.set_clerk(None)
        self.set_shift(None)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start(15_000)
        self._update_clock()

    def _update_clock(self) -> None:
        self.clock.setText(fmt.local_time(datetime.now().astimezone(), self.timezone))

    def set_timezone(self, timezone: str) -> None:
        self.timezone = timezone
        self._update_clock()

    def show_snapshot(self, snap: StatusSnapshot) -> None:
        self.snapshot = snap
        if snap.online is None:
            self.online.setText(_t("● Sync not set up"))
            set_state(self.online, "unknown")
        elif snap.online:
            text = _t("● Online")
            if snap.last_sync_at:
                text += " · " + _t("synced %1").replace("%1", fmt.local_time(snap.last_sync_at, self.timezone))
            self.online.setText(text)
            set_state(self.online, "ok")
        else:
            text = _t("● Offline")
            if snap.last_sync_at:
                text += " · " + _t("last sync %1").replace("%1", fmt.local_time(snap.last_sync_at, self.timezone))
            self.online.setText(text)
            set_state(self.online, "warn")
        self.online.setToolTip("\n".join(t for t in (self.online.text(), snap.sync_error or "") if t))
        self.queued.setText(_t("Queued: %1").replace("%1", str(snap.queued)))
        set_state(self.queued, "warn" if snap.queued else "ok")
        self.float.setText(_t("Float: %1").replace("%1", fmt.money(snap.float_available, self.locale_name)))
        self.allowance.setText(_t("Offline limit: %1").replace("%1", fmt.money(snap.allowance_remaining,
                                                                               self.locale_name)))
        self.float.hide()  # both are in the one number's tooltip (issue 12)
        self.allowance.hide()
        can_sell = snap.can_sell
        self.can_sell.setVisible(can_sell is not None)
        if can_sell is not None:
            self.can_sell.setText(_t("Can sell up to %1").replace("%1", fmt.money(can_sell, self.locale_name)))
            tip = [self.float.text() if snap.float_available is not None else "",
                   self.allowance.text() if snap.allowance_remaining is not None else "",
                   _t("Online, a sale uses this till's offline allowance first, then the float; offline, only "
                      "the allowance.")]
            self.can_sell.setToolTip("\n".join(t for t in tip if t))
            set_state(self.can_sell, "warn" if not can_sell.amount else "ok")
        printer, tip = printer_text(snap.printer, snap.printer_ready)
        self.printer.setText(printer)
        self.printer.setToolTip(tip)
        if snap.printer_ready is not None:
            set_state(self.printer, "ok" if snap.printer_ready else "warn")
        else:
            set_state(self.printer, "unknown" if not snap.printer else "ok" if snap.printer in ("ready", "ok") else "warn")

    def set_clerk(self, name: str | None) -> None:
        self.clerk.setText(_t("Clerk: %1").replace("%1", name) if name else _t("Locked"))

    def set_shift(self, text: str | None) -> None:
        self.shift.setText(_t("Shift: %1").replace("%1", text) if text else _t("No shift open"))
