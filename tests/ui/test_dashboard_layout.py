"""Issue 12: the dashboard's lists lay out label / bar / value columns that never overlap (at 1024x600
and 1920x1080), operators show by name, and "Last 7 days" includes today."""
from __future__ import annotations

import pytest

from ui_helpers import login, record, wait_idle


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_dashboard_columns_never_overlap_and_name_the_operators(qtbot, window, services, size) -> None:  # noqa: ANN001
    login(qtbot, window)
    record(services)
    window.resize(*size)
    window._enter_manager(services.auth.login("mary", "9876"), 0)
    wait_idle(qtbot, window)
    qtbot.wait(50)
    dash = window.manager.dashboard
    assert dash.lists["operator"].rows[0][0] == "Safaricom"  # a name, not SAF
    assert dash.lists["days"].rows[-1][0] == "Today" and len(dash.lists["days"].rows) == 7
    bars = dash.lists["product"]
    bars.set_rows([("A product with a very long name indeed, longer than any column", 12_345_678,
                    "Ksh123,456.78 · 1234"), ("Short", 1, "Ksh0.01 · 1")])
    for key, bar_list in dash.lists.items():
        label_w, bar_x, bar_max, value_x = bar_list.columns()
        widest = max(bar_list.fontMetrics().horizontalAdvance(t) for _, _, t in bar_list.rows)
        assert label_w <= bar_x and bar_x + bar_max < value_x, key
        assert value_x + widest <= bar_list.width(), key  # the value is never cut
        assert bar_max >= bar_list.MIN_BAR or bar_list.width() < 120, key
