"""Issue 12: the sale screen's side column (summary, customer panel, number pad) never overlaps, at
1024×600, 1280×800 and 1920×1080, with the number pad shown and a full customer panel."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from topup_core.money import Money
from topup_core.suggestions import RepeatLast as Last
from topup_core.suggestions import Suggestions
from pos_app.application.consent import Consent
from pos_app.application.customer import Bucket, CustomerView, Loyalty, RepeatLast, TopUp, UsageTotal

from ui_helpers import login, type_in, wait_idle

DAY = 86_400_000
NOW_MS = 1_795_000_000_000


def full_view(msisdn: str) -> CustomerView:
    last = Last(face=50_000, at_ms=NOW_MS - DAY, operator="SAF", product="SAF-AIRTIME")
    return CustomerView(
        msisdn=msisdn, source="server", as_of_ms=NOW_MS, currency="KES",
        buckets=(Bucket("bonus", 30_000, "KES", "2027-01-03T00:00:00+00:00", 1),
                 Bucket("main", 440_000, "KES", None, 2), Bucket("data", 1024, "MB", "2027-01-03T00:00:00+00:00", 3)),
        recent=tuple(TopUp(50_000 if i % 2 else 20_000, 0, NOW_MS - i * DAY, "SAF", False, True, None) for i in range(4)),
        loyalty=Loyalty(440, "gold", "Gold", "platinum", "Platinum", 560, 1_060_000, NOW_MS + 30 * DAY, 100,
                        NOW_MS + 900 * DAY, 44_000),
        suggestions=Suggestions([20_000, 50_000, 250_000], ["usual", "recent", "popular"], last, 7, NOW_MS + 6 * DAY,
                                50_000),
        repeat=RepeatLast(msisdn, "SAF", "SAF-AIRTIME", Money(50_000, "KES")),
        offers=("Double bonus on Fridays", "Safaricom bonanza: top up 100, get 5 free", "Gold weekly"),
        usage=(UsageTotal("voice", 13 * 60, 2_417), UsageTotal("data", 35 * 1024 * 1024, 1_750),
               UsageTotal("sms", 3, 300)))


def rect_in(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", [(1024, 600), (1280, 800), (1920, 1080)])
def test_side_column_never_overlaps(qtbot, window, size) -> None:  # noqa: ANN001
    window.resize(*size)
    login(qtbot, window)
    type_in(qtbot, "sale.msisdn", "0712345670", enter=False)
    wait_idle(qtbot, window)
    window.sale.customer.show_view(full_view("+254712345670"))
    qtbot.wait(50)
    side = window.sale.side
    assert side.numpad.isVisible()
    keys = [b for b in side.numpad.findChildren(QPushButton) if b.isVisible()]
    assert len(keys) == 13
    rects = [rect_in(k, side) for k in keys]
    for i, a in enumerate(rects):
        assert keys[i].height() >= keys[i].minimumSizeHint().height(), (size, keys[i].objectName())
        for j, b in enumerate(rects[i + 1:], i + 1):
            assert not a.intersects(b), (size, keys[i].objectName(), keys[j].objectName())
    pad = rect_in(side.numpad, side)
    info = rect_in(side.info, side)
    assert not pad.intersects(info), (size, pad, info)
    assert side.rect().contains(pad) and side.rect().contains(info)
    # the summary is never cut, and what does not fit in the info area scrolls (nothing hidden for good)
    body = side.info.widget()
    assert body.height() >= body.minimumSizeHint().height()
    if size != (1024, 600):
        assert side.info.viewport().height() >= side.findChild(QWidget, "sale.summary").height()
    assert window.sale.customer.width() <= side.info.viewport().width()
    # the side column stays within the screen and beside the step, not over it
    assert rect_in(side, window).right() <= window.width()
    assert not rect_in(window.sale.pages, window).intersects(rect_in(side, window))


@pytest.mark.parametrize("pad", [True, False])
@pytest.mark.parametrize("size", [(1024, 600), (1280, 800), (1920, 1080)])
def test_merged_customer_panel_has_no_overlap(qtbot, window, size, pad) -> None:  # noqa: ANN001
    """Issue 12 (polish): the merged panel (usage line, SMS-reminder consent row, offers with
    reasons, suggestions, repeat) lays out with no two of its parts over each other and nothing
    cut at its right or bottom edge, with the number pad shown or hidden."""
    window.resize(*size)
    login(qtbot, window)
    window.sale.side.numpad.setVisible(pad)
    type_in(qtbot, "sale.msisdn", "0712345670", enter=False)
    wait_idle(qtbot, window)
    panel = window.sale.customer
    panel.show_view(full_view("+254712345670"))
    panel._show_consent(Consent("+254712345670", True, NOW_MS - DAY, "Alice Wanjiru", True))
    qtbot.wait(50)
    for key in ("customer.usage", "customer.offers", "customer.reminders", "customer.remindersState"):
        assert panel.findChild(QWidget, key).isVisible(), (size, key)
    assert panel.usage.text().startswith("Last 7 days: voice")
    parts = [w for w in panel.findChildren(QWidget) if w.isVisible() and w.parentWidget() is panel]
    inner = panel.contentsRect()
    rects = [rect_in(w, panel) for w in parts]
    for i, a in enumerate(rects):
        w = parts[i]
        assert inner.contains(a), (size, pad, w.objectName(), a, inner)  # nothing cut at the card's edges
        if isinstance(w, QLabel) and w.text():
            need = w.heightForWidth(w.width()) if w.wordWrap() else w.sizeHint().height()
            assert w.height() >= need, (size, pad, w.objectName(), w.height(), need)  # wrapped lines not squeezed
        elif w is not panel.progress:  # (the progress bar is a thin 8 px line on purpose)
            assert w.height() >= w.minimumSizeHint().height(), (size, pad, w.objectName())
        for j in range(i + 1, len(rects)):
            assert not a.intersects(rects[j]), (size, pad, w.objectName(), parts[j].objectName())
    # the consent checkbox shows its whole text
    box = panel.reminders
    assert box.width() >= box.sizeHint().width(), (size, pad, box.width(), box.sizeHint())
    # the whole panel can be scrolled into view: the info area's body is as tall as it needs
    body = window.sale.side.info.widget()
    assert body.height() >= body.minimumSizeHint().height()
