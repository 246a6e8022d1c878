"""Small widget helpers shared by the screens."""
from __future__ import annotations

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from topup_core.resources import resource_path


def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def name(widget: QWidget, object_name: str, accessible: str, description: str = "") -> QWidget:
    """Give a key widget its objectName and accessible name (the keyboard path relies on them)."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def set_state(widget: QWidget, state: str | None, prop: str = "state") -> None:
    """Set a dynamic property the stylesheet keys on, and re-polish so it shows."""
    if widget.property(prop) == state:
        return
    widget.setProperty(prop, state)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def role(widget: QWidget, value: str) -> QWidget:
    widget.setProperty("role", value)
    return widget


def heading(text: str, parent: QWidget | None = None, level: str = "h2") -> QLabel:
    lab = QLabel(text, parent)
    lab.setProperty("role", level)
    lab.setWordWrap(True)
    return lab


def button(text: str, object_name: str, accessible: str, *, kind: str | None = None,
           icon_name: str | None = None, parent: QWidget | None = None) -> QPushButton:
    btn = QPushButton(text, parent)
    name(btn, object_name, accessible)
    if kind:
        btn.setProperty("role", kind)
    if icon_name:
        btn.setIcon(icon(icon_name))
    btn.setAutoDefault(True)  # Enter on a focused button presses it, as in a dialog
    return btn


def bold(font: QFont) -> QFont:
    font.setBold(True)
    return font
