"""The server's published schemas carry exactly the fields of the shared wire documents, so the
terminal and the server cannot drift apart; and one pricing formula serves both."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from topup_core import wire
from topup_core.catalog import Catalog
from topup_core.pricing import check_sellable, quote
from topup_core.resources import resource_path


from prepaid_server.api import day_close, schemas
from prepaid_server.services import closes, documents

PAIRS = [
    (wire.SaleDocument, documents.SaleDocument),
    (wire.ItemResult, schemas.ItemResultModel),
    (wire.FloatView, schemas.FloatModel),
    (wire.AllowanceView, schemas.AllowanceModel),
    (wire.ReversalRequest, schemas.ReversalRequest),
    (wire.ReversalResult, schemas.ReversalResultModel),
    (wire.CancellationRequest, closes.CancelRequest),
    (wire.CancellationResult, day_close.CancelResultModel),
    (wire.CloseRequest, closes.CloseRequest),
    (wire.CloseResult, day_close.CloseResultModel),
    (wire.Totals, day_close.CloseTotalsModel),
    (wire.Enrollment, schemas.EnrollResponse),
]


@pytest.mark.parametrize("document, schema", PAIRS, ids=[p[0].__name__ for p in PAIRS])
def test_server_schema_has_the_wire_fields(document, schema):
    assert set(wire.field_names(document)) == set(schema.model_fields)


def test_sale_fields_are_the_document_fields():
    assert wire.SALE_FIELDS == wire.field_names(wire.SaleDocument)


def test_content_hash_ignores_extra_fields_and_survives_lone_surrogates():
    doc = {"id": "a", "face": 100}
    assert wire.content_hash(doc) == wire.content_hash({**doc, "extra": 1})
    assert wire.content_hash({**doc, "msisdn": "\ud800"}) != wire.content_hash(doc)


def test_one_pricing_formula():
    catalog = Catalog.from_dict(__import__("json").loads(resource_path("demo", "catalog_ke.json").read_text()))
    at = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)
    product = catalog.products[0]
    face = product.denominations[0] if product.denominations else product.min_amount
    check_sellable(catalog, product, face, at)
    q = quote(catalog, product, face, at)
    assert q.float_cost == face - face * product.commission_bps // 10_000
    assert q.price == face + product.fee
    assert q.commission + q.float_cost == q.face
