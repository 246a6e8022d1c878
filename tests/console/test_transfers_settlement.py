"""Float transfers (properties, PostgreSQL races with sales) and settlement (issue 16)."""
from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support.console import ROOT
from support.server import TerminalClient, postgres_database, run_cli
from topup_core.errors import Conflict, DomainError, ValidationError

from prepaid_server.services import audit, hierarchy, ledger_check, settlement
from prepaid_server.services.context import open_context


def _floats(ctx, *agents):  # noqa: ANN001, ANN002, ANN202
    return [hierarchy.agent_page(ctx, ROOT, a, history=0).agent.balance for a in agents]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):  # noqa: ANN001, ANN201
    """One dealer with two retailers (the property test reuses them: the database keeps growing,
    the invariants must hold at every step)."""
    ctx = open_context(f"sqlite:///{tmp_path_factory.mktemp('tree') / 's.sqlite3'}")
    dealer = hierarchy.create_agent(ctx, ROOT, "Dealer", limit=-5_000)
    shops = [hierarchy.create_agent(ctx, ROOT, f"Shop {i}", parent_id=dealer) for i in range(2)]
    hierarchy.deposit(ctx, ROOT, dealer, 100_000)
    return ctx, dealer, shops


moves = st.lists(st.tuples(st.integers(0, 1), st.integers(1, 60_000), st.integers(0, 5)), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=moves)
def test_transfers_sum_to_zero_never_pass_a_limit_and_move_money_once_per_id(tree, moves):
    ctx, dealer, shops = tree
    import uuid
    run = uuid.uuid4().hex[:8]
    before = _floats(ctx, dealer, *shops)
    moved = {}
    for shop_index, amount, id_index in moves:
        tid = f"{run}-{id_index}"
        try:
            result = hierarchy.transfer(ctx, ROOT, tid, dealer, shops[shop_index], amount)
        except ValidationError as exc:
            assert exc.code == "insufficient_float"
            continue
        except Conflict as exc:
            assert exc.code == "id_conflict" and moved[tid] != (shop_index, amount)
            continue
        if tid in moved:
            assert result.duplicate and moved[tid] == (shop_index, amount)
        else:
            assert not result.duplicate
            moved[tid] = (shop_index, amount)
    after = _floats(ctx, dealer, *shops)
    assert sum(after) == sum(before)  # float only moved between them
    assert after[0] >= -5_000  # never below the dealer's limit
    expected = before[:]
    for shop_index, amount in moved.values():
        expected[0] -= amount
        expected[1 + shop_index] += amount
    assert after == expected  # each id moved its money exactly once
    assert ledger_check.check(ctx).ok


def test_transfer_rules(tree):
    ctx, dealer, shops = tree
    other = hierarchy.create_agent(ctx, ROOT, "Stranger")
    usd = hierarchy.create_agent(ctx, ROOT, "Dollar Shop", currency="USD")
    for args, code in [((dealer, other, 10), "transfer_not_allowed"),  # not its retailer
                       ((shops[0], dealer, 10), "transfer_not_allowed"),  # upwards
                       ((dealer, dealer, 10), "transfer_not_allowed"),
                       ((dealer, shops[0], 0), "amount_invalid"),
                       ((dealer, shops[0], -5), "amount_invalid"),
                       ((dealer, "nobody", 5), "agent_unknown")]:
        with pytest.raises(DomainError) as err:
            hierarchy.transfer(ctx, ROOT, "rules-12345", *args)
        assert err.value.code == code, args
    with pytest.raises(ValidationError) as err:
        hierarchy.create_agent(ctx, ROOT, "Mixed", currency="USD", parent_id=dealer)
    assert err.value.code == "agent_parent_invalid" and usd
    with pytest.raises(ValidationError):
        hierarchy.transfer(ctx, ROOT, "short", dealer, shops[0], 10)


def test_transfer_command(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    dealer = run_cli(url, "create-agent", "Dealer").stdout.strip()
    shop = run_cli(url, "create-agent", "Shop", "--parent", dealer).stdout.strip()
    run_cli(url, "deposit", dealer, "10000")
    assert run_cli(url, "transfer", dealer, shop, "2500", "--id", "cli-0001-x").stdout.startswith("moved 2500 KES")
    assert run_cli(url, "transfer", dealer, shop, "2500", "--id", "cli-0001-x").stdout.startswith("duplicate")
    bad = run_cli(url, "transfer", shop, dealer, "1", "--id", "cli-0002-x", check=False)
    assert bad.returncode != 0 and "own retailers" in bad.stderr
    assert run_cli(url, "audit-check").stdout.strip() == "audit ok: 4 events"


def test_transfers_racing_sales_on_postgresql():
    """A dealer's finance desk pushes float to a retailer while the retailer's 8 tills sell
    against the same float: nothing goes below a limit, the ledger balances, no deadlock."""
    from support.server import start_server
    with postgres_database() as url:
        server = start_server(url)
        try:
            ctx = open_context(url)
            dealer = hierarchy.create_agent(ctx, ROOT, "Dealer")
            shop = hierarchy.create_agent(ctx, ROOT, "Shop", parent_id=dealer)
            hierarchy.deposit(ctx, ROOT, dealer, 200_000)
            tills = [TerminalClient.enroll(server.url, server.issue_code(shop), f"T{i}") for i in range(8)]
            for t in tills:
                t.catalog()
            errors: list[BaseException] = []
            accepted: list[int] = []
            lock = threading.Lock()
            barrier = threading.Barrier(len(tills) + 2)

            def sell(t: TerminalClient) -> None:
                try:
                    barrier.wait()
                    for _ in range(5):
                        r = t.send_batch([t.sale(face=10_000) for _ in range(4)])
                        assert r.status_code == 200, r.text
                        with lock:
                            accepted.extend(1 for x in r.json()["results"] if x["status"] == "accepted")
                except BaseException as exc:  # noqa: BLE001
                    errors.append(exc)

            def push(offset: int) -> None:
                try:
                    barrier.wait()
                    for n in range(20):
                        try:
                            hierarchy.transfer(ctx, ROOT, f"push-{offset}-{n:04d}", dealer, shop, 9_400)
                        except ValidationError as exc:
                            assert exc.code == "insufficient_float"
                except BaseException as exc:  # noqa: BLE001
                    errors.append(exc)

            threads = [threading.Thread(target=sell, args=(t,)) for t in tills] + \
                      [threading.Thread(target=push, args=(i,)) for i in range(2)]
            for th in threads:
                th.start()
            for th in threads:
                th.join(180)
            assert not errors, errors[:3]
            dealer_float, shop_float = _floats(ctx, dealer, shop)
            assert dealer_float >= 0 and shop_float >= 0
            transferred = 200_000 - dealer_float
            assert shop_float == transferred - 9_400 * len(accepted)  # every accepted sale cost 9,400 of float
            assert ledger_check.check(ctx).ok and audit.check(ctx).ok
        finally:
            server.stop()


def test_settlement_reconciles_a_day_of_sales_transfers_and_reversals(any_server, tmp_path):
    ctx = open_context(any_server.database_url)
    dealer = hierarchy.create_agent(ctx, ROOT, "Dealer")
    shop = hierarchy.create_agent(ctx, ROOT, "Shop", parent_id=dealer)
    hierarchy.deposit(ctx, ROOT, dealer, 500_000)
    hierarchy.transfer(ctx, ROOT, "settle-0001", dealer, shop, 300_000)
    till = TerminalClient.enroll(any_server.url, any_server.issue_code(shop))
    till.catalog()
    sales = [till.sale(face=10_000) for _ in range(3)]
    assert all(r["status"] == "accepted" for r in till.send_batch(sales).json()["results"])
    rev = till.post("/api/v1/reversals", {"id": "rev-1", "sale_id": sales[0]["id"], "reason": "wrong number",
                                          "created_at_ms": sales[0]["created_at_ms"] + 1000})
    assert rev.status_code == 200 and rev.json()["status"] == "reversed", rev.text
    from datetime import datetime, timezone
    today = datetime.now(timezone.utc).date().isoformat()
    s = settlement.for_agent(ctx, ROOT, shop, today)
    assert (s.sales_count, s.sales_face, s.transfers_in, s.transfers_out) == (3, 30_000, 300_000, 0)
    assert s.commission == 3 * 600 and s.reversals_count == 1 and s.reversals_face == 10_000
    assert s.opening_float == 0 and s.closing_float == hierarchy.agent_page(ctx, ROOT, shop).agent.balance
    assert s.closing_float == 300_000 - 3 * 9_400 + 9_400
    assert s.reconciled, s.differences
    assert s.payment_methods == [("cash", 3, 30_000)]
    d = settlement.for_agent(ctx, ROOT, dealer, today)
    assert (d.deposits, d.transfers_out, d.closing_float) == (500_000, 300_000, 200_000) and d.reconciled
    out = tmp = str(tmp_path / "settlement.csv")
    assert any_server.cli("settlement", "--day", today, "--agent", shop, "--csv", out).returncode == 0
    text = open(tmp, encoding="utf-8").read()
    assert text.splitlines()[0].startswith("day,agent_id,agent_name") and ",Shop,KES,3,30000," in text
    pdf = tmp_path / "settlement.pdf"
    assert any_server.cli("settlement", "--day", today, "--agent", shop, "--pdf", str(pdf)).returncode == 0
    from pypdf import PdfReader
    words = PdfReader(str(pdf)).pages[0].extract_text()
    assert "Shop" in words and "Reconciled with the ledger" in words and "Transfers in" in words
    bad = any_server.cli("settlement", "--day", "2026-13-01", check=False)
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr
