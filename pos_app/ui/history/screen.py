"""Today's sales, search, details; and what needs the clerk's attention (rejected, stuck in the queue)."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from topup_core.errors import DomainError
from topup_core.msisdn import mask_e164
from topup_core.money import Money
from pos_app.application import settings as bs
from pos_app.application.sales import DISPUTED, QUEUED_LONG, REJECTED, AttentionItem, HistoryData, matches, refund_due
from pos_app.domain.records import SaleRecord
from pos_app.domain.roles import Actor, Permission
from pos_app.domain.sale import SaleStatus

from .. import errors as E
from .. import format as fmt
from .. import settings as opt
from ..settings import UiSettings
from ..tasks import TaskRunner
from ..util import button, heading, name
from ..widgets.approval import Approval, ApprovalDialog
from ..widgets.banner import Banner
from .print_jobs import PrintJobsPanel
from .shop_alerts import ShopAlertsPanel

def _t(text: str) -> str:
    return QCoreApplication.translate("History", text)


def status_name(status: SaleStatus) -> str:
    return {
        SaleStatus.QUEUED: _t("Pending"), SaleStatus.CONFIRMED: _t("Success"), SaleStatus.REJECTED: _t("Rejected"),
        SaleStatus.CANCELLED: _t("Cancelled"), SaleStatus.REVERSAL_PENDING: _t("Reversal pending"),
        SaleStatus.REVERSED: _t("Reversed"), SaleStatus.REVERSAL_REFUSED: _t("Reversal refused"),
        SaleStatus.DISPUTED: _t("Manager check"),
    }[status]


def attention_text(item: AttentionItem, locale: str) -> tuple[str, str]:
    """(the problem, what to do) for the clerk, in their language."""
    s = item.sale
    if item.kind == REJECTED:
        reason = E.friendly(DomainError(s.reject_code, s.reject_message or "")) if s.reject_code \
            else (s.reject_message or _t("no reason given"))
        if s.payment_method.value == "points":  # till-points: no money changed hands
            return _t("Rejected: %1").replace("%1", reason), _t(
                "Nothing was charged and the customer's points were not used. Check the number and sell again "
                "with another payment.")
        return _t("Rejected: %1").replace("%1", reason), _t(
            "Nothing was charged. If the customer is still here, give back %1 (or refund the card / mobile "
            "money), check the number and sell again.").replace("%1", fmt.money(refund_due(s), locale))
    if item.kind == QUEUED_LONG:
        return _t("Waiting %1 min for the server").replace("%1", str(item.minutes_waiting)), _t(
            "Do not sell it again: it is sent by itself once the till is online. Check the connection in the "
            "status bar. If the customer cannot wait, a manager can cancel it before it is sent.")
    if item.kind == DISPUTED:  # issue 11: the server's answer, as it gave it
        return _t("Server already has this sale: %1").replace("%1", s.reject_message or s.reject_code or ""), _t(
            "Do not sell it again and do not give money back yet. Call your manager: the server's record decides.")
    return _t("Reversal refused by the network"), _t("The airtime stays with the customer. Call your manager.")


class SalesModel(QAbstractTableModel):
    COLUMNS = ("time", "receipt", "number", "amount", "status", "product")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[SaleRecord] = []
        self._rows: list[SaleRecord] = []
        self.timezone = "UTC"
        self.locale = fmt.DEFAULT_LOCALE
        self._query = ""
        self._status: SaleStatus | None = None

    def set_sales(self, sales: list[SaleRecord]) -> None:
        self.beginResetModel()
        self._all = list(sales)
        self._rows = [s for s in self._all if self._matches(s)]
        self.endResetModel()

    def set_filter(self, query: str, status: SaleStatus | None) -> None:
        self._query = query.strip().lower()
        self._status = status
        self.set_sales(self._all)

    def _matches(self, s: SaleRecord) -> bool:
        if self._status is not None and s.status is not self._status:
            return False
        return matches(s, self._query) or (bool(self._query) and self._query in status_name(s.status).lower())

    def sale(self, row: int) -> SaleRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_t("Time"), _t("Receipt"), _t("Number"), _t("Amount"), _t("Status"), _t("Top-up")][section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        s = self.sale(index.row())
        if s is None:
            return None
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "time": fmt.local_time(s.created_at, self.timezone),
                "receipt": s.receipt_no,
                "number": mask_e164(s.msisdn),
                "product": s.product_name,
                "amount": fmt.money(s.face, self.locale),
                "status": status_name(s.status),
            }[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == "status":
            colour = {SaleStatus.CONFIRMED: "#1b7a3a", SaleStatus.REJECTED: "#b3261e",
                      SaleStatus.QUEUED: "#8a5a00"}.get(s.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{s.receipt_no} {status_name(s.status)}"
        return None


class AttentionModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[AttentionItem] = []
        self.timezone = "UTC"
        self.locale = fmt.DEFAULT_LOCALE

    def set_items(self, items: list[AttentionItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_t("Time"), _t("Receipt"), _t("Number"), _t("Amount"), _t("Problem")][section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        s = item.sale
        problem, action = attention_text(item, self.locale)
        if role == Qt.ItemDataRole.DisplayRole:
            return [fmt.local_time(s.created_at, self.timezone), s.receipt_no, mask_e164(s.msisdn),
                    fmt.money(s.face, self.locale), problem][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            return QBrush(QColor("#b3261e" if s.status is SaleStatus.REJECTED else "#8a5a00"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return action
        return None


class HistoryScreen(QWidget):
    back_requested = Signal()

    def __init__(self, app, runner: TaskRunner, settings: UiSettings,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyScreen")
        self.setAccessibleName(self.tr("Sales history"))
        self.app = app
        self.runner = runner
        self.settings = settings
        self.actor: Actor | None = None
        self.viewer: Actor | None = None  # a manager who approved "all clerks", while this screen is open
        self.last_approval: Approval | None = None
        self.region = bs.COUNTRY.default  # the shop's, from set_session
        self.locale_name = fmt.DEFAULT_LOCALE
        self.data: HistoryData | None = None
        self.loading = False
        self.dialog: ApprovalDialog | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 10, 16, 10)
        root.setSpacing(8)
        top = QHBoxLayout()
        self.back_button = button(self.tr("Back to sale (Esc)"), "history.back", self.tr("Back to sale"),
                                  icon_name="back", parent=self)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back_requested.emit)
        top.addWidget(self.back_button)
        self.title = heading(self.tr("Today's sales"), self, "h1")
        top.addWidget(self.title, 1)
        self.all_button = button(self.tr("All clerks"), "history.allClerks",
                                 self.tr("Show every clerk's sales (manager)"), icon_name="user", parent=self)
        self.all_button.setCheckable(True)
        self.all_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.all_button.clicked.connect(self._toggle_all)
        top.addWidget(self.all_button)
        self.refresh_button = button(self.tr("Refresh"), "history.refresh", self.tr("Refresh"),
                                     icon_name="refresh", parent=self)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        root.addLayout(top)
        self.banner = Banner("history.banner", self).overlay(self)  # over the top row: nothing moves (issue 12)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("history.tabs")
        self.tabs.setAccessibleName(self.tr("History views"))
        root.addWidget(self.tabs, 1)

        # Tab 1: today's sales
        today = QWidget(self.tabs)
        tv = QVBoxLayout(today)
        tv.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit(today)
        self.search.setPlaceholderText(self.tr("Search: number, receipt (NBO1-000012) or status"))
        self.search.setClearButtonEnabled(True)
        name(self.search, "history.search", self.tr("Search sales"))
        self.search.textChanged.connect(self._filter)
        filters.addWidget(self.search, 1)
        self.status = QComboBox(today)
        name(self.status, "history.status", self.tr("Status filter"))
        self.status.addItem(self.tr("Every status"), None)
        for st in SaleStatus:
            self.status.addItem(status_name(st), st.value)
        self.status.currentIndexChanged.connect(self._filter)
        filters.addWidget(self.status)
        tv.addLayout(filters)
        split = QSplitter(Qt.Orientation.Horizontal, today)
        split.setChildrenCollapsible(False)
        self.model = SalesModel(self)
        self.table = QTableView(split)
        name(self.table, "history.table", self.tr("Sales"))
        self._setup_table(self.table, self.model)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        split.addWidget(self.table)
        split.addWidget(self._build_details(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        tv.addWidget(split, 1)
        self.tabs.addTab(today, self.tr("Today's sales"))

        # Tab 2: needs attention
        att = QWidget(self.tabs)
        av = QVBoxLayout(att)
        av.setContentsMargins(0, 8, 0, 0)
        self.attention_model = AttentionModel(self)
        self.attention = QTableView(att)
        name(self.attention, "attention.table", self.tr("Sales that need attention"))
        self._setup_table(self.attention, self.attention_model)
        self.attention.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.attention.selectionModel().currentRowChanged.connect(self._attention_selected)
        av.addWidget(self.attention, 1)
        self.attention_action = QLabel(self.tr("Nothing needs your attention."), att)
        self.attention_action.setWordWrap(True)
        self.attention_action.setProperty("role", "advice")
        self.attention_action.setMinimumHeight(60)
        name(self.attention_action, "attention.action", self.tr("What to do"))
        av.addWidget(self.attention_action)
        # issue 12: receipts that failed or may not have printed (app.print_jobs.attention)
        self.jobs_panel = PrintJobsPanel(app.print_jobs, runner, att)
        self.jobs_panel.hide()
        self.jobs_panel.changed.connect(lambda _n: self._count_attention())
        av.addWidget(self.jobs_panel, 1)
        # till-points: the server's alerts and the low-float warning (app.shop_alerts)
        self.alerts_panel = ShopAlertsPanel(app.shop_alerts, runner, att)
        self.alerts_panel.hide()
        self.alerts_panel.changed.connect(lambda _n: self._count_attention())
        av.addWidget(self.alerts_panel, 1)
        self.tabs.addTab(att, self.tr("Needs attention"))

    def _setup_table(self, table: QTableView, model: QAbstractTableModel) -> None:
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)

    def _build_details(self, parent: QWidget) -> QWidget:
        box = QFrame(parent)
        box.setProperty("role", "card")
        box.setMinimumWidth(260)
        v = QVBoxLayout(box)
        v.setContentsMargins(14, 10, 14, 10)
        v.addWidget(heading(self.tr("Details"), box, "h3"))
        self.details = QLabel(self.tr("Pick a sale to see it here."), box)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name(self.details, "history.details", self.tr("Sale details"))
        v.addWidget(self.details, 1)
        row = QHBoxLayout()
        self.reprint_button = button(self.tr("Reprint"), "history.reprint", self.tr("Reprint receipt"),
                                     icon_name="printer", parent=box)
        self.reprint_button.clicked.connect(self._reprint)
        self.cancel_button = button(self.tr("Cancel sale…"), "history.cancel",
                                    self.tr("Cancel a queued sale (manager)"), icon_name="x", parent=box)
        self.cancel_button.clicked.connect(self._cancel)
        self.reverse_button = button(self.tr("Reverse sale…"), "history.reverse",
                                     self.tr("Reverse a confirmed sale through the server (manager)"), parent=box)
        self.reverse_button.clicked.connect(self._reverse)
        row.addWidget(self.reprint_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.reverse_button)
        v.addLayout(row)
        self._update_actions(None)
        return box

    def _update_actions(self, sale: SaleRecord | None) -> None:
        self.reprint_button.setEnabled(sale is not None)
        self.reprint_button.setToolTip(self.tr("Print this receipt again (marked COPY)."))
        self.cancel_button.setEnabled(sale is not None and sale.status is SaleStatus.QUEUED)
        self.cancel_button.setToolTip(self.tr("A manager can cancel a sale that was never sent."))
        self.reverse_button.setEnabled(sale is not None and sale.status in (SaleStatus.CONFIRMED,
                                                                            SaleStatus.REVERSAL_REFUSED))
        self.reverse_button.setToolTip(self.tr("A manager can reverse a confirmed sale within its time window; "
                                               "the server decides."))

    # --- session and loading ---

    def set_session(self, actor: Actor | None, region: str, timezone: str, locale_name: str) -> None:
        self.actor = actor
        self.viewer = None
        self.region = region
        self.locale_name = locale_name
        for m in (self.model, self.attention_model):
            m.timezone = timezone
            m.locale = locale_name
        self.jobs_panel.set_timezone(timezone)
        self.alerts_panel.set_timezone(timezone, locale_name)
        self.all_button.setChecked(False)

    def enter(self) -> None:
        """Shown by the window: fresh data, search focused."""
        self.viewer = None
        self.all_button.setChecked(False)
        self.search.setFocus()
        self.reload()

    def leave(self) -> None:
        self.viewer = None  # a manager's approval does not outlive the screen
        self.all_button.setChecked(False)

    def reload(self) -> None:
        viewer = self.viewer or self.actor
        if viewer is None:
            return
        all_clerks = self.all_button.isChecked()
        self.loading = True
        self.runner.run(self.app.sales.history, viewer, self.settings.get(opt.QUEUED_ATTENTION_MINUTES),
                        all_clerks, owner=self, name="history.load", on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, data: HistoryData) -> None:
        self.loading = False
        self.data = data
        keep = self._selected_sale()  # a reload (Refresh, or the sync moved on) keeps the clerk's line
        self.model.set_sales(data.today)
        attention = data.attention
        self.attention_model.set_items(attention)
        self.title.setText(self.tr("Today's sales — every clerk") if data.all_clerks else self.tr("Today's sales"))
        self._count_attention()
        self.jobs_panel.load(self.viewer or self.actor)
        self.alerts_panel.load(self.viewer or self.actor)
        rows = range(self.model.rowCount())
        row = next((r for r in rows if keep is not None and self.model.sale(r).id == keep.id), 0)
        if self.model.rowCount():
            self.table.selectRow(row)
            self._selected(self.model.index(row, 0), QModelIndex())  # same row, new data: describe it again
        else:
            self._selected(QModelIndex(), QModelIndex())

    def _count_attention(self) -> None:
        """The tab counts sales and receipts; "nothing" is said plainly, not in a warning box."""
        sales, jobs = len(self.attention_model.items), self.jobs_panel.model.rowCount()
        jobs += self.alerts_panel.shown.count  # till-points: the server's alerts count like receipts
        self.tabs.setTabText(1, self.tr("Needs attention (%1)").replace("%1", str(sales + jobs)))
        self.attention.setVisible(bool(sales) or not jobs)
        if sales + jobs == 0:
            text, role = self.tr("Nothing needs your attention."), "muted"
        elif sales:
            text, role = self.tr("Pick a line to see what to do."), "advice"
        else:
            text, role = "", "muted"
        if self.attention_action.property("role") != role:
            self.attention_action.setProperty("role", role)
            self.attention_action.style().unpolish(self.attention_action)
            self.attention_action.style().polish(self.attention_action)
        if role == "muted" or self.attention_action.text() in ("", self.tr("Nothing needs your attention.")):
            self.attention_action.setText(text)
        self.attention_action.setVisible(bool(text))

    def print_job_event(self, job) -> None:  # noqa: ANN001 - JobView, from the spool (issue 12)
        listed = any(j.id == job.id for j in self.jobs_panel.model.jobs)
        if job.needs_attention or listed:
            self.jobs_panel.load(self.viewer or self.actor)
        self.alerts_panel.load(self.viewer or self.actor)

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.banner.show_message(E.friendly(exc), "error")

    def _filter(self, *_args: object) -> None:
        value = self.status.currentData()
        self.model.set_filter(self.search.text(), SaleStatus(value) if value else None)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._selected(QModelIndex(), QModelIndex())

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        sale = self.model.sale(current.row()) if current.isValid() else None
        self._update_actions(sale)
        if sale is None:
            self.details.setText(self.tr("No sale matches.") if self.model._all else self.tr("No sales yet today."))
            return
        self.details.setText(self.describe(sale))
        if sale.status is SaleStatus.REVERSED and self.actor is not None:  # issue 14 (refunds)
            self.runner.run(self.app.sales.fixes_for, self.actor, sale.id, owner=self, name="history.reversal",
                            on_done=lambda fixes, s=sale: self._show_reversal(s, fixes),
                            on_error=E.logged("the reversal's outcome"))

    def _show_reversal(self, sale: SaleRecord, fixes: list) -> None:
        """Issue 14 (refunds): the final state of a reversal and what to hand back to the customer."""
        current = self._selected_sale()
        done = [f for f in fixes if f.get("kind") == "reversal" and f.get("state") == "reversed"]
        if current is None or current.id != sale.id or not done:
            return
        fix, loc, cur = done[-1], self.locale_name, sale.price.currency
        partial = fix.get("final_state") == "reversed_partial"
        rows = [(self.tr("Reversal"), self.tr("Partial (only the unspent credit)") if partial else self.tr("Full"))]
        if fix.get("recovered") is not None:
            rows.append((self.tr("Taken back"), fmt.money(Money(int(fix["recovered"]), cur), loc)))
        refund = fix.get("refund")
        rows.append((self.tr("Refund to customer"),
                     fmt.money(Money(int(refund), cur), loc) if refund is not None else fmt.money(sale.price, loc)))
        if fix.get("reason_code"):
            from .reverse_dialog import reason_names
            rows.append((self.tr("Reason"), reason_names().get(fix["reason_code"], fix["reason_code"])))
        body = "".join(f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(k)}</td>"
                       f"<td><b>{escape(str(v))}</b></td></tr>" for k, v in rows)
        self.details.setText(self.describe(sale).replace("</table>", body + "</table>"))

    def describe(self, s: SaleRecord) -> str:
        loc = self.locale_name
        rows = [
            (self.tr("Receipt"), s.receipt_no),
            (self.tr("Time"), fmt.local_time(s.created_at, self.model.timezone, "%Y-%m-%d %H:%M:%S")),
            (self.tr("Status"), status_name(s.status)),
            (self.tr("Number"), fmt.msisdn_display(s.msisdn, self.region)),
            (self.tr("Top-up"), f"{s.operator_code} · {s.product_name}"),
            (self.tr("Amount"), fmt.money(s.face, loc)),
            (self.tr("Bonus"), fmt.money(s.bonus, loc) if s.bonus.amount else self.tr("none")),
            (self.tr("Paid"), fmt.money(s.price, loc)),
        ]
        if s.tendered is not None:
            rows.append((self.tr("Cash / change"), f"{fmt.money(s.tendered, loc)} / {fmt.money(s.change, loc)}"))
        if s.payment_reference:
            rows.append((self.tr("Reference"), s.payment_reference))
        if s.server_ref:
            rows.append((self.tr("Server ref"), s.server_ref))
        if s.status is SaleStatus.DISPUTED:  # issue 11: not a refusal; the server's own answer
            rows.append((self.tr("Server's answer"), s.reject_message or s.reject_code or ""))
        elif s.reject_code or s.reject_message:
            rows.append((self.tr("Refused because"), s.reject_message or s.reject_code or ""))
        if s.voucher_serial:
            rows.append((self.tr("Voucher serial"), s.voucher_serial))
        rows.append((self.tr("Payment"), {"cash": self.tr("Cash"), "card": self.tr("Card"),
                                          "mobile_money": self.tr("Mobile money"),
                                          "points": self.tr("Points")}.get(s.payment_method.value, "")))
        rows.append((self.tr("Clerk"), s.clerk_name))
        body = "".join(f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(k)}</td>"
                       f"<td><b>{escape(str(v))}</b></td></tr>" for k, v in rows)
        return f"<table>{body}</table>"

    def _attention_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.attention_model.items):
            return
        problem, action = attention_text(self.attention_model.items[current.row()], self.locale_name)
        self.attention_action.setText(f"<b>{escape(problem)}</b><br>{escape(action)}")

    # --- manager-only: every clerk's sales ---

    def _toggle_all(self, checked: bool) -> None:
        if not checked:
            self.viewer = None
            self.reload()
            return
        if self.actor is not None and self.actor.can(Permission.VIEW_ALL_SALES):
            self.reload()
            return
        self.all_button.setChecked(False)  # only after approval
        self.ask_approval(Permission.VIEW_ALL_SALES, self.tr("Show every clerk's sales on this till."),
                          self._all_approved, reason_required=False)

    def ask_approval(self, permission: Permission, action: str, then, reason_required: bool = True) -> ApprovalDialog:  # noqa: ANN001
        self.dialog = ApprovalDialog(self.app, self.runner, permission, action, self,
                                     reason_required=reason_required)
        self.dialog.approved.connect(then)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        self.dialog.user.setFocus()
        return self.dialog

    def _dialog_closed(self, _result: int) -> None:
        self.window().activateWindow()
        self.search.setFocus()

    def _all_approved(self, approval: Approval) -> None:
        self.last_approval = approval
        self.viewer = approval.approver
        self.all_button.setChecked(True)
        self.reload()

    def _selected_sale(self) -> SaleRecord | None:
        return self.model.sale(self.table.currentIndex().row())

    def _reprint(self) -> None:
        sale = self._selected_sale()
        if sale is None or self.actor is None:
            return
        self.runner.run(self.app.reprint, self.actor, sale.id, owner=self, name="reprint",
                        on_done=self._reprinted, on_error=lambda exc: self.banner.show_message(E.friendly(exc), "error"))

    def _reprinted(self, result) -> None:  # noqa: ANN001 - pos_app.application.reprint.ReprintResult
        text = self.tr("Sent to the printer.")
        if result.pin_withheld:
            text += " " + self.tr("The voucher PIN is not printed on a clerk's copy: ask a manager.")
        self.banner.show_message(text, "info", 6000)

    def _cancel(self) -> None:
        sale = self._selected_sale()
        if sale is None or self.actor is None:
            return

        def approved(approval: Approval) -> None:
            self.last_approval = approval
            self.runner.run(self.app.cancel_queued, self.actor, sale.id, approver=approval.approver,
                            reason=approval.reason, owner=self, name="cancel_queued", on_done=lambda _r: self.reload(),
                            on_error=lambda exc: self.banner.show_message(E.friendly(exc), "error"))

        self.ask_approval(Permission.CANCEL_SALE, self.tr("Cancel sale %1 before it is sent.").replace(
            "%1", sale.receipt_no), approved)

    def _reverse(self) -> None:
        """Issue 14 (refunds): the reverse dialog shows the refund policy and what would be taken
        back, with the reason code and one or two managers' approval."""
        sale = self._selected_sale()
        if sale is None or self.actor is None:
            return
        from .reverse_dialog import ReverseDialog

        def approved(a) -> None:  # noqa: ANN001 - reverse_dialog.ReversalApproval
            self.last_approval = a
            self.runner.run(self.app.reverse, self.actor, sale.id, approver=a.approver, reason=a.reason,
                            reason_code=a.reason_code, second_approver=a.second_approver,
                            allow_partial=a.allow_partial, owner=self, name="reverse", on_done=self._reversal_sent,
                            on_error=lambda exc: self.banner.show_message(E.friendly(exc), "error"))

        try:
            self.dialog = ReverseDialog(self.app, self.runner, self.actor, sale, self,
                                        timezone_name=self.model.timezone, locale_name=self.locale_name)
        except Exception as exc:  # noqa: BLE001 - e.g. the sale vanished; say so, never crash
            self.banner.show_message(E.friendly(exc), "error")
            return
        self.dialog.confirmed.connect(approved)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        self.dialog.reason_code.setFocus()

    def _reversal_sent(self, _record: SaleRecord) -> None:
        self.banner.show_message(self.tr("Reversal sent. The server's answer shows here as soon as it arrives "
                                         "(Refresh)."), "info", 8000)
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.search.hasFocus() and self.search.text():
                self.search.clear()
            else:
                self.back_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
