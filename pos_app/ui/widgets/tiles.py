"""A row (or grid) of large, exclusive, touch-friendly choice buttons: operators, products, users."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QSizePolicy, QWidget


class TileGroup(QWidget):
    chosen = Signal(str)  # key of the tile the user picked (not emitted by select())

    def __init__(self, object_prefix: str, columns: int = 4, parent: QWidget | None = None,
                 focusable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(object_prefix)
        self._prefix = object_prefix
        self._columns = columns
        self._focusable = focusable
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._tiles: dict[str, QPushButton] = {}
        self._group.buttonClicked.connect(self._clicked)

    def set_tiles(self, tiles: list[tuple[str, str, str]]) -> None:
        """``(key, text, accessible name)`` per tile; replaces what was there."""
        for btn in self._tiles.values():
            self._group.removeButton(btn)
            btn.deleteLater()
        self._tiles.clear()
        for i, (key, text, accessible) in enumerate(tiles):
            btn = QPushButton(text, self)
            btn.setObjectName(f"{self._prefix}.{key}")
            btn.setAccessibleName(accessible)
            btn.setCheckable(True)
            btn.setProperty("role", "tile")
            btn.setProperty("key", key)
            btn.setAutoDefault(True)
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if not self._focusable:
                btn.setFocusPolicy(btn.focusPolicy().NoFocus)
            self._group.addButton(btn)
            self._layout.addWidget(btn, i // self._columns, i % self._columns)
            self._tiles[key] = btn

    def keys(self) -> list[str]:
        return list(self._tiles)

    def tile(self, key: str) -> QPushButton | None:
        return self._tiles.get(key)

    def current(self) -> str | None:
        btn = self._group.checkedButton()
        return btn.property("key") if btn else None

    def select(self, key: str | None) -> None:
        if key is None:
            checked = self._group.checkedButton()
            if checked is not None:
                self._group.setExclusive(False)
                checked.setChecked(False)
                self._group.setExclusive(True)
            return
        btn = self._tiles.get(key)
        if btn is not None:
            btn.setChecked(True)

    def _clicked(self, btn: QPushButton) -> None:
        self.chosen.emit(btn.property("key"))
