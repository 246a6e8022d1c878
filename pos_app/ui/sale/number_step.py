"""Step 1: the customer's number, checked and formatted as typed, and the network (suggested from
the number; the clerk may pick another, numbers get ported)."""
from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from pos_app.application.sale_draft import NumberCheck, SaleDraft, split_number_input

from .. import errors as E
from ..util import button, heading, name, set_state
from ..widgets.tiles import TileGroup
from .words import _t, field_hint, page


_ALLOWED = re.compile(r"[+0-9 ()\-./]+")  # what the field lets in (sale_draft.NUMBER_CHARS, one by one)


class NumberStep(QWidget):
    changed = Signal()  # the draft changed (the side panel shows it)
    entered = Signal()

    def __init__(self, draft: SaleDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        p, v = page(self)
        v.addWidget(heading(_t("Customer's phone number"), p, "h1"))
        self.msisdn = QLineEdit(p)
        self.msisdn.setProperty("role", "big")
        self.msisdn.setMaxLength(24)
        # No validator: it refused a paste with a letter in it whole, silently. Pasted and dropped text
        # goes through `_edited`, which keeps the digits and says what it refused (issue 12).
        name(self.msisdn, "sale.msisdn", _t("Customer's phone number"),
             _t("Type the number, national or international, then Enter"))
        self.msisdn.textEdited.connect(self._edited)
        self.msisdn.installEventFilter(self)  # a key the field refuses is said, not dropped silently (issue 12)
        self.msisdn.returnPressed.connect(self.entered.emit)
        v.addWidget(self.msisdn)
        self.msisdn_hint = field_hint(p, "sale.msisdnHint", _t("Number check"))
        v.addWidget(self.msisdn_hint)
        v.addSpacing(6)
        v.addWidget(heading(_t("Network"), p, "h3"))
        self.operators = TileGroup("sale.operator", columns=3, parent=p)
        self.operators.setAccessibleName(_t("Network"))
        self.operators.chosen.connect(self._operator_chosen)
        v.addWidget(self.operators)
        self.operator_hint = field_hint(p, "sale.operatorHint", _t("Network hint"))
        v.addWidget(self.operator_hint)
        v.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        nxt = button(_t("Next (Enter)"), "sale.number.next", _t("Next: amount"), kind="primary", icon_name="next",
                     parent=p)
        nxt.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        nxt.clicked.connect(self.entered.emit)
        row.addWidget(nxt)
        v.addLayout(row)
        self.example = ("", "")
        self.first_field = self.msisdn

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001
        if obj is self.msisdn and event.type() == QEvent.Type.KeyPress:
            text = event.text()
            if text and text.isprintable() and not _ALLOWED.fullmatch(text):
                self.refuse(text)
                return True
        return super().eventFilter(obj, event)

    def _edited(self, text: str) -> None:
        at_end = self.msisdn.cursorPosition() >= len(text)
        kept, refused = split_number_input(text)
        if kept == text:
            self.typed(text, at_end)
            return
        cursor = max(0, self.msisdn.cursorPosition() - (len(text) - len(kept)))
        self.msisdn.setText(kept)
        self.msisdn.setCursorPosition(min(cursor, len(kept)))
        self.typed(kept, at_end)
        self.refuse_pasted(refused)

    def refuse_pasted(self, refused: str) -> None:
        """Pasted text with letters: the digits stay, the message says what was left out."""
        shown = refused if len(refused) <= 12 else refused[:12] + "…"
        self.show_error(_t("Letters are not allowed in a phone number: “%1” left out, the digits kept. "
                           "Check the number with the customer.").replace("%1", shown))

    def refuse(self, text: str) -> None:
        """A character a phone number cannot have: say so where the clerk looks, keep what is typed."""
        self.show_error(_t("“%1” is not a digit: type digits only (spaces and dashes are fine).").replace(
            "%1", text))

    def set_operators(self, catalog) -> None:  # noqa: ANN001 - a Catalog
        self.operators.set_tiles([(op.code, op.name, op.name) for op in catalog.operators])
        self.operators.select(self.draft.operator)

    def typed(self, text: str, at_end: bool = True) -> None:
        self.show_check(self.draft.type_number(text, at_end))
        self.changed.emit()

    def _operator_chosen(self, code: str) -> None:
        self.draft.choose_operator(code)
        self.show_operator(code, suggested=False)
        self.changed.emit()
        self.msisdn.setFocus()

    def set_example(self, national: str, international: str) -> None:
        """A number of the shop's country, for the placeholder and the how-to hint."""
        self.example = (national, international)
        self.msisdn.setPlaceholderText(_t("e.g. %1").replace("%1", national) if national else "")

    def how_to(self) -> str:
        national, international = self.example
        if not national:
            return _t("National or international form.")
        return _t("National (%1) or international (%2).").replace("%1", national).replace("%2", international)

    def reset(self) -> None:
        self.msisdn.clear()
        set_state(self.msisdn, None)
        self.msisdn_hint.setText(self.how_to())
        set_state(self.msisdn_hint, None)
        self.operators.select(None)
        self.operator_hint.setText("")
        set_state(self.operators, None)
        set_state(self.operator_hint, None)

    def show_check(self, check: NumberCheck) -> None:
        if check.text != self.msisdn.text():
            self.msisdn.setText(check.text)
        set_state(self.msisdn, None)
        set_state(self.msisdn_hint, None)
        if check.msisdn is not None:
            self.msisdn_hint.setText(_t("✓ %1").replace("%1", check.msisdn.international()))
            set_state(self.msisdn_hint, "ok")
        elif check.error is not None:
            self.show_error(E.friendly(check.error))
        elif check.digits and check.expected > check.digits:
            self.msisdn_hint.setText(QCoreApplication.translate(
                "SaleScreen", "Keep typing… %n of %1 digits", "", check.digits).replace("%1", str(check.expected)))
        elif check.digits and check.expected:  # as many digits as a number has, or more, and not valid yet
            self.msisdn_hint.setText(QCoreApplication.translate(
                "SaleScreen", "%n digits typed: a number here has %1. Check it with the customer.", "", check.digits).replace(
                "%1", str(check.expected)))
        elif check.digits:
            self.msisdn_hint.setText(QCoreApplication.translate("SaleScreen", "Keep typing… (%n digits)", "",
                                                                check.digits))
        else:
            self.msisdn_hint.setText(self.how_to())
        self.show_operator(check.operator, check.operator_suggested)

    def show_operator(self, code: str | None, suggested: bool) -> None:
        self.operators.select(code)
        set_state(self.operators, None)
        set_state(self.operator_hint, None)
        if code and suggested:
            self.operator_hint.setText(_t("Suggested from the number. Numbers move between networks: "
                                          "tap another if the customer says so."))
        elif code:
            self.operator_hint.setText(_t("Chosen by you."))
        else:
            self.operator_hint.setText("")

    def show_error(self, text: str) -> None:
        set_state(self.msisdn, "error")
        self.msisdn_hint.setText(text)
        set_state(self.msisdn_hint, "error")

    def show_operator_error(self, text: str) -> None:
        set_state(self.operators, "error")
        self.operator_hint.setText(text)
        set_state(self.operator_hint, "error")
