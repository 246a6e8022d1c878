"""issue 14 (offers): a sale priced with the customer's facts carries why its bonus applies to the
original receipt, and a reprint prints the same words (kept in the original's print job, no new
column). Real terminal SQLite store, the demo catalog plus a targeted promotion."""
from __future__ import annotations

import json
from dataclasses import replace

from topup_core.catalog import Catalog
from topup_core.promotions import CustomerFacts
from pos_app.application.setup import demo_catalog
from pos_app.domain.sale import SaleRequest
from pos_app.store.uow import UnitOfWork


class _Catalogs:
    def __init__(self, inner, catalog):  # noqa: ANN001
        self.inner, self.catalog = inner, catalog

    def current(self) -> Catalog:
        return self.catalog

    def __getattr__(self, name):  # noqa: ANN001, ANN204
        return getattr(self.inner, name)


def _receipt(services, job_id):  # noqa: ANN001, ANN202
    with UnitOfWork(services.db, write=False) as uow:
        return json.loads(uow.print_jobs.get(job_id).payload)["receipt"]


def test_the_reason_is_printed_on_the_original_and_the_copy(services, clerk, clock):  # noqa: ANN001
    doc = demo_catalog()
    current = services.sell.catalogs.current()
    doc["version"] = current.version
    doc["promotions"] = list(doc["promotions"]) + [{
        "code": "BACK", "name": "Come back", "operators": ["SAF"], "products": ["SAF-AIRTIME"],
        "valid_from": "2020-01-01T00:00:00+00:00", "tiers": [[10000, 1500]], "segment": {"lapsed_days": 30}}]
    services.sell.catalogs = _Catalogs(services.sell.catalogs, Catalog.from_dict(doc))
    now_ms = int(clock.now().timestamp() * 1000)
    facts = CustomerFacts(first_sale=False, last_top_up_ms=now_ms - 45 * 86_400_000)
    request = SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 20000, facts=facts)
    outcome = services.sell(clerk, request)
    assert outcome.sale.bonus.amount == 1500
    assert _receipt(services, outcome.receipt.id)["bonus_reason"] == "Welcome back bonus"
    copy = services.reprint(clerk, outcome.sale.id)
    receipt = _receipt(services, copy.job.id)
    assert receipt["copy_no"] == 1 and receipt["bonus_reason"] == "Welcome back bonus"

    # Without facts (offline, nothing cached) the targeted bonus is not promised, and nothing is said.
    plain = services.sell(clerk, replace(request, facts=None))
    assert plain.sale.bonus.amount == 500 and _receipt(services, plain.receipt.id)["bonus_reason"] is None
