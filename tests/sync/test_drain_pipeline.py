"""Issue 13: the pipelined drain. While one batch is at the server, the previous batch's answers
are applied and the next batch is picked and marked sent in one local transaction; the next batch
leaves only once the previous reply is in. Against a real pos-server process on loopback."""
from __future__ import annotations

import json
import threading
import time

import pytest

from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.uow import UnitOfWork
from pos_app.sync.client import NetworkError
from pos_app.sync.engine import batch_body

from test_sync import server_sales

_n = iter(range(10**7))


def sale() -> SaleRequest:
    return SaleRequest(f"07{30000000 + next(_n) * 41 % 69999999:08d}", "SAF-AIRTIME", 10000, "cash", 10000)


def record(svc, n: int) -> list[str]:  # noqa: ANN001
    clerk = svc.auth.login("alice", "1234")
    return [svc.sell.record(clerk, sale()).id for _ in range(n)]


def totals_ok(svc) -> tuple[int, int]:  # noqa: ANN001
    with UnitOfWork(svc.db, write=False) as uow:
        kept = uow.sales.queued_totals()
        assert kept == uow.sales.queued_totals_summed()
    return kept


class Spy:
    """Wraps the client's batch POST: the ids of every batch, how many were on the wire at once,
    and a failure (without sending) on chosen calls."""

    def __init__(self, client, fail_on: set[int] = frozenset()) -> None:  # noqa: ANN001
        self.inner = client.post_batch_body
        self.batches: list[list[str]] = []
        self.on_wire = self.most_on_wire = 0
        self.fail_on = fail_on
        self.lock = threading.Lock()
        client.post_batch_body = self

    def __call__(self, sale_ids, body, timeout=None):  # noqa: ANN001, ANN204
        with self.lock:
            self.batches.append(list(sale_ids))
            call = len(self.batches)
            self.on_wire += 1
            self.most_on_wire = max(self.most_on_wire, self.on_wire)
        try:
            assert [d["id"] for d in json.loads(body)["sales"]] == list(sale_ids)
            if call in self.fail_on:
                raise NetworkError("network_error", "The server could not be reached (test).")
            return self.inner(sale_ids, body, timeout)
        finally:
            with self.lock:
                self.on_wire -= 1


def test_batch_body_splices_the_stored_documents():
    docs = [{"id": f"s{i}", "seq": i, "terminal_id": "T-1", "msisdn": "+254712345678", "voucher_serial": None}
            for i in range(3)]
    stored = [json.dumps(d, sort_keys=True, separators=(",", ":")) for d in docs]
    assert json.loads(batch_body(stored, "T-1")) == {"sales": docs}
    # a sale made before this enrollment goes up under the enrolled id
    moved = json.loads(batch_body(stored, "T-2"))["sales"]
    assert [d["terminal_id"] for d in moved] == ["T-2"] * 3 and [d["id"] for d in moved] == ["s0", "s1", "s2"]
    assert json.loads(batch_body(stored, None)) == {"sales": docs}  # not enrolled: as stored


def test_pipelined_drain_sends_every_sale_once_in_order_one_batch_at_a_time(terminal):
    svc, engine, server = terminal
    ids = record(svc, 730)
    spy = Spy(engine.client)
    result = engine.drain(batch_size=100)
    assert result.accepted == 730 and result.rejected == 0
    assert [len(b) for b in spy.batches] == [100] * 7 + [30]
    assert [s for b in spy.batches for s in b] == ids  # outbox order, nothing twice
    assert spy.most_on_wire == 1  # the next batch leaves only after the previous reply
    assert sorted(server_sales(server, engine.credentials.terminal_id)) == sorted(ids)
    with UnitOfWork(svc.db, write=False) as uow:
        assert uow.sales.count_by_status() == {"CONFIRMED": 730}
        assert uow.outbox.pending_count() == 0
    assert totals_ok(svc) == (0, 0)


def test_a_failure_mid_pipeline_postpones_that_batch_and_frees_the_one_picked_after_it(terminal):
    svc, engine, server = terminal
    ids = record(svc, 500)
    spy = Spy(engine.client, fail_on={3})
    with pytest.raises(NetworkError):
        engine.drain(batch_size=100)
    # batches 1 and 2 answered and applied; 3 failed (postponed); 4 was picked but never left
    assert len(spy.batches) == 3
    clerk, manager = svc.auth.login("alice", "1234"), svc.auth.login("mary", "9876")
    with UnitOfWork(svc.db, write=False) as uow:
        status = {s: uow.sales.status(s) for s in ids}
        rows = {s: uow.outbox.sale_item(s) for s in ids}
    assert {status[s] for s in ids[:200]} == {SaleStatus.CONFIRMED}
    assert {status[s] for s in ids[200:]} == {SaleStatus.QUEUED}
    assert all(rows[s].attempts == 1 and rows[s].next_attempt_at_ms > 0 and rows[s].sent_at_ms for s in ids[200:300])
    assert all(rows[s].sent_at_ms is None and rows[s].attempts == 0 for s in ids[300:])
    cost = svc.sales.get_sale(clerk, ids[0]).float_cost.amount
    assert totals_ok(svc) == (300, 300 * cost)
    # a sale of the batch that never left can still be cancelled; one that may have left cannot
    svc.cancel_queued(clerk, ids[350], approver=manager, reason="customer left")
    with pytest.raises(Exception, match="already have reached the server"):
        svc.cancel_queued(clerk, ids[250], approver=manager, reason="customer left")
    engine.clock.advance(seconds=120)  # past the backoff
    result = engine.drain(batch_size=100)
    assert result.accepted == 299 and result.others == 1  # the cancellation notice too
    on_server = server_sales(server, engine.credentials.terminal_id)
    assert len(on_server) == len(set(on_server)) == 499 and ids[350] not in on_server
    assert totals_ok(svc) == (0, 0)


def test_a_fast_path_sale_goes_between_two_batches_of_a_long_drain(terminal):
    svc, engine, server = terminal
    record(svc, 1500)
    spy = Spy(engine.client)
    done = threading.Event()
    drained = {}

    def drain() -> None:
        drained["result"] = engine.drain(batch_size=20)
        done.set()

    worker = threading.Thread(target=drain)
    worker.start()
    try:
        while not spy.batches:
            time.sleep(0.01)
        clerk = svc.auth.login("alice", "1234")
        fresh = svc.sell.record(clerk, sale())
        started = time.monotonic()
        status = engine.submit_now(fresh.id)  # the online fast path: 2 s at most
        waited = time.monotonic() - started
        assert status is SaleStatus.CONFIRMED, f"waited {waited:.2f}s"
        assert not done.is_set()  # it did not wait for the drain to end
    finally:
        worker.join(300)
    result = drained["result"]  # the fresh sale may ride in a batch too: then one side says duplicate
    assert result.accepted >= 1500 and result.accepted + result.duplicate in (1500, 1501)
    assert totals_ok(svc) == (0, 0)
