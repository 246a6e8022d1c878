"""The console's terminal page (issue 16): last contact from the last signed request, sequence
gaps, and the day closes with the server's recompute (matched / mismatch, and what differs)."""
from __future__ import annotations

from support.console import Console
from support.server import TerminalClient, unique_msisdn

from prepaid_server.services import terminal_desk
from support.console import ROOT


def _close(till, z_no, seqs, totals):  # noqa: ANN001, ANN202
    body = {"id": f"z-{till.terminal_id[:8]}-{z_no}", "z_no": z_no, "business_day": "2026-12-04",
            "closed_at_ms": 0, "currency": "KES", "seq_ranges": [[lo, hi] for lo, hi in seqs]}
    if totals is not None:
        body["client_totals"] = totals
    r = till.post("/api/v1/closes", body)
    assert r.status_code == 200, r.text
    return r.json()


def test_day_closes_with_recompute_last_contact_and_gaps(console):
    server, ctx = console
    till = TerminalClient.enroll(server.url, server.issue_code())
    till.catalog()
    sales = [till.sale(face=10_000, msisdn=unique_msisdn()) for _ in range(4)]
    assert all(r["status"] == "accepted" for r in till.send_batch([sales[0], sales[1], sales[3]]).json()["results"])
    # Z1: the terminal's totals agree with the server's for sales 1-2
    answer = _close(till, 1, [(1, 2)], None)
    totals = answer["settled"]
    _close(till, 1, [(1, 2)], totals)
    # Z2: the terminal counts sale 3, which never reached the server, and claims a wrong face
    _close(till, 2, [(3, 4)], {**totals, "face": 25_000})
    # Z3: no totals at all (an older terminal)
    _close(till, 3, [(4, 4)], None)

    page = terminal_desk.page(ctx, ROOT, till.terminal_id)
    by_z = {c.z_no: c for c in page.closes}
    assert by_z[1].matched is True and by_z[1].differences == [] and by_z[1].server["count"] == 2
    assert by_z[2].matched is False
    assert "face: terminal 25000, server 10000" in by_z[2].differences  # only sale 4 reached the server
    assert any("never received: 3" in d for d in by_z[2].differences)
    assert by_z[3].matched is None
    assert page.terminal.last_contact_ms is not None and page.missing == [3] and page.gap_count == 1

    ann = Console(server.url)
    ann.login("ann")
    r = ann.get(f"/console/terminals/{till.terminal_id}")
    assert r.status_code == 200
    assert 'id="last-contact">never' not in r.text and "mismatch" in r.text and "matched" in r.text
    assert "never received: 3" in r.text


def test_the_cli_disables_through_the_audited_console_use_case(ctx):
    import pytest
    from topup_core.errors import NotFound, PermissionDenied

    from prepaid_server.services import admin, audit, enrollment, operators, terminals_admin

    seeded = admin.seed_demo(ctx)
    t = enrollment.enroll(ctx, str(seeded["enrollment_code"]), "Till")
    row = terminals_admin.set_disabled(ctx, t.terminal_id, True)
    assert row.disabled and row.code == t.terminal_code
    assert terminal_desk.page(ctx, ROOT, t.terminal_id).terminal.disabled
    event = [e for e in audit.latest(ctx, 10) if e.action == "terminal_disable"][0]
    assert event.actor.startswith("cli:") and event.subject == t.terminal_id
    terminals_admin.set_disabled(ctx, t.terminal_id, False)
    assert [e.action for e in audit.latest(ctx, 1)] == ["terminal_enable"]
    with pytest.raises(NotFound):
        terminals_admin.set_disabled(ctx, "0" * 36, True)
    operators.add(ctx, ROOT, "sam", "support", "correct horse battery")
    sam = operators.login(ctx, "sam", "correct horse battery").actor
    with pytest.raises(PermissionDenied):
        terminals_admin.set_disabled(ctx, t.terminal_id, True, actor=sam)
    assert audit.check(ctx).ok


def test_settlement_one_scan_gives_the_figures_of_the_five_reads(any_server):
    """`day_sales` + `ledger_day` (one scan each) against the five reads they replace, with sales
    spread over the day's hours (floor division in SQL, on SQLite and PostgreSQL)."""
    from sqlalchemy import create_engine, text

    from prepaid_server.domain import ledger
    from prepaid_server.services.context import open_context
    from prepaid_server.services.settlement import day_bounds
    from datetime import datetime, timezone

    till = TerminalClient.enroll(any_server.url, any_server.issue_code())
    till.catalog()
    till.send_batch([till.sale(face=1_000 * (i + 1), msisdn=unique_msisdn()) for i in range(6)])
    start, end = day_bounds(datetime.now(timezone.utc).date())
    db = create_engine(any_server.database_url)
    with db.begin() as conn:  # received at 00:00:00, 00:59:59.999, 01:00, 05:30, 12:00, 23:59:59.999
        for seq, offset in zip(range(1, 7), (0, 3_599_999, 3_600_000, 19_800_000, 43_200_000, 86_399_999)):
            conn.execute(text("UPDATE sales SET received_at_ms = :t WHERE terminal_id = :id AND seq = :s"),
                         {"t": start + offset, "id": till.terminal_id, "s": seq})
    db.dispose()
    ctx = open_context(any_server.database_url)
    agent = any_server.agent_id
    account = ledger.float_account(agent)
    with ctx.uow() as uow:
        s = uow.settlement
        totals, methods, hours = s.day_sales(agent, start, end)
        assert totals == s.sales(agent, start, end) and methods == s.payment_methods(agent, start, end)
        assert hours == s.hourly_face(agent, start, end)
        assert [h for h in hours if h] == [1_000 + 2_000, 3_000, 4_000, 5_000, 6_000]
        assert hours[0] == 3_000 and hours[23] == 6_000
        moves, t_in, t_out = s.ledger_day(account, start, end)
        assert moves == s.float_movements(account, start, end) and (t_in, t_out) == s.transfer_totals(account, start, end)
