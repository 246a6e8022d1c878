"""A message bar across the top of a screen: errors that belong to no single field.

Laid over the top of its screen (issue 12: a banner that pushed the layout down moved the controls
under the clerk's finger when it appeared or went): `overlay(host, cover)` floats it over `host`'s
top edge, at least as tall as `cover` (the screen's top bar), so nothing below it ever moves."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..util import set_state


class Banner(QWidget):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(QCoreApplication.translate("Banner", "Message"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setObjectName(object_name + ".text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        close = QPushButton("✕", self)
        close.setObjectName(object_name + ".close")
        close.setAccessibleName(QCoreApplication.translate("Banner", "Close message"))
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.setProperty("role", "flat")
        close.clicked.connect(self.clear)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self._host: QWidget | None = None
        self._cover: QWidget | None = None
        self.hide()

    def overlay(self, host: QWidget, cover: QWidget | None = None) -> "Banner":
        """Float over the top of `host` (out of any layout), covering at least `cover`."""
        self.setParent(host)
        self._host, self._cover = host, cover
        host.installEventFilter(self)
        self.hide()
        return self

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._host and event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        host = self._host
        if host is None:
            return
        width = host.width()
        layout = self.layout()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        height = max(height, self._cover.height() if self._cover is not None else 0)  # (sizeHint wraps narrow)
        self.setGeometry(0, 0, width, height)
        self.raise_()

    def show_message(self, text: str, level: str = "error", timeout_ms: int = 0) -> None:
        self.label.setText(text)
        set_state(self, level)
        self.show()
        self._place()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def clear(self) -> None:
        self._timer.stop()
        self.label.clear()
        self.hide()
