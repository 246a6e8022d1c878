"""The customer beside the sale (issue 14): as soon as the number is valid, the cached view shows at
once and the server's fills in through the task runner (typing is never delayed; a late answer for
a number no longer typed is dropped). It shows the balances in the order they are used, loyalty and
the progress to the next tier, up to three one-tap amounts and a one-tap repeat, the last top-ups
and any offer; offline, the cached view "as of" its time, or that the details need the server.

This widget only shows `app.customer` (pos_app/application/customer.py) views; the sale screen
connects `amount_chosen` / `repeat_chosen`."""
from __future__ import annotations

import time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from topup_core.money import Money
from pos_app.application.customer import CACHED, SERVER, UNKNOWN, USAGE_DAYS, CustomerView

from .. import format as fmt
from ..tasks import TaskRunner
from ..util import name, set_state
from .offer_words import with_reason
from .words import _t

MAX_RECENT = 2


def _label(parent: QWidget, object_name: str, accessible: str, role: str | None = None) -> QLabel:
    lab = QLabel("", parent)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    name(lab, object_name, accessible)
    if role:
        lab.setProperty("role", role)
    return lab


def _show(widget: QWidget, visible: bool) -> None:
    """Show or hide only on a change: each show re-lays out the whole window (~15 ms on a busy
    till), and one customer after another mostly shows the same parts."""
    if isinstance(widget, QLabel) and not visible:
        widget.setText("")
    if widget.isHidden() == visible:
        widget.setVisible(visible)


class CustomerPanel(QFrame):
    amount_chosen = Signal(int)  # minor units: the clerk tapped a suggested amount
    repeat_chosen = Signal(object)  # a RepeatLast: the customer's last top-up again
    filled = Signal(object)  # a CustomerView has been shown (tests and the bench watch it)

    def __init__(self, lookup, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.lookup, self.runner = lookup, runner
        self.setObjectName("sale.customer")
        self.setProperty("role", "card")
        self.setAccessibleName(_t("Customer"))
        self.locale_name, self.timezone = "en", "UTC"
        self.msisdn: str | None = None
        self.view: CustomerView | None = None
        self._token = 0
        self._final_token = -1  # the token whose final answer is shown
        self.asked_at = 0.0  # perf_counter when the number became valid (for the bench)
        self.now_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000

        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # the number pad gives way
        v = QVBoxLayout(self)
        v.setContentsMargins(14, 10, 14, 10)
        v.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel(_t("Customer"), self)
        title.setProperty("role", "h3")
        head.addWidget(title)
        head.addStretch(1)
        self.state = _label(self, "customer.state", _t("Customer details state"), "muted")
        head.addWidget(self.state)
        v.addLayout(head)
        self.balances = _label(self, "customer.balances", _t("Balances, in the order they are used"))
        v.addWidget(self.balances)
        self.usage = _label(self, "customer.usage", _t("Usage in the last 7 days"), "muted")  # issue 15
        v.addWidget(self.usage)
        self.tier = _label(self, "customer.tier", _t("Loyalty tier and points"), "value")
        v.addWidget(self.tier)
        self.progress = QProgressBar(self)
        name(self.progress, "customer.progress", _t("Progress to the next tier"))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        v.addWidget(self.progress)
        self.progress_text = _label(self, "customer.progressText", _t("What the next tier needs"), "muted")
        v.addWidget(self.progress_text)
        self.expiry = _label(self, "customer.expiry", _t("Points or bonus about to expire"), "hint")
        v.addWidget(self.expiry)
        self.offers = _label(self, "customer.offers", _t("Offers for this customer"), "bonus")
        v.addWidget(self.offers)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.suggest_buttons: list[QPushButton] = []
        for i in range(3):
            btn = QPushButton("", self)
            name(btn, f"customer.suggest.{i}", _t("Suggested amount"))
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap target: never steals the typing focus
            btn.clicked.connect(lambda _=False, i=i: self._tapped(i))
            row.addWidget(btn)
            self.suggest_buttons.append(btn)
        self.repeat_button = QPushButton("", self)
        name(self.repeat_button, "customer.repeat", _t("Repeat the customer's last top-up"))
        self.repeat_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.repeat_button.clicked.connect(self._repeat)
        v.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.repeat_button)
        self.next_topup = _label(self, "customer.next", _t("When the customer usually tops up next"), "muted")
        row2.addWidget(self.next_topup, 1)
        v.addLayout(row2)
        self.recent = _label(self, "customer.recent", _t("Last top-ups"))
        v.addWidget(self.recent)
        # till-points: reminder consent, recorded at the counter (date and clerk), withdrawable
        self.consent = None  # app.consent (ReminderConsents); the sale screen sets it and `actor`
        self.actor: Callable[[], object] = lambda: None
        row3 = QHBoxLayout()
        self.reminders = QCheckBox(_t("SMS top-up reminders"), self)
        name(self.reminders, "customer.reminders", _t("The customer agrees to top-up reminders by SMS"))
        self.reminders.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by Tab; a tap never takes the typing focus
        self.reminders.clicked.connect(self._reminders_clicked)
        row3.addWidget(self.reminders)
        self.reminders_state = _label(self, "customer.remindersState", _t("Who recorded the consent, and when"),
                                      "muted")
        row3.addWidget(self.reminders_state, 1)
        v.addLayout(row3)
        self.clear()

    # ------------------------------------------------------------ the number

    def set_shop(self, timezone: str, locale_name: str) -> None:
        self.timezone, self.locale_name = timezone, locale_name

    def show_number(self, msisdn: str | None) -> None:
        """The sale's number changed (E.164 once valid, else None). Cheap when it is the same."""
        if msisdn == self.msisdn:
            return
        self.msisdn = msisdn
        self._token += 1
        if msisdn is None:
            self.clear()
            return
        token = self._token
        self._load_consent(token, msisdn)
        self.asked_at = time.perf_counter()
        self._show_state(_t("Looking up…"), "busy")
        self.runner.run(self.lookup.cached, msisdn, owner=self, name="customer.cached",
                        on_done=lambda view: self._got(token, view, final=False),
                        on_error=lambda exc: None)
        self.runner.run(self.lookup.lookup, msisdn, keep=False, owner=self, name="customer.lookup",
                        on_done=lambda view: self._got(token, view, final=True),
                        on_error=lambda exc: self._failed(token, exc))

    def _got(self, token: int, view: CustomerView, final: bool) -> None:
        if token != self._token:
            return  # an answer for a number no longer typed
        if not final and (self._final_token == token or view.source != CACHED):
            return  # the lookup's answer came first, or there is no cached view to show meanwhile
        if final:
            self._final_token = token
        self.show_view(view, final)
        # shown first, kept for offline afterwards (not once the till is closing: its services are going)
        # issue 15: then the usage breakdown (one more request, on the runner), shown and kept with the view
        if final and view.reply is not None and not self.runner.closed:
            if hasattr(self.lookup, "with_usage"):
                self.runner.run(self.lookup.with_usage, view, owner=self, name="customer.usage",
                                on_done=lambda full: self._got_usage(token, full),
                                on_error=lambda exc: self._keep(view))
            else:
                self._keep(view)

    def _keep(self, view: CustomerView) -> None:
        if not self.runner.closed:
            self.runner.run(self.lookup.keep, view, owner=self, name="customer.keep", on_error=lambda exc: None)

    def _got_usage(self, token: int, view: CustomerView) -> None:
        if token == self._token and self.view is not None:
            self.view = view
            self._show_usage(view)
        self._keep(view)  # kept even when the clerk moved on: the next lookup of the number has it offline

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            from .. import errors as E
            self._show_state(E.friendly(exc, self.locale_name), "error")

    def clear(self) -> None:
        self.view = None
        for widget in (self.balances, self.usage, self.tier, self.progress_text, self.expiry, self.offers, self.next_topup,
                       self.recent):
            widget.setText("")
        _show(self.progress, False)
        _show(self.usage, False)
        for btn in (*self.suggest_buttons, self.repeat_button):
            _show(btn, False)
        _show(self.reminders, False)
        self.reminders_state.setText("")
        self._show_state(_t("Type a number to see the customer"), None)

    # ------------------------------------------------------------ reminder consent (till-points)

    def _load_consent(self, token: int, msisdn: str) -> None:
        if self.consent is None:
            return
        self.runner.run(self.consent.status, msisdn, owner=self, name="consent.status",
                        on_done=lambda c: token == self._token and self._show_consent(c), on_error=lambda exc: None)

    def _show_consent(self, consent) -> None:  # noqa: ANN001 - a Consent
        _show(self.reminders, True)
        self.reminders.setChecked(consent.opted_in)
        if not consent.asked:
            text = _t("not asked yet")
        elif consent.opted_in:
            text = _t("agreed %1 · %2").replace("%1", fmt.local_time(consent.at_ms, self.timezone, "%d %b")).replace("%2", consent.by or "")
        else:
            text = _t("withdrawn %1 · %2").replace("%1", fmt.local_time(consent.at_ms, self.timezone, "%d %b")).replace("%2", consent.by or "")
        self.reminders_state.setText(text)

    def _reminders_clicked(self, checked: bool) -> None:
        actor, msisdn, token = self.actor(), self.msisdn, self._token
        if self.consent is None or actor is None or msisdn is None:
            return
        use_case = self.consent.give if checked else self.consent.withdraw
        self.runner.run(use_case, actor, msisdn, owner=self, name="consent.change",
                        on_done=lambda c: token == self._token and self._show_consent(c),
                        on_error=lambda exc: self._load_consent(token, msisdn))

    # ------------------------------------------------------------ the view

    def _money(self, amount: int, currency: str, short: bool = False) -> str:
        return fmt.money(Money(amount, currency), self.locale_name, short=short)

    def _date(self, at_ms: int) -> str:
        return fmt.local_time(at_ms, self.timezone, "%d %b %Y")

    def _show_state(self, text: str, state: str | None) -> None:
        self.state.setText(text)
        set_state(self.state, state)

    def show_view(self, view: CustomerView, final: bool = True) -> None:
        self.view = view
        cur = view.currency
        if view.source == SERVER:
            self._show_state(_t("Up to date"), "ok")
        elif view.source == CACHED:
            age = fmt.local_time(view.as_of_ms, self.timezone, "%H:%M")
            if self.now_ms() - view.as_of_ms > 20 * 3600 * 1000:
                age = self._date(view.as_of_ms) + " " + age
            self._show_state(_t("as of %1").replace("%1", age) + ("" if final else " …"), "stale")
        elif view.source == UNKNOWN:
            self._show_state(_t("New customer: never topped up with us"), "info")
        else:
            self._show_state(_t("Customer details need the server") if final else _t("Looking up…"),
                             "offline" if final else "busy")

        lines = []
        for b in view.buckets:
            kind = {"main": _t("Main"), "bonus": _t("Bonus")}.get(b.kind, b.kind.capitalize())
            amount = self._money(b.amount, b.unit) if len(b.unit) == 3 and b.unit.isalpha() else f"{b.amount} {b.unit}"
            expiry = ""
            if b.expires_at:
                try:
                    when = self._date(int(datetime.fromisoformat(b.expires_at).timestamp() * 1000))
                except ValueError:
                    when = b.expires_at[:10]
                expiry = " · " + _t("expires %1").replace("%1", when)
            lines.append(f"{b.use_order}. {kind} {amount}{expiry}")
        self.balances.setText("\n".join(lines))
        _show(self.balances, bool(lines))
        self._show_usage(view)

        lo = view.loyalty
        _show(self.tier, lo is not None)
        _show(self.progress, lo is not None and lo.next_tier is not None)
        _show(self.progress_text, lo is not None)
        if lo is not None:
            self.tier.setText(_t("%1 · %2 points (%3)").replace("%1", lo.tier_name).replace("%2", str(lo.points))
                              .replace("%3", self._money(lo.points_value, cur)))
            ends = self._date(lo.cycle_ends_at_ms)
            if lo.next_tier is not None:
                self.progress.setRange(0, lo.earned_this_cycle + lo.points_to_next)
                self.progress.setValue(lo.earned_this_cycle)
                self.progress_text.setText(_t("%1 to %2 · cycle ends %3")
                                           .replace("%1", self._money(lo.spend_to_next, cur, short=True))
                                           .replace("%2", lo.next_tier_name or lo.next_tier).replace("%3", ends))
            else:
                self.progress_text.setText(_t("Top tier · cycle ends %1").replace("%1", ends))
        expiry_lines = []
        if lo is not None and lo.expiring_points and lo.expiring_at_ms:
            expiry_lines.append(_t("%1 points expire on %2").replace("%1", str(lo.expiring_points))
                                .replace("%2", self._date(lo.expiring_at_ms)))
        self.expiry.setText("\n".join(expiry_lines))
        _show(self.expiry, bool(expiry_lines))
        reasons = view.offer_reasons if len(view.offer_reasons) == len(view.offers) else (None,) * len(view.offers)
        tiers = {view.loyalty.tier: view.loyalty.tier_name} if view.loyalty else {}
        self.offers.setText("\n".join(with_reason(name, reason, tiers) or name  # issue 14: with why
                                      for name, reason in zip(view.offers, reasons)))
        _show(self.offers, bool(view.offers))

        amounts = view.amounts
        for i, btn in enumerate(self.suggest_buttons):
            if i < len(amounts):
                btn.setText(self._money(amounts[i], cur, short=True))
                btn.setProperty("amount", amounts[i])
                _show(btn, True)
            else:
                _show(btn, False)
        if view.repeat is not None:
            self.repeat_button.setText(_t("Repeat %1").replace("%1", fmt.money(view.repeat.face, self.locale_name,
                                                                                 short=True)))
        _show(self.repeat_button, view.repeat is not None)
        s = view.suggestions
        if s is not None and s.next_topup_at_ms:
            self.next_topup.setText(_t("Next top-up around %1").replace("%1", self._date(s.next_topup_at_ms)))
        _show(self.next_topup, bool(s is not None and s.next_topup_at_ms))

        rows = []
        for t in (view.recent or view.local)[:MAX_RECENT]:
            when = fmt.local_time(t.at_ms, self.timezone, "%d %b")
            who = "" if t.own else " · " + _t("another shop")
            gone = " · " + _t("reversed") if t.reversed else ""
            rows.append(f"{when}  {self._money(t.face, cur, short=True)} {t.operator}{who}{gone}")
        if rows and not view.recent:
            rows.insert(0, _t("At this till:"))
        self.recent.setText("\n".join(rows))
        _show(self.recent, bool(rows))
        if final:
            self.filled.emit(view)

    def _units(self, service: str, units: int) -> str:
        if service == "voice":
            return _t("%1 min").replace("%1", str((units + 59) // 60))
        if service == "data":
            mb = units / 1_048_576
            return _t("%1 MB").replace("%1", f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}")
        return str(units)

    def _show_usage(self, view: CustomerView) -> None:
        """issue 15: "Last 7 days: voice 12 min KSh 24 · data 300 MB KSh 50 · SMS 5 KSh 5"."""
        usage = view.usage
        if usage is None:
            _show(self.usage, False)
            return
        names = {"voice": _t("voice"), "data": _t("data"), "sms": _t("SMS")}
        parts = []
        for u in usage:
            paid = self._money(u.charge, view.currency, short=True) if u.charge else _t("bundle")
            parts.append(f"{names[u.service]} {self._units(u.service, u.units)} {paid}")
        text = " · ".join(parts) if parts else _t("no usage")
        self.usage.setText(_t("Last %1 days: %2").replace("%1", str(USAGE_DAYS)).replace("%2", text))
        _show(self.usage, True)

    # ------------------------------------------------------------ taps

    def _tapped(self, i: int) -> None:
        amount = self.suggest_buttons[i].property("amount")
        if isinstance(amount, int):
            self.amount_chosen.emit(amount)

    def _repeat(self) -> None:
        if self.view is not None and self.view.repeat is not None:
            self.repeat_chosen.emit(self.view.repeat)
