"""Points as a payment, from the till to a real pos-server process (issue 14 item 2): the sale goes the
normal record + outbox + fast path; the server checks the balance at ingest, a points-paid sale earns
no points, and a sale the balance cannot pay is refused (points_insufficient) with nothing charged."""
from __future__ import annotations

from pos_app.domain.sale import SaleRequest, SaleStatus
from support.server import server_url  # noqa: F401  (fixture)

from test_fixes_server import server_rows, till  # noqa: F401  (fixture)

NUMBER = "+254712340099"


def _points(server) -> list[tuple[str, int]]:  # noqa: ANN001
    return [(r[0], int(r[1])) for r in server_rows(
        server, "SELECT p.id, e.amount FROM entries e JOIN postings p ON p.id = e.posting_id "
                "WHERE e.account_id = :a ORDER BY e.id", a=f"points:{NUMBER}")]


def test_points_sale_confirmed_earns_nothing_and_a_short_balance_is_refused(till) -> None:  # noqa: ANN001, F811
    svc, engine, server = till
    clerk = svc.auth.login("alice", "1234")
    for face in (50_000, 40_000):  # Ksh900 of cash top-ups: 90 points at 1 point per Ksh10
        assert svc.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", face, "cash", face)).sale.status is SaleStatus.CONFIRMED
    assert sum(a for _, a in _points(server)) == 90
    svc.customer.lookup(NUMBER)  # the panel's view, kept: 90 points

    quote = svc.points_pay.quote(NUMBER, svc.sell.price("SAF-AIRTIME", 5_000))
    assert (quote.cost, quote.balance, quote.offline, quote.allowed) == (50, 90, False, True)
    paid = svc.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 5_000, "points")).sale
    assert (paid.status, paid.payment_method.value) == (SaleStatus.CONFIRMED, "points")
    moves = _points(server)
    assert (f"points-redeem:{paid.id}", -50) in moves
    assert not any(pid == f"points:{paid.id}" for pid, _ in moves)  # a points-paid sale earns none
    assert sum(a for _, a in moves) == 40
    assert svc.customer.receipt_lines(paid)[:2] == ("Points spent: 50", "Points earned: 0")

    short = svc.sell(clerk, SaleRequest(NUMBER, "SAF-AIRTIME", 10_000, "points")).sale  # 100 points, 40 held
    assert (short.status, short.reject_code) == (SaleStatus.REJECTED, "points_insufficient")
    assert sum(a for _, a in _points(server)) == 40  # nothing charged
    assert server.cli("ledger-check").returncode == 0
