import json
import sqlite3
import threading

import pytest

from topup_core.errors import Conflict, DomainError, StoreUnavailable, ValidationError
from topup_core.money import Money
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.store.models import Sale
from pos_app.store.uow import UnitOfWork
from support.db import snapshot


def cash_sale(face=10000, tendered=None, msisdn="0712 345 123", product="SAF-AIRTIME"):
    return SaleRequest(msisdn, product, face, "cash", face if tendered is None else tendered)


def test_sale_outbox_and_audit_commit_together(services, clerk):
    record = services.sell.record(clerk, cash_sale(10000, 20000))
    assert record.status is SaleStatus.QUEUED
    assert record.seq == 1 and record.receipt_no == "NBO1-000001"
    assert record.bonus == Money(500, "KES") and record.change == Money(10000, "KES")
    with UnitOfWork(services.db, write=False) as uow:
        outbox = uow.outbox.for_ref(record.id)
        audit = uow.audit.for_subject(record.id)
    assert [o.kind for o in outbox] == ["sale"]
    payload = json.loads(outbox[0].payload)
    assert payload["id"] == record.id and payload["seq"] == 1 and payload["face"] == 10000
    assert payload["msisdn"] == "+254712345123" and payload["catalog_version"] == 1
    assert [a.action for a in audit] == ["sale.recorded"]
    assert "712345123" not in audit[0].details  # the customer's number is masked in the audit log


def test_committed_sale_is_on_disk_with_durable_pragmas(services, clerk):
    record = services.sell.record(clerk, cash_sale())
    conn = sqlite3.connect(services.db.db_path)
    assert conn.execute("SELECT status FROM sales WHERE id=?", (record.id,)).fetchone() == ("QUEUED",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with services.db.writer.connect() as c:
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


@pytest.mark.parametrize("request_,code", [
    (cash_sale(msisdn="0712"), "msisdn_too_short"),
    (cash_sale(msisdn="07123451234567"), "msisdn_too_long"),
    (cash_sale(msisdn="+1 650 253 0000"), "msisdn_wrong_country"),
    (cash_sale(msisdn="07123abc45"), "msisdn_invalid_characters"),
    (cash_sale(msisdn="0712😀345123"), "msisdn_invalid_characters"),
    (cash_sale(msisdn=""), "msisdn_empty"),
    (cash_sale(face=0), "amount_not_positive"),
    (cash_sale(face=-5000), "amount_not_positive"),
    (cash_sale(face=10050), "amount_off_step"),
    (cash_sale(face=2_000_000), "amount_above_max"),
    (cash_sale(face=10**16), "amount_absurd"),
    (cash_sale(face=10000, tendered=9999), "tendered_too_low"),
    (cash_sale(product="NO-SUCH-PRODUCT"), "product_unknown"),
    (SaleRequest("0712345123", "SAF-AIRTIME", 10000, "card", None, None), "payment_reference_missing"),
    (SaleRequest("0712345123", "SAF-FIXED", 3000, "cash", 3000), "amount_not_a_denomination"),
])
def test_bad_input_gets_its_own_error_and_writes_nothing(services, clerk, request_, code):
    services.sell.record(clerk, cash_sale())  # something already there
    before = snapshot(services.db.db_path)
    with pytest.raises(ValidationError) as err:
        services.sell.record(clerk, request_)
    assert err.value.code == code
    assert snapshot(services.db.db_path) == before


def test_voucher_sale_takes_one_pin_from_stock(services, clerk):
    with UnitOfWork(services.db, write=False) as uow:
        available = uow.vouchers.available("SAF-PIN", 5000)
    record = services.sell.record(clerk, SaleRequest("0712345123", "SAF-PIN", 5000, "mobile_money", None, "QK7TX29"))
    assert record.voucher_pin and len(record.voucher_pin) == 16 and record.voucher_serial
    with UnitOfWork(services.db, write=False) as uow:
        assert uow.vouchers.available("SAF-PIN", 5000) == available - 1


def test_voucher_out_of_stock_refused_and_sequence_unused(services, clerk):
    conn = sqlite3.connect(services.db.db_path)
    conn.execute("UPDATE voucher_stock SET state='sold' WHERE product_code='SAF-PIN' AND face=10000")
    conn.commit()
    conn.close()
    before = snapshot(services.db.db_path)
    with pytest.raises(ValidationError) as err:
        services.sell.record(clerk, SaleRequest("0712345123", "SAF-PIN", 10000, "cash", 10000))
    assert err.value.code == "voucher_out_of_stock"
    assert snapshot(services.db.db_path) == before
    assert services.sell.record(clerk, cash_sale()).seq == 1  # no gap left behind


def test_recorded_sale_facts_cannot_change(services, clerk):
    record = services.sell.record(clerk, cash_sale())
    with pytest.raises(Conflict) as err:
        with UnitOfWork(services.db) as uow:
            uow.session.get(Sale, record.id).face = 1  # straight at the store, past every use case
            uow.commit()
    assert err.value.code == "sale_immutable"
    conn = sqlite3.connect(services.db.db_path, isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="sale_immutable"):
        conn.execute("DELETE FROM sales")
    with pytest.raises(sqlite3.DatabaseError, match="outbox_unsent"):
        conn.execute("DELETE FROM outbox")
    # the mutable part (its status) may move on
    with UnitOfWork(services.db) as uow:
        uow.sales.set_status(record.id, SaleStatus.CONFIRMED, 1, server_ref="SRV-1")
        uow.commit()
    assert services.sales.get_sale(clerk, record.id).server_ref == "SRV-1"


def test_disk_full_refuses_sale_and_writes_nothing(services, clerk):
    services.sell.record(clerk, cash_sale())
    before = snapshot(services.db.db_path)
    with services.db.writer.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    # Cap the file at its current size on every pooled connection: the next insert cannot grow it.
    from sqlalchemy import event

    def cap(dbapi_conn, _rec):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    services.db.writer.dispose()
    event.listen(services.db.writer, "connect", cap)
    try:
        with pytest.raises(StoreUnavailable) as err:
            for _ in range(200):  # fill the last free pages, then hit the wall
                services.sell.record(clerk, cash_sale())
        assert err.value.code == "disk_full"
        assert "Nothing was saved" in err.value.message
    finally:
        event.remove(services.db.writer, "connect", cap)
        services.db.writer.dispose()
    after = snapshot(services.db.db_path)
    # Whatever fitted was recorded whole; the refused sale left no half-row behind.
    assert after["sales"] == after["outbox"] >= before["sales"]
    assert after["next_seq"][0] == after["sales"] + 1
    assert services.verify().ok


def test_locked_database_refuses_sale_with_clear_message(services, clerk, monkeypatch):
    import pos_app.store.engine as engine_mod
    services.db.writer.dispose()
    blocker = sqlite3.connect(services.db.db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    before_sales = blocker.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    result: dict[str, DomainError] = {}

    def attempt():
        try:
            services.sell.record(clerk, cash_sale())
        except DomainError as exc:
            result["err"] = exc

    worker = threading.Thread(target=attempt)
    worker.start()
    worker.join(timeout=engine_mod.BUSY_TIMEOUT_MS / 1000 + 10)
    blocker.execute("ROLLBACK")
    assert result["err"].code == "store_busy"
    assert blocker.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == before_sales
    blocker.close()


def test_sequence_is_gap_free_across_failures(services, clerk):
    seqs = []
    for i in range(30):
        if i % 3 == 0:
            with pytest.raises(ValidationError):
                services.sell.record(clerk, cash_sale(face=10050))
        seqs.append(services.sell.record(clerk, cash_sale()).seq)
    assert seqs == list(range(1, 31))
