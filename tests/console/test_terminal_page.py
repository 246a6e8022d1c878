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
