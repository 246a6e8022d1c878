"""Fixtures for printing tests: real data directories (PosServices + seed_demo), no store mocks."""
from __future__ import annotations

import pytest

from pos_app.domain.sale import SaleRequest
from pos_app.services import PosServices
from pos_app.services.setup import seed_demo

from .printer_emulator import PrinterEmulator


@pytest.fixture
def services(tmp_path):
    svc = PosServices.open(tmp_path / "data")
    seed_demo(svc.db, svc.clock, svc.auth, svc.catalogs)
    yield svc
    svc.close()


@pytest.fixture
def clerk(services):
    return services.auth.login("alice", "1234")


@pytest.fixture
def record_sale(services, clerk):
    def record(**overrides):
        fields = dict(msisdn="0712345123", product_code="SAF-FIXED", face=10000, payment_method="cash",
                      tendered=20000)
        fields.update(overrides)
        return services.sales.record_sale(clerk, SaleRequest(**fields))
    return record


@pytest.fixture
def emulator():
    printer = PrinterEmulator()
    yield printer
    printer.stop()
