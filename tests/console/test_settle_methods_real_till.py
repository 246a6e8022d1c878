"""Issue 16 item 6: settlement by payment method as the terminals' day closes reported them.

A real till (pos_app Runtime) sells cash and mobile money, closes the day with a Z sent by its sync
engine to a real server process; the settlement shows the Z's methods beside the server's. A close
whose methods disagree with the server's recompute is named; a terminal that has not closed is listed."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from pos_app.application.clock import FixedClock
from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime
from prepaid_server.services import settlement
from prepaid_server.services.context import open_context
from prepaid_server.services.settlement_pdf import to_pdf
from support.console import ROOT
from support.server import server_on

_n = iter(range(10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def till(request, tmp_path):  # noqa: ANN001, ANN201
    with server_on(request.param, tmp_path) as server:
        svc = Runtime.open(tmp_path / "pos", clock=FixedClock(datetime.now(timezone.utc)))
        svc.setup.seed_demo()
        svc.enroll(server.url, server.enrollment_code, "Till 1")
        svc.engine.pull_catalog()
        svc.engine.refresh_float()
        try:
            yield svc, server
        finally:
            svc.engine.client.close()
            svc.close()


def _sell(svc, actor, face, method):  # noqa: ANN001, ANN202
    msisdn = f"07{20000000 + next(_n) * 7919 % 79999999:08d}"
    return svc.sell.record(actor, SaleRequest(msisdn, "SAF-AIRTIME", face, method,
                                              face if method == "cash" else None,
                                              None if method == "cash" else f"MM{next(_n):06d}"))


def _ids(server):  # noqa: ANN001, ANN202
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        agent_id, code = conn.execute(text("SELECT agent_id, code FROM terminals")).first()
    engine.dispose()
    return agent_id, code


def test_z_methods_match_then_a_tampered_close_is_named(till):  # noqa: ANN001
    svc, server = till
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    agent_id, code = _ids(server)
    ctx = open_context(server.database_url)
    for face, method in ((10000, "cash"), (20000, "cash"), (15000, "mobile_money")):
        _sell(svc, clerk, face, method)
    svc.engine.drain()
    day = svc.terminal.open_day(svc.clock.now())
    before = settlement.for_agent(ctx, ROOT, agent_id, day)
    assert before.not_closed == [code] and f"not closed: {code}" in before.method_differences
    z = svc.close_day(manager)
    svc.engine.drain()
    assert z.z_no == 1
    s = settlement.for_agent(ctx, ROOT, agent_id, day)
    assert s.not_closed == [] and s.methods_matched, s.method_differences
    assert dict((m, (c, f)) for m, c, f in s.closed_methods) == {"cash": (2, 30000), "mobile_money": (1, 15000)}
    assert s.closes[0].server == {"cash": (2, 30000), "mobile_money": (1, 15000)}
    row = settlement.to_csv([s]).splitlines()[1]
    assert "cash:2:30000" in row and "mobile_money:1:15000" in row
    assert to_pdf([s]).startswith(b"%PDF")

    # the terminal's stored report says more cash than the server holds for those sales
    engine = create_engine(server.database_url)
    with engine.begin() as conn:
        cid, client = conn.execute(text("SELECT id, client_totals FROM day_closes")).first()
        tampered = json.loads(client)
        tampered["methods"]["cash"] = [2, 35000]
        conn.execute(text("UPDATE day_closes SET client_totals = :c WHERE id = :i"),
                     {"c": json.dumps(tampered), "i": cid})
    engine.dispose()
    bad = settlement.for_agent(ctx, ROOT, agent_id, day)
    assert not bad.methods_matched
    assert bad.method_differences == [f"terminal {code}: cash 350.00 reported (2 sales), 300.00 on the server (2 sales)"]
    assert "cash 350.00 reported" in settlement.to_csv([bad])
    cli = server.cli("settlement", "--day", day, "--agent", agent_id)
    assert "cash:2:35000" in cli.stdout and "cash 350.00 reported" in cli.stdout  # closed_methods, as tampered
    assert f"{agent_id} {day} methods: terminal {code}: cash 350.00 reported" in cli.stderr
