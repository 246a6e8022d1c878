"""Fixtures for printing tests: real data directories (Runtime + seed_demo), no store mocks."""
from __future__ import annotations

import pytest

from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime

from .printer_emulator import PrinterEmulator


@pytest.fixture
def services(tmp_path):
    svc = Runtime.open(tmp_path / "data", spool_options={"status_poll_s": None})  # tests that poll say so
    svc.setup.seed_demo()
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
        return services.sell.record(clerk, SaleRequest(**fields))
    return record


@pytest.fixture
def emulator():
    printer = PrinterEmulator()
    yield printer
    printer.stop()
