"""Issue 12: the printer comes back. The spool re-checks printers in the background; a job no
printer took a byte of is printed by itself when its printer answers again (still the one
original); a job that may have printed is only ever replaced by a COPY. Never two originals."""
from __future__ import annotations

import time

from pos_app.application.records import DISMISSED, FAILED, IN_DOUBT, PRINTED
from pos_app.domain.roles import LOCAL_ADMIN

from .printer_emulator import PrinterEmulator, free_port
from .test_spool import make_spool, settled, wait_for  # noqa: F401 - fixtures

POLL = dict(status_poll_s=0.2, max_attempts=2)


def test_printer_stopped_then_restarted_prints_the_failed_receipt_once_by_itself(services, record_sale, make_spool):
    port = free_port()
    spool = make_spool(f"tcp://127.0.0.1:{port}", **POLL)  # nobody listens: the printer is off
    sale = record_sale()
    job = spool.enqueue_receipt(sale)
    failed = settled(spool, job.id, (FAILED,))
    assert failed.untouched and "not reachable" in failed.last_error
    assert [j.id for j in spool.attention()] == [job.id]
    assert wait_for(lambda: spool.printer_state().is_down)

    printer = PrinterEmulator(port=port)  # switched on again, same address
    try:
        assert settled(spool, job.id, (PRINTED,)).state == PRINTED
        assert wait_for(lambda: spool.printer_state().ready is True)  # the background check saw it
        time.sleep(1.0)  # several more polls: nothing is printed a second time
        assert printer.complete_receipts(sale.receipt_no.encode()) == 1
        assert b"COPY" not in printer.received()
        assert [j.state for j in services.print_jobs.for_sale(LOCAL_ADMIN, sale.id)] == [PRINTED]
        assert spool.attention() == []
        assert any(a.action == "print.retried" for a in _audit(services))
    finally:
        printer.stop()


def test_paper_out_then_loaded_prints_by_itself_once(services, record_sale, make_spool):
    printer = PrinterEmulator(status="paper_out")
    try:
        spool = make_spool(printer.uri, **POLL)
        sale = record_sale()
        job = spool.enqueue_receipt(sale)
        assert settled(spool, job.id, (FAILED,)).untouched
        printer.status = "ok"  # a new roll
        assert settled(spool, job.id, (PRINTED,)).attempts == 1
        time.sleep(0.8)
        assert printer.complete_receipts(sale.receipt_no.encode()) == 1
    finally:
        printer.stop()


def test_in_doubt_is_never_resent_and_print_again_makes_a_copy(services, record_sale, make_spool, clerk, monkeypatch):
    from pos_app.printing import delivery

    monkeypatch.setattr(delivery, "CONFIRM_TIMEOUT_S", 0.3)
    printer = PrinterEmulator(stall_after=10**9)
    original = delivery.read_state
    silence = {"on": True}

    def preflight_then_silence(device, uri):  # noqa: ANN001, ANN202
        state = original(device, uri)
        if silence["on"]:
            printer.silent = True
        return state

    monkeypatch.setattr(delivery, "read_state", preflight_then_silence)
    try:
        spool = make_spool(printer.uri)  # no background check until the job is in doubt
        sale = record_sale()
        job = spool.enqueue_receipt(sale)
        doubt = settled(spool, job.id, (IN_DOUBT,))
        assert not doubt.untouched
        silence["on"] = False
        printer.silent = False
        spool.spool.status_poll_s = 0.2  # the printer answers again: an in-doubt job stays for the clerk
        assert wait_for(lambda: spool.printer_state(printer.uri).ready is True)
        time.sleep(0.6)
        assert spool.get(job.id).state == IN_DOUBT
        again = services.print_jobs.print_again(clerk, job.id)
        assert again.copy and again.job.copy_no == 1 and spool.get(job.id).state == DISMISSED
        assert settled(spool, again.job.id).state == PRINTED
        assert b"COPY 1" in printer.received()
    finally:
        printer.stop()


def test_print_again_keeps_a_failed_receipt_the_original_and_pdf_is_offered(services, record_sale, make_spool,
                                                                           clerk, tmp_path):
    spool = make_spool(f"tcp://127.0.0.1:{free_port()}", max_attempts=1)
    sale = record_sale()
    job = spool.enqueue_receipt(sale)
    settled(spool, job.id, (FAILED,))
    again = services.print_jobs.print_to_pdf(clerk, job.id)
    assert not again.copy and again.job.id == job.id and again.job.printer_uri.startswith("pdf://")
    assert settled(spool, job.id).state == PRINTED
    pdf = services.data_dir.path / "receipts" / f"receipt-{sale.receipt_no}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert services.print_jobs.receipt_of(clerk, sale.id).id == job.id


def _audit(services):  # noqa: ANN001, ANN202
    with services.uow(write=False) as uow:
        return uow.audit.page(50)


def test_a_pdf_folder_that_cannot_be_made_is_not_ready_and_its_failed_job_stays_failed(
        services, record_sale, make_spool, tmp_path):
    """CI found this: a missing folder counted as ready, so every start re-queued the failed job
    and raced the clerk's own reroute ("This job is printing")."""
    from pos_app.printing import delivery
    from pos_app.printing.uri import parse_printer_uri

    makeable = tmp_path / "not-yet" / "receipts"
    assert delivery.probe(parse_printer_uri(f"pdf://{makeable}")).ready is True
    assert makeable.is_dir()  # the probe made it, as the first PDF would have
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    bad = f"pdf://{blocker}/receipts"
    state = delivery.probe(parse_printer_uri(bad))
    assert state.ready is False and "Cannot write to" in state.message

    spool = make_spool(bad, **POLL)
    job = spool.enqueue_receipt(record_sale())
    assert settled(spool, job.id, (FAILED,)).state == FAILED
    time.sleep(1.0)  # several background checks of that folder
    assert services.print_jobs.get(LOCAL_ADMIN, job.id).state == FAILED
    assert not any(a.action == "print.retried" for a in _audit(services))
