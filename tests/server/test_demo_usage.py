"""issue 15: `pos-app --demo` gives its customers a real usage breakdown: top-ups from a demo web
shop, then a small simulation through the embedded server's charging API (sweeper running)."""
from __future__ import annotations

from prepaid_server.embedded import DEMO_CUSTOMERS, seed_demo_usage, start_server
from prepaid_server.services import charging, ledger_check
from prepaid_server.services.context import open_context


def test_demo_customers_have_a_breakdown(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    with start_server(url) as handle:
        first = seed_demo_usage(url, handle.url, hours=2)
        assert first["report"]["errors"] == 0
        assert seed_demo_usage(url, handle.url)["skipped"]  # idempotent
        ctx = open_context(url)
        for number in DEMO_CUSTOMERS:
            view = charging.usage(ctx, number, 1)
            assert view.lines, number
        assert ledger_check.check(ctx).ok
        assert handle._sweeper is not None
