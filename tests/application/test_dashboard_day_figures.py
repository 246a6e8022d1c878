"""Issue 12: the dashboard reads closed days from the figures their Z stored (migration 0009) and
scans only the open day; its figures must equal a full scan, for days with stored figures, days
without (never closed, or stale after a sale left the takings), and quiet days."""
from __future__ import annotations

import sqlite3

from pos_app.domain.roles import LOCAL_ADMIN

from test_reports import confirm, forever, sell


def same(a, b):  # noqa: ANN001, ANN201
    assert a.day == b.day
    assert [(d, t.as_dict()) for d, t in a.days] == [(d, t.as_dict()) for d, t in b.days]
    assert a.hourly_avg_price == b.hourly_avg_price
    assert a.today.as_dict() == b.today.as_dict()
    return a


def stored_days(services):  # noqa: ANN001, ANN201
    conn = sqlite3.connect(services.db.db_path)
    try:
        return dict(conn.execute("SELECT business_day, stale FROM day_figures").fetchall())
    finally:
        conn.close()


def test_dashboard_from_stored_day_figures_equals_a_full_scan(services, clerk, manager, clock):
    clerk, manager = forever(clerk), forever(manager)
    carried = None
    for n in range(9):
        if n == 3:
            clock.advance(days=1)  # a quiet day: no sales, closed by the next Z
            continue
        for k in range(n + 2):
            sale = sell(services, clerk if k % 2 else manager, face=5000 + 1000 * k,
                        method="card" if k % 3 == 0 else "cash")
            if n == 5 and k == 0:
                carried = sale  # stays QUEUED: the Z carries it over
            elif not (n == 7 and k == 1):  # day 7 is left open: scanned live
                confirm(services, sale.id, "rejected" if k == 2 else "accepted")
        if n in (0, 2, 4, 5, 6):
            services.close_day(manager, day=clock.now().date().isoformat(), carry_over=(n == 5),
                               reason="server down" if n == 5 else "")
        clock.advance(days=1)
    clock.advance(days=-1)
    # the carried-over sale is rejected after its day closed: that day's figures go stale
    before = stored_days(services)
    confirm(services, carried.id, "rejected")
    after = stored_days(services)
    stale_day = [d for d, s in after.items() if s and not before[d]]
    assert len(stale_day) == 1
    assert len(after) >= 5 and sum(1 for s in after.values() if not s) >= 4  # the quiet day has its empty row too

    board = same(services.reports.dashboard(manager), services.reports.dashboard(manager, stored=False))
    assert board.today.takings.count > 0
    assert sum(t.count for _, t in board.days) > 0
    for back in range(1, 5):  # the dashboard of an earlier day too (its "today" is a closed day)
        day = board.days[-back][0]
        same(services.reports.dashboard(LOCAL_ADMIN, day), services.reports.dashboard(LOCAL_ADMIN, day, stored=False))


def test_day_figures_are_written_in_the_z_transaction(services, clerk, manager, clock):
    clerk, manager = forever(clerk), forever(manager)
    sell(services, clerk)
    z = services.close_day(manager, carry_over=True, reason="offline")
    conn = sqlite3.connect(services.db.db_path)
    try:
        rows = conn.execute("SELECT business_day, z_no, hours, stale FROM day_figures").fetchall()
    finally:
        conn.close()
    assert len(rows) == 1 and rows[0][0] == z.last_day and rows[0][1] == z.z_no and rows[0][3] == 0
    assert '"10000' in rows[0][2] or ",10000," in rows[0][2]
