"""On-screen number pad for touch tills. Its keys never take the focus, so typing goes to the
field that has it (the PIN, the number, the amount)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from ..util import icon


class NumPad(QWidget):
    enter = Signal()

    def __init__(self, object_prefix: str, parent: QWidget | None = None, *, with_point: bool = False,
                 target: QLineEdit | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_prefix)
        self.setAccessibleName(QCoreApplication.translate("NumPad", "Number pad"))
        self._target = target
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", "." if with_point else "00", "0", "back"]
        for i, key in enumerate(keys):
            btn = QPushButton(self)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setProperty("role", "numkey")
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if key == "back":
                btn.setIcon(icon("backspace"))
                btn.setObjectName(f"{object_prefix}.back")
                btn.setAccessibleName(QCoreApplication.translate("NumPad", "Delete last digit"))
                btn.clicked.connect(self._backspace)
            else:
                btn.setText(key)
                btn.setObjectName(f"{object_prefix}.{'point' if key == '.' else key}")
                btn.setAccessibleName(key)
                btn.clicked.connect(lambda _=False, k=key: self._type(k))
            grid.addWidget(btn, i // 3, i % 3)
        ok = QPushButton(QCoreApplication.translate("NumPad", "OK"), self)
        ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        ok.setObjectName(f"{object_prefix}.ok")
        ok.setAccessibleName(QCoreApplication.translate("NumPad", "OK (Enter)"))
        ok.setProperty("role", "numkey-ok")
        ok.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        ok.clicked.connect(self._enter)
        grid.addWidget(ok, 4, 0, 1, 3)
        self.ok_button = ok

    def keys_min_height(self) -> int:
        """What the five rows of keys need (each row its tallest key's minimum, plus the spacing):
        a pad given less than this laid its rows over each other and cut the OK key (issue 12)."""
        grid = self.layout()
        rows: dict[int, int] = {}
        for i in range(grid.count()):
            w = grid.itemAt(i).widget()
            if w is not None:
                r = grid.getItemPosition(i)[0]
                rows[r] = max(rows.get(r, 0), w.minimumSizeHint().height())
        m = grid.contentsMargins()
        return sum(rows.values()) + grid.verticalSpacing() * max(0, len(rows) - 1) + m.top() + m.bottom()

    def _field(self) -> QLineEdit | None:
        focused = QApplication.focusWidget()
        if isinstance(focused, QLineEdit) and focused.isEnabled() and not focused.isReadOnly():
            return focused
        return self._target

    def _type(self, text: str) -> None:
        field = self._field()
        if field is None:
            return
        field.setFocus()
        for ch in text:
            key = Qt.Key.Key_Period if ch == "." else Qt.Key(Qt.Key.Key_0 + int(ch))
            QApplication.sendEvent(field, QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch))

    def _backspace(self) -> None:
        field = self._field()
        if field is not None:
            field.setFocus()
            QApplication.sendEvent(field, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Backspace,
                                                    Qt.KeyboardModifier.NoModifier))

    def _enter(self) -> None:
        field = self._field()
        if field is not None:
            field.setFocus()
            field.returnPressed.emit()
        else:
            self.enter.emit()
