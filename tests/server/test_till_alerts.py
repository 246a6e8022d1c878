"""The till's "Needs attention" from a real pos-server process (issues 14/15, till-points), on SQLite
and PostgreSQL: the float reply carries this agent's open alerts, each explaining itself, and a
low-float warning with a suggested top-up; an alert acknowledged from the till (signed) leaves the
list, is recorded like the desk's and audited; another agent's alert cannot be touched."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from prepaid_server.services.till_alerts import explain
from support.server import TerminalClient, server_on


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request, tmp_path):  # noqa: ANN001, ANN201
    with server_on(request.param, tmp_path) as server:
        yield server


def _sql(server, sql: str, **params):  # noqa: ANN001, ANN202
    engine = create_engine(server.database_url)
    with engine.begin() as conn:
        rows = conn.execute(text(sql), params).all() if sql.lstrip().upper().startswith("SELECT") else \
            conn.execute(text(sql), params)
    engine.dispose()
    return rows


def test_alerts_explained_low_float_and_acknowledged_from_the_till(any_server) -> None:  # noqa: ANN001
    server = any_server
    till = TerminalClient.enroll(server.url, server.enrollment_code)
    number = "+254712999077"
    results = till.send_batch([till.sale(msisdn=number, face=20_000) for _ in range(5)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * 5

    reply = till.get("/api/v1/float").json()
    assert {"currency", "balance", "available", "allowance"} <= set(reply)  # still the float reply
    repeats = [a for a in reply["alerts"] if a["rule"] == "repeat_msisdn"]
    assert len(repeats) == 4  # the 2nd..5th top-up of the number, newest first
    assert repeats[0]["explanation"] == "5th top-up of the same number in 10 minutes"
    assert repeats[-1]["explanation"] == "2nd top-up of the same number in 10 minutes"
    assert repeats[0]["msisdn_masked"] and number not in json.dumps(reply)  # masked, never in full

    # Low float: mark the shop's cover high enough that its float is short of it.
    rate = 5 * 20_000  # one trading hour took at most Ksh1,000 of float (less the commission)
    available = reply["available"] + reply["allowance"]["remaining"]
    hours = min(720, available // (rate // 2) + 2)
    _sql(server, "INSERT INTO console_settings (key, value) VALUES ('low_float_hours', :h)", h=hours)
    low = till.get("/api/v1/float").json()["low_float"]
    assert low is not None and low["mark_hours"] == hours and low["hours_left"] < hours
    assert low["suggested_topup"] > 0 and low["suggested_topup"] % 10_000 == 0  # whole Ksh100s
    assert low["suggested_topup"] + low["available"] >= low["hourly_rate"] * 2 * hours
    assert "typical sales" in low["explanation"] and "Top up about KES" in low["explanation"]

    # Acknowledged from the till: gone from the list, recorded with the clerk, audited, once.
    first = repeats[0]["id"]
    r = till.post(f"/api/v1/alerts/{first}/acknowledge", {"clerk": "Mary Manager"})
    assert r.status_code == 200 and r.json() == {"id": first, "state": "acknowledged"}
    assert till.post(f"/api/v1/alerts/{first}/acknowledge", {"clerk": "Mary Manager"}).status_code == 200
    after = till.get("/api/v1/float").json()["alerts"]
    assert first not in [a["id"] for a in after] and len(after) == len(reply["alerts"]) - 1
    state = _sql(server, "SELECT state, actor FROM risk_alert_states WHERE alert_id = :i", i=first)
    assert state[0][0] == "acknowledged" and state[0][1].endswith(": Mary Manager")
    audits = _sql(server, "SELECT actor FROM server_audit WHERE action = 'alert_acknowledged' AND subject = :s",
                  s=str(first))
    assert len(audits) == 1

    # Bad input and another agent's alert: a clear 4xx, nothing changed.
    assert till.post(f"/api/v1/alerts/{first}/acknowledge", {"clerk": ""}).status_code == 422
    assert till.post("/api/v1/alerts/999999/acknowledge", {"clerk": "x"}).json()["code"] == "alert_unknown"
    other_agent = server.cli("create-agent", "Other shop").stdout.strip()
    other = TerminalClient.enroll(server.url, server.issue_code(other_agent))
    second = repeats[1]["id"]
    refused = other.post(f"/api/v1/alerts/{second}/acknowledge", {"clerk": "Eve"})
    assert refused.status_code == 404 and refused.json()["code"] == "alert_unknown"
    assert other.get("/api/v1/float").json()["alerts"] == []
    assert second in [a["id"] for a in till.get("/api/v1/float").json()["alerts"]]


def test_each_alert_explains_itself() -> None:
    assert explain("low_balance", "0712***077 balance 300 fell below 5000", "KES") == \
        "Your customer 0712***077's balance fell to KES3, below KES50: offer a top-up"
    assert explain("usage_spike", "0712***077 spent 9000 this hour, norm 500/h", "KES").startswith(
        "Your customer 0712***077 used KES90 of credit in the last hour")
    assert explain("daily_cap", "terminal day total 60000000 above cap 50000000", "KES") == \
        "Today's top-ups at this till reached KES600,000, above the daily cap of KES500,000"
    assert explain("amount_spike", "face 500000 above 10x median 20000", "KES") == \
        "A KES5,000 top-up: more than 10× this till's usual KES200"
    assert explain("repeat_msisdn", "same number topped up within 120 s", "KES", 11) == \
        "11th top-up of the same number in 10 minutes"
    assert explain("something_new", "as stored", "KES") == "as stored"


def test_a_low_balance_from_charging_reaches_the_agent_who_sold_the_last_top_up(tmp_path) -> None:  # noqa: ANN001
    """Issue 15 item 4: real charging (voice sessions) takes a customer's balance below the mark; the
    alert goes to the agent whose terminal sold the last top-up, explained, in its float reply."""
    from charging_support import world
    from prepaid_server.services import charging, till_alerts
    from prepaid_server.services.charging import OpenRequest, UpdateRequest

    w = world(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    number = "+254712999088"
    w.top_up(number, 10_000)
    for i in range(7):  # 7 x 3 min of voice: the balance falls below the 5,000 mark once
        charging.open_session(w.ctx, w.client, OpenRequest(f"v{i}", 0, number, "voice", 180))
        charging.update_session(w.ctx, w.client, f"v{i}", UpdateRequest(1, 180), final=True)
    _view, alerts, _low = till_alerts.float_status(w.ctx, w.terminal)
    low = [a for a in alerts if a.rule == "low_balance"]
    assert len(low) == 1
    assert low[0].explanation.startswith("Your customer ") and "below KES50: offer a top-up" in low[0].explanation
    assert number not in low[0].explanation
