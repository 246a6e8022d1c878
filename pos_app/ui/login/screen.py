"""Login: who is at the till, and their PIN. Also the lock screen (switch clerk, idle lock)."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from topup_core.errors import DomainError
from pos_app.domain.roles import Actor

from .. import settings as opt
from ..errors import friendly, locked_message
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..util import button, heading, name, set_state
from ..widgets.numpad import NumPad
from ..widgets.tiles import TileGroup


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Actor

    def __init__(self, app, runner: TaskRunner, settings: UiSettings,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        self.setAccessibleName(self.tr("Log in"))
        self.app = app
        self.runner = runner
        self.settings = settings
        self._busy = False
        self._locked_until = 0.0
        self._usernames: list[str] = []

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # Left: the shop, the terminal, the connection.
        side = QFrame(self)
        side.setObjectName("login.side")
        side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        side.setMinimumWidth(280)
        side.setMaximumWidth(420)
        s = QVBoxLayout(side)
        s.setContentsMargins(28, 28, 28, 28)
        s.setSpacing(8)
        brand = QLabel(self.tr("TopUp POS"), side)
        brand.setProperty("role", "brand")
        s.addWidget(brand)
        s.addSpacing(18)
        self.shop = QLabel("", side)
        self.shop.setProperty("role", "h1")
        self.shop.setWordWrap(True)
        name(self.shop, "login.shop", self.tr("Shop"))
        s.addWidget(self.shop)
        self.address = QLabel("", side)
        self.address.setWordWrap(True)
        self.address.setProperty("role", "muted")
        s.addWidget(self.address)
        s.addSpacing(12)
        self.terminal = QLabel("", side)
        name(self.terminal, "login.terminal", self.tr("Terminal"))
        s.addWidget(self.terminal)
        self.online = QLabel(self.tr("● Sync not set up"), side)
        name(self.online, "login.online", self.tr("Connection"))
        set_state(self.online, "unknown")
        s.addWidget(self.online)
        s.addStretch(1)
        hint = QLabel(self.tr("Type your PIN and press Enter.\nF12 locks the till when you step away."), side)
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        s.addWidget(hint)
        outer.addWidget(side, 2)

        # Right: the card.
        area = QWidget(self)
        a = QVBoxLayout(area)
        a.setContentsMargins(24, 16, 24, 16)
        a.addStretch(1)
        card = QFrame(area)
        card.setObjectName("login.card")
        card.setProperty("role", "card")
        card.setMaximumWidth(520)
        c = QVBoxLayout(card)
        c.setContentsMargins(24, 18, 24, 18)
        c.setSpacing(10)
        self.title = heading(self.tr("Who is at the till?"), card)
        self.title.setObjectName("login.title")
        c.addWidget(self.title)
        self.users = TileGroup("login.user", columns=3, parent=card)
        self.users.setAccessibleName(self.tr("Clerk"))
        self.users.chosen.connect(self._user_chosen)
        c.addWidget(self.users)

        pin_row = QHBoxLayout()
        self.pin = QLineEdit(card)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setValidator(QRegularExpressionValidator(r"\d{0,8}", self.pin))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setProperty("role", "big")
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name(self.pin, "login.pin", self.tr("PIN"), self.tr("Your 4 to 8 digit PIN, then Enter"))
        self.pin.returnPressed.connect(self.submit)
        self.pin.textEdited.connect(lambda _t: self._say(""))
        self.pin.installEventFilter(self)
        pin_row.addWidget(self.pin, 1)
        self.ok = button(self.tr("Log in"), "login.ok", self.tr("Log in"), kind="primary", icon_name="unlock",
                         parent=card)
        self.ok.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.ok.clicked.connect(self.submit)
        pin_row.addWidget(self.ok)
        c.addLayout(pin_row)

        self.message = QLabel("", card)
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(22)
        name(self.message, "login.message", self.tr("Login message"))
        c.addWidget(self.message)

        self.numpad = NumPad("login.numpad", card, target=self.pin)
        # issue 12: never less than its keys need (a fixed 200 px let the OK key fall off the pad's
        # bottom edge at 1024×600); set again once the style sheet has sized the keys (showEvent)
        self.numpad.setMinimumHeight(max(200, self.numpad.keys_min_height()))
        self.numpad.setMaximumHeight(280)
        c.addWidget(self.numpad)
        a.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        a.addStretch(1)
        outer.addWidget(area, 5)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    # --- data from the window ---

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self.numpad.setMinimumHeight(max(200, self.numpad.keys_min_height()))  # the style sheet is applied by now
        super().showEvent(event)

    def set_users(self, users: list[tuple[str, str]], preselect: str | None = None) -> None:
        """The tiles; `preselect` (app.auth.preselect: the last user, else the only clerk) is picked
        so that "PIN ⏎" works on a fresh install."""
        self._usernames = [u for u, _ in users]
        current = self.users.current()
        self.users.set_tiles([(u, _two_lines(display), display) for u, display in users])
        last = self.settings.get(opt.LAST_USER)
        pick = current if current in self._usernames else last if last in self._usernames else \
            preselect if preselect in self._usernames else None
        if pick is None and len(users) == 1:
            pick = users[0][0]
        self.users.select(pick)

    def set_terminal(self, shop: str, address: str, terminal_code: str) -> None:
        self.shop.setText(shop)
        self.address.setText(address)
        self.terminal.setText(self.tr("Terminal %1").replace("%1", terminal_code))

    def set_online(self, online: bool | None) -> None:
        if online is None:
            self.online.setText(self.tr("● Sync not set up"))
            set_state(self.online, "unknown")
        elif online:
            self.online.setText(self.tr("● Online"))
            set_state(self.online, "ok")
        else:
            self.online.setText(self.tr("● Offline — sales will be queued"))
            set_state(self.online, "warn")

    def prepare(self, username: str | None = None, message: str = "") -> None:
        """Show the screen ready for a PIN (start, switch clerk, idle lock)."""
        if username and username in self._usernames:
            self.users.select(username)
        self.pin.clear()
        self.title.setText(self.tr("Locked — type your PIN to go on") if username else self.tr("Who is at the till?"))
        self._say(message, "info" if message else "")
        self.pin.setFocus()

    # --- behaviour ---

    def _user_chosen(self, _key: str) -> None:
        self._say("")  # a PIN typed before the name was chosen is kept (issue 12)
        self.pin.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001
        # Up/Down in the PIN field move between clerks, so the keyboard alone picks the user.
        if obj is self.pin and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            keys = self.users.keys()
            if keys:
                cur = self.users.current()
                down = event.key() == Qt.Key.Key_Down
                if cur in keys:
                    i = (keys.index(cur) + (1 if down else -1)) % len(keys)
                else:
                    i = 0 if down else len(keys) - 1
                self.users.select(keys[i])
                self._user_chosen(keys[i])
            return True
        return super().eventFilter(obj, event)

    def _say(self, text: str, state: str = "error") -> None:
        self.message.setText(text)
        set_state(self.message, state if text else None)

    def submit(self) -> None:
        if self._busy or time.monotonic() < self._locked_until:
            return
        username = self.users.current()
        pin = self.pin.text()
        if not username and pin:  # issue 12: PIN ⏎ alone finds the person (Auth.login_by_pin)
            self._busy = True
            self.ok.setEnabled(False)
            self._say(self.tr("Checking…"), "info")
            self.runner.run(self.app.auth.login_by_pin, pin, on_done=self._done, on_error=self._failed,
                            owner=self, name="auth.login_by_pin")
            return
        if not username:
            self._say(self.tr("Type your PIN, or tap your name first (or use the Up and Down keys)."))
            return
        if not pin:
            self._say(self.tr("Type your PIN."))
            self.pin.setFocus()
            return
        self._busy = True
        self.ok.setEnabled(False)
        self._say(self.tr("Checking…"), "info")
        self.runner.run(self.app.auth.login, username, pin, on_done=self._done, on_error=self._failed,
                        owner=self, name="auth.login")

    def _done(self, actor: Actor) -> None:
        self._busy = False
        self.ok.setEnabled(True)
        self.pin.clear()
        self._say("")
        self.settings.set(opt.LAST_USER, actor.username)
        self.logged_in.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        if isinstance(exc, DomainError) and exc.code == "login_locked":
            wait = int(exc.details.get("retry_after_s", 30) or 30)  # type: ignore[arg-type]
            self._locked_until = time.monotonic() + wait
            self.pin.setEnabled(False)
            self.ok.setEnabled(False)
            self._tick()
            self._countdown.start()
            return
        self._say(friendly(exc))

    def _tick(self) -> None:
        left = int(self._locked_until - time.monotonic() + 0.999)
        if left <= 0:
            self._countdown.stop()
            self.pin.setEnabled(True)
            self.ok.setEnabled(True)
            self._say(self.tr("You can try again now."), "info")
            self.pin.setFocus()
            return
        self._say(locked_message(left))


def _two_lines(text: str, width: int = 14) -> str:
    """Long names on two lines so a tile never clips them."""
    if len(text) <= width or " " not in text:
        return text
    cut = text.rfind(" ", 0, max(width, len(text) // 2 + 1))
    cut = cut if cut > 0 else text.find(" ")
    return text[:cut] + "\n" + text[cut + 1:]
