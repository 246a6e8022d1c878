"""The Sell, Reprint and ResolvePrintJob use cases with fake ports where the network would be:
the fast path, the receipt and the drawer; who may reprint a voucher's PIN; print-job decisions."""
from __future__ import annotations

import json

import pytest

from topup_core.errors import Conflict, NotFound, PermissionDenied
from pos_app.application import settings as bs
from pos_app.application.records import PRINTED
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.uow import UnitOfWork

CASH = SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 20000)
VOUCHER = SaleRequest("0712345123", "SAF-PIN", 5000, "mobile_money", None, "QK7TX29")


class FakeServer:
    """The SaleSubmitter and OutboxNotifier ports: answers as told, counts what it was asked."""

    def __init__(self, services, answer=SaleStatus.CONFIRMED, offline=False, fail=False) -> None:  # noqa: ANN001
        self.services, self.answer, self.offline, self.fail = services, answer, offline, fail
        self.submitted: list[str] = []
        self.woken = 0

    def believed_offline(self) -> bool:
        return self.offline

    def submit_now(self, sale_id: str, timeout: float = 2.0) -> SaleStatus:
        self.submitted.append(sale_id)
        if self.fail:
            raise RuntimeError("the link broke in a way nobody foresaw")
        if self.answer is not SaleStatus.QUEUED:
            with UnitOfWork(self.services.db) as uow:
                uow.sales.set_status(sale_id, self.answer, 1, server_ref="SRV-1")
                uow.commit()
        return self.answer

    def queued(self) -> None:
        self.woken += 1


def _payload(services, job_id):  # noqa: ANN001, ANN202
    with UnitOfWork(services.db, write=False) as uow:
        return json.loads(uow.print_jobs.get(job_id).payload)


def test_sell_records_answers_and_queues_one_receipt_with_the_drawer(services, clerk):
    server = FakeServer(services)
    services.sell.submitter = services.sell.notifier = server
    services.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: "dummy://"})  # an ESC/POS printer: it has a drawer
    outcome = services.sell(clerk, CASH)
    assert server.submitted == [outcome.sale.id] and server.woken == 0  # answered: nothing for the worker
    assert outcome.sale.status is SaleStatus.CONFIRMED and outcome.sale.server_ref == "SRV-1"
    receipt = _payload(services, outcome.receipt.id)["receipt"]
    assert receipt["status"] == "SUCCESS" and receipt["open_drawer"] is True and outcome.drawer_opened
    assert services.sell.queue_receipt(outcome.sale).id == outcome.receipt.id  # one original per sale


def test_offline_the_fast_path_is_skipped_and_the_worker_woken(services, clerk):
    server = FakeServer(services, offline=True)
    services.sell.submitter = services.sell.notifier = server
    outcome = services.sell(clerk, CASH)
    assert server.submitted == [] and server.woken == 1
    assert outcome.sale.status is SaleStatus.QUEUED
    assert _payload(services, outcome.receipt.id)["receipt"]["status"] == "PENDING"
    assert not outcome.drawer_opened  # the default printer is a PDF folder: no drawer hangs off it


def test_a_broken_fast_path_never_costs_the_sale(services, clerk):
    server = FakeServer(services, fail=True)
    services.sell.submitter = services.sell.notifier = server
    outcome = services.sell(clerk, CASH)
    assert outcome.sale.status is SaleStatus.QUEUED and server.woken == 1 and outcome.receipt is not None
    assert services.sales.get_sale(clerk, outcome.sale.id).status is SaleStatus.QUEUED


def test_the_shop_can_keep_the_drawer_shut_and_card_never_opens_it(services, clerk):
    services.sell.submitter = services.sell.notifier = FakeServer(services, answer=SaleStatus.QUEUED)
    services.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: "dummy://", bs.PRINTER_KICK_DRAWER: False})
    assert not services.sell(clerk, CASH).drawer_opened
    services.settings.update(LOCAL_ADMIN, {bs.PRINTER_KICK_DRAWER: True})
    card = services.sell(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "card", None, "AUTH-1"))
    assert not card.drawer_opened and _payload(services, card.receipt.id)["receipt"]["open_drawer"] is False


def test_a_clerks_copy_withholds_the_voucher_pin_a_managers_prints_it(services, clerk, manager):
    sale = services.sell.record(clerk, VOUCHER)
    copy = services.reprint(clerk, sale.id)
    assert copy.copy_no == 1 and copy.pin_withheld and not copy.pin_printed
    printed = _payload(services, copy.job.id)["receipt"]
    assert printed["voucher_pin"] is None and printed["pin_withheld"] is True
    assert printed["voucher_serial"] == sale.voucher_serial and sale.voucher_pin not in json.dumps(printed)
    by_manager = services.reprint(manager, sale.id)
    assert by_manager.pin_printed and _payload(services, by_manager.job.id)["receipt"]["voucher_pin"] == sale.voucher_pin
    approved = services.reprint(clerk, sale.id, approver=manager)  # a manager approves at the clerk's till
    assert approved.pin_printed and approved.copy_no == 3
    with pytest.raises(PermissionDenied):
        services.reprint(clerk, sale.id, approver=clerk)  # a clerk cannot approve it
    with UnitOfWork(services.db, write=False) as uow:
        audit = [json.loads(e.details) for e in uow.audit.for_subject(sale.id) if e.action == "receipt.reprinted"]
    assert [(a["copy"], a["pin_printed"], a["approver"]) for a in audit] == [
        (1, False, None), (2, True, None), (3, True, "manager:mary")]


def test_reprint_needs_the_right_to_see_the_sale(services, clerk, manager):
    theirs = services.sell.record(manager, CASH)
    with pytest.raises(PermissionDenied):
        services.reprint(clerk, theirs.id)
    with pytest.raises(NotFound):
        services.reprint(clerk, "no-such-sale")


def test_print_job_decisions_are_checked_and_audited(services, clerk):
    sale = services.sell.record(clerk, CASH)
    job = services.sell.queue_receipt(sale)
    jobs = services.print_jobs
    with pytest.raises(NotFound) as err:
        jobs.retry(clerk, 9999)
    assert err.value.code == "print_job_unknown"
    with pytest.raises(Conflict) as err:
        jobs.confirm_printed(clerk, job.id)  # only a job in doubt can be confirmed
    assert err.value.code == "print_job_state"
    assert jobs.retry(clerk, job.id).state == "queued"  # still queued: a retry resets its backoff
    with UnitOfWork(services.db) as uow:
        uow.print_jobs.update(job.id, state="in_doubt")
        uow.commit()
    with pytest.raises(Conflict) as err:
        jobs.reroute(clerk, job.id, "pdf:///tmp/x")
    assert err.value.code == "print_job_in_doubt"
    assert jobs.confirm_printed(clerk, job.id).state == PRINTED
    assert jobs.attention(clerk) == []
