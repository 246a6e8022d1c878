"""The risk and low-float desk and customer care (issue 16)."""
from __future__ import annotations

import pytest

from support.console import ROOT, Console
from support.server import TerminalClient, unique_msisdn
from topup_core.errors import NotFound, PermissionDenied, ValidationError

from prepaid_server.services import audit, care, hierarchy, operators, risk_desk
from prepaid_server.services.context import open_context


def test_low_float_ranks_agents_and_alerts_once_per_crossing(any_server):
    ctx = open_context(any_server.database_url)
    busy = hierarchy.create_agent(ctx, ROOT, "Busy Shop")
    quiet = hierarchy.create_agent(ctx, ROOT, "Quiet Shop")
    hierarchy.deposit(ctx, ROOT, busy, 200_000)
    hierarchy.deposit(ctx, ROOT, quiet, 10_000)
    till = TerminalClient.enroll(any_server.url, any_server.issue_code(busy))
    till.catalog()
    assert all(r["status"] == "accepted" for r in till.send_batch([till.sale(face=10_000) for _ in range(12)]).json()["results"])
    # 12 x 9,400 spent in 24 h -> 4,700 an hour; 87,200 left covers 18.6 h: not low at 8 h
    low, hours = risk_desk.low_float(ctx, ROOT)
    assert hours == 8 and low == []
    risk_desk.set_low_float_hours(ctx, ROOT, 24)
    low, _ = risk_desk.low_float(ctx, ROOT)
    assert [(x.name, x.hourly_rate, x.hours_left, x.suggested_deposit) for x in low] == \
        [("Busy Shop", 4_700, 18.6, 4_700 * 48 - 87_200)]  # quiet shop sells nothing: no rate, not listed
    risk_desk.low_float(ctx, ROOT)  # looking again does not fire again
    fired = risk_desk.alerts(ctx, ROOT, rule="low_float")
    assert len(fired) == 1 and fired[0].agent_name == "Busy Shop" and fired[0].state is None
    risk_desk.handle(ctx, ROOT, fired[0].id, "escalated", "call the dealer")
    with pytest.raises(ValidationError):
        risk_desk.handle(ctx, ROOT, fired[0].id, "escalated", "")
    assert risk_desk.alerts(ctx, ROOT, state="open", rule="low_float") == []
    assert risk_desk.alerts(ctx, ROOT, state="escalated")[0].note == "call the dealer"
    before = risk_desk.rules(ctx, ROOT)[0]["daily_cap"]
    risk_desk.set_rule(ctx, ROOT, "daily_cap", "reject", 99_000)
    change = [e for e in audit.latest(ctx, 20) if e.action == "risk_rule"][0]
    assert change.subject == "daily_cap" and f'"before":["{before.action}",{before.threshold}]' in change.detail
    operators.add(ctx, ROOT, "sam", "support", "correct horse battery")
    sam = operators.login(ctx, "sam", "correct horse battery").actor
    with pytest.raises(PermissionDenied):
        risk_desk.set_rule(ctx, sam, "daily_cap", "off", 1)
    assert audit.check(ctx).ok


def test_customer_care_shows_masked_history_across_agents_and_audits_every_lookup(any_server):
    ctx = open_context(any_server.database_url)
    other = hierarchy.create_agent(ctx, ROOT, "Other Shop")
    hierarchy.deposit(ctx, ROOT, other, 100_000)
    number = unique_msisdn()
    a = TerminalClient.enroll(any_server.url, any_server.issue_code())
    b = TerminalClient.enroll(any_server.url, any_server.issue_code(other))
    for t in (a, b):
        t.catalog()
    first = a.sale(face=10_000, msisdn=number)
    a.send_batch([first])
    b.send_batch([b.sale(face=20_000, msisdn=number)])
    a.post("/api/v1/reversals", {"id": "rev-care-1", "sale_id": first["id"], "reason": "wrong number",
                                 "created_at_ms": first["created_at_ms"] + 1000})
    operators.add(ctx, ROOT, "sam", "support", "correct horse battery")
    operators.add(ctx, ROOT, "fay", "finance", "correct horse battery")
    sam = operators.login(ctx, "sam", "correct horse battery").actor
    view = care.lookup(ctx, sam, number)
    assert view.masked == number[:5] + "•" * (len(number) - 8) + number[-3:]
    assert {(t.agent_name, t.face) for t in view.top_ups} == {("Demo Agent Nairobi", 10_000), ("Other Shop", 20_000)}
    assert all(t.terminal_code for t in view.top_ups) and len(view.reversals) == 1
    assert view.main_balance == 20_000
    with pytest.raises(NotFound):
        care.lookup(ctx, sam, "+254799999999")  # never topped up: still audited
    looks = [e for e in audit.latest(ctx, 20) if e.action == "customer_lookup"]
    assert [e.actor for e in looks] == ["sam", "sam"] and number not in "".join(e.subject + e.detail for e in looks)
    fay = operators.login(ctx, "fay", "correct horse battery").actor
    with pytest.raises(PermissionDenied):
        care.lookup(ctx, fay, number)


def test_risk_and_care_pages(console):
    server, ctx = console
    c = Console(server.url)
    c.login("rik")
    page = c.get("/console/risk")
    assert page.status_code == 200 and "Low float" in page.text
    r = c.post("/console/risk/rules", {"rule": "amount_spike", "action": "flag", "threshold": "12"})
    assert r.status_code == 200 and 'value="12"' in r.text
    assert c.post("/console/risk/rules", {"rule": "amount_spike", "action": "flag", "threshold": "x"}).status_code == 422
    assert c.post("/console/risk/alerts/99999999999999999999999", {"state": "acknowledged"}).status_code in (400, 404, 422)
    assert c.post("/console/risk/alerts/12345", {"state": "acknowledged"}).status_code == 404
    assert c.get("/console/care").status_code == 403
    c.login("sam")
    assert c.get("/console/risk").status_code == 403
    assert c.get("/console/care").status_code == 200
    r = c.post("/console/care", {"msisdn": "+254700000001"})
    assert r.status_code == 404
    r = c.post("/console/care", {"msisdn": "not a number"})
    assert r.status_code == 422
