"""The spool against a TCP printer emulator: real jobs, real faults, a real data directory. Jobs
are queued and resolved through the use cases (Sell, Reprint, ResolvePrintJob), as the till does."""
from __future__ import annotations

import time

import pytest

from topup_core.errors import Conflict
from pos_app.application import settings as bs
from pos_app.application.records import DISMISSED, FAILED, IN_DOUBT, PRINTED
from pos_app.domain.roles import LOCAL_ADMIN

from .printer_emulator import PrinterEmulator, free_port

FAST = dict(backoff_base_ms=50, backoff_cap_ms=200, max_attempts=3)


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


class Till:
    """The data directory's use cases, seen from the printer's side."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.spool = app.spool

    def enqueue_receipt(self, sale):  # noqa: ANN001, ANN201
        return self.app.sell.queue_receipt(sale)

    def get(self, job_id):  # noqa: ANN001, ANN201
        return self.app.print_jobs.get(LOCAL_ADMIN, job_id)

    def attention(self):  # noqa: ANN201
        return self.app.print_jobs.attention(LOCAL_ADMIN)

    def printer_state(self, uri=None):  # noqa: ANN001, ANN201
        return self.spool.printer_state(uri)

    def subscribe(self, **kw):  # noqa: ANN003, ANN201
        return self.spool.subscribe(**kw)


@pytest.fixture
def make_spool(services):
    started = []

    def make(uri, **kw):
        services.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: uri})
        for name, value in {**FAST, **kw}.items():
            setattr(services.spool, name, value)
        services.start(worker=False)
        started.append(services)
        return Till(services)
    yield make
    for app in started:
        app.stop()


def settled(spool, job_id, states=(PRINTED, FAILED, IN_DOUBT)):
    assert wait_for(lambda: spool.get(job_id).state in states), spool.get(job_id)
    return spool.get(job_id)


def test_receipt_prints_once_on_a_network_printer(services, record_sale, emulator, make_spool):
    sale = record_sale()
    spool = make_spool(emulator.uri)
    seen = []
    spool.subscribe(on_job=lambda job: seen.append(job.state))
    job = spool.enqueue_receipt(sale)
    assert spool.enqueue_receipt(sale).id == job.id  # a second click does not print a second original
    done = settled(spool, job.id)
    assert done.state == PRINTED and done.attempts == 1 and done.last_error is None
    assert emulator.complete_receipts(sale.receipt_no.encode()) == 1
    assert emulator.status_queries >= 2  # asked before, and confirmed after
    assert seen[:1] == ["queued"] and "printing" in seen and seen[-1] == "printed"
    assert b"\x1bp" in emulator.received()  # cash sale: drawer kick
    assert spool.printer_state(emulator.uri).ready is True


def test_connection_refused_retries_then_fails_and_can_be_rerouted(services, record_sale, make_spool, tmp_path):
    sale = record_sale()
    spool = make_spool(f"tcp://127.0.0.1:{free_port()}")
    job = spool.enqueue_receipt(sale)
    failed = settled(spool, job.id, (FAILED,))
    assert failed.attempts == 3 and "not reachable" in failed.last_error and "gave up" in failed.last_error
    assert [j.id for j in spool.attention()] == [job.id]
    assert spool.printer_state().is_down
    assert services.sales.get_sale(services.auth.login("mary", "9876"), sale.id).receipt_no == sale.receipt_no

    printer = PrinterEmulator()
    try:
        services.print_jobs.reroute(LOCAL_ADMIN, job.id, printer.uri)
        assert settled(spool, job.id).state == PRINTED
        assert printer.complete_receipts(sale.receipt_no.encode()) == 1
        assert spool.attention() == []
    finally:
        printer.stop()


def test_failed_job_can_go_to_pdf_instead(services, record_sale, make_spool, tmp_path):
    sale = record_sale()
    spool = make_spool(f"tcp://127.0.0.1:{free_port()}", max_attempts=1)
    job = spool.enqueue_receipt(sale)
    settled(spool, job.id, (FAILED,))
    services.print_jobs.reroute(LOCAL_ADMIN, job.id, f"pdf://{tmp_path / 'pdfs'}")
    assert settled(spool, job.id).state == PRINTED
    assert (tmp_path / "pdfs" / f"receipt-{sale.receipt_no}.pdf").read_bytes().startswith(b"%PDF")


def test_paper_out_fails_fast_sends_nothing_and_retry_prints_once(services, record_sale, make_spool, clerk):
    printer = PrinterEmulator(status="paper_out")
    try:
        sale = record_sale()
        spool = make_spool(printer.uri)
        states = []
        spool.subscribe(on_printer=states.append)
        job = spool.enqueue_receipt(sale)
        failed = settled(spool, job.id)
        assert failed.state == FAILED and failed.attempts == 1 and "out of paper" in failed.last_error
        assert printer.received() == b""  # only status queries were exchanged
        assert states and states[-1].paper == "out" and spool.printer_state(printer.uri).is_down

        printer.status = "ok"  # the clerk loads a roll and presses Retry
        services.print_jobs.retry(clerk, job.id)
        assert settled(spool, job.id).state == PRINTED
        assert printer.complete_receipts(sale.receipt_no.encode()) == 1
        assert spool.printer_state(printer.uri).ready is True
    finally:
        printer.stop()


def test_connection_cut_mid_receipt_is_retried_or_flagged_never_doubled(services, record_sale, make_spool, clerk):
    printer = PrinterEmulator(close_after=300, fault_connections=1)
    try:
        sale = record_sale()
        spool = make_spool(printer.uri)
        job = spool.enqueue_receipt(sale)
        first = settled(spool, job.id)
        marker = sale.receipt_no.encode()
        if first.state == IN_DOUBT:  # all bytes left before the cut was noticed: clerk decides
            assert printer.complete_receipts(marker) == 0
            assert [j.id for j in spool.attention()] == [job.id]
            with pytest.raises(Conflict) as refused:
                services.print_jobs.retry(clerk, job.id)  # may have printed: never resent as the original
            assert refused.value.code == "print_job_in_doubt"
            copy = services.print_jobs.reprint_copy(clerk, job.id).job
            assert copy.copy_no == 1 and spool.get(job.id).state == DISMISSED
            assert settled(spool, copy.id).state == PRINTED
            assert b"COPY 1" in printer.received()
        else:  # the cut was noticed while sending: nothing complete printed, so it was resent
            assert first.state == PRINTED and first.attempts == 2
        assert printer.complete_receipts(marker) == 1
        assert spool.attention() == []
        sold = services.sales.get_sale(clerk, sale.id)
        assert (sold.id, sold.price) == (sale.id, sale.price)  # the sale stands
    finally:
        printer.stop()


def test_silent_printer_after_sending_makes_the_job_in_doubt(services, record_sale, make_spool, clerk, monkeypatch):
    from pos_app.printing import delivery

    monkeypatch.setattr(delivery, "CONFIRM_TIMEOUT_S", 0.5)
    printer = PrinterEmulator(stall_after=10**9)  # reads everything, then we silence it after the preflight
    try:
        sale = record_sale()
        spool = make_spool(printer.uri)
        original = delivery.read_state

        def preflight_then_silence(device, uri):
            state = original(device, uri)
            printer.silent = True
            return state
        monkeypatch.setattr(delivery, "read_state", preflight_then_silence)
        job = spool.enqueue_receipt(sale)
        assert settled(spool, job.id).state == IN_DOUBT
        assert "check whether it printed" in spool.get(job.id).last_error
    finally:
        printer.stop()


def test_reprints_are_numbered_copies_and_audited(services, record_sale, emulator, make_spool, clerk):
    sale = record_sale()
    spool = make_spool(emulator.uri)
    settled(spool, spool.enqueue_receipt(sale).id)
    first = services.reprint(clerk, sale.id).job
    second = services.reprint(clerk, sale.id).job
    assert (first.copy_no, second.copy_no) == (1, 2)
    assert settled(spool, second.id).state == PRINTED and settled(spool, first.id).state == PRINTED
    data = emulator.received()
    assert b"COPY 1" in data and b"COPY 2" in data
    assert emulator.complete_receipts(sale.receipt_no.encode()) == 3
    assert sum(j.kind == "reprint" and j.state == PRINTED for j in services.print_jobs.for_sale(clerk, sale.id)) == 2
    assert data.count(b"\x1bp") == 1  # only the original opened the drawer
    from pos_app.store.uow import UnitOfWork

    with UnitOfWork(services.db, write=False) as uow:
        audit = [e for e in uow.audit.for_subject(sale.id) if e.action == "receipt.reprinted"]
    assert len(audit) == 2 and "PIN" not in audit[0].details


def test_enqueue_is_fast(services, record_sale, make_spool, tmp_path):
    sale = record_sale()
    spool = make_spool(f"pdf://{tmp_path / 'r'}")
    start = time.perf_counter()
    spool.enqueue_receipt(sale)
    assert time.perf_counter() - start < 0.1


def test_direct_test_page(services, emulator, make_spool):
    from pos_app.printing import test_page

    make_spool(emulator.uri)
    assert services.first_run.test_page(emulator.uri) == (True, "Printed")
    result = test_page(emulator.uri)
    assert result.outcome == "printed"
    assert emulator.received().count(b"PRINTER TEST") == 2
