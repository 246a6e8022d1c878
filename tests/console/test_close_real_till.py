"""A real till's Z report (pos_app's own close_day, sent by its sync engine with its totals) is
shown on the console's terminal page with the server's verdict, the same one the till stores."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "application"))

from sqlalchemy import create_engine, text  # noqa: E402

from support.console import ROOT  # noqa: E402
from support.server import server_url  # noqa: E402,F401  (fixture)
from test_fixes_server import sell, till  # noqa: E402,F401  (fixture)

from prepaid_server.services import terminal_desk  # noqa: E402
from prepaid_server.services.context import open_context  # noqa: E402


def test_the_tills_z_and_the_console_agree(till):  # noqa: F811
    svc, engine, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    for face in (10000, 20000):
        sell(svc, clerk, face)
    engine.drain()
    z = svc.close_day(manager)
    engine.drain()
    assert svc.reports.z_report(manager, z.z_no).server_state == "matched"
    ctx = open_context(server.database_url)
    with create_engine(server.database_url).connect() as conn:
        terminal_id = conn.execute(text("SELECT id FROM terminals")).scalars().first()
    close = terminal_desk.page(ctx, ROOT, terminal_id).closes[0]
    assert close.z_no == z.z_no and close.matched is True and close.client is not None
    assert close.server["face"] == 30000 and close.client["face"] == 30000
