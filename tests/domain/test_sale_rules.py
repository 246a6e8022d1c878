from datetime import datetime, timezone

import pytest

from topup_core.catalog import Catalog
from topup_core.errors import Conflict, ValidationError
from topup_core.money import Money
from pos_app.domain.sale import SaleRequest, SaleStatus, check_transition, price_sale
from pos_app.application.setup import demo_catalog

NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)
CATALOG = Catalog.from_dict(demo_catalog())


def cash(product, face, tendered=None, msisdn="0712345123"):
    return SaleRequest(msisdn, product, face, "cash", face if tendered is None else tendered)


def test_range_sale_is_priced_with_bonus_and_commission():
    sale = price_sale(CATALOG, cash("SAF-AIRTIME", 50000, 100000), NOW)
    assert sale.face == Money(50000, "KES")
    assert sale.bonus == Money(5000, "KES")  # bonanza tier 500 -> 50
    assert sale.commission == Money(3000, "KES")  # 6 %
    assert sale.float_cost == Money(47000, "KES")
    assert sale.price == Money(50000, "KES")
    assert sale.payment.change == Money(50000, "KES")
    assert sale.msisdn.e164 == "+254712345123"
    assert sale.catalog_version == CATALOG.version


@pytest.mark.parametrize("product,face,code", [
    ("SAF-AIRTIME", 0, "amount_not_positive"),
    ("SAF-AIRTIME", -100, "amount_not_positive"),
    ("SAF-AIRTIME", 500, "amount_below_min"),
    ("SAF-AIRTIME", 1050, "amount_off_step"),
    ("SAF-AIRTIME", 1000100, "amount_above_max"),
    ("SAF-AIRTIME", 10**15, "amount_absurd"),
    ("SAF-FIXED", 3000, "amount_not_a_denomination"),
    ("NOPE", 1000, "product_unknown"),
])
def test_amounts_outside_the_product_are_refused(product, face, code):
    with pytest.raises(ValidationError) as err:
        price_sale(CATALOG, cash(product, face, tendered=10**6), NOW)
    assert err.value.code == code


def test_per_sale_maximum_applies_above_product_range():
    data = demo_catalog()
    data["limits"]["max_sale"] = 20000
    catalog = Catalog.from_dict(data)
    with pytest.raises(ValidationError) as err:
        price_sale(catalog, cash("SAF-AIRTIME", 25000), NOW)
    assert err.value.code == "amount_above_sale_limit"


def test_operator_suggested_by_prefix():
    assert CATALOG.suggest_operator("712345123").code == "SAF"
    assert CATALOG.suggest_operator("733123456").code == "AIR"
    assert CATALOG.suggest_operator("757123456").code == "SAF"  # 757 is Safaricom though 75x is mostly Airtel
    assert CATALOG.suggest_operator("750123456").code == "AIR"
    assert CATALOG.suggest_operator("771234567").code == "TKL"
    assert CATALOG.suggest_operator("600000000") is None


def test_state_machine():
    check_transition(SaleStatus.QUEUED, SaleStatus.CONFIRMED)
    check_transition(SaleStatus.CONFIRMED, SaleStatus.REVERSAL_PENDING)
    for bad in [(SaleStatus.CONFIRMED, SaleStatus.QUEUED), (SaleStatus.REJECTED, SaleStatus.CONFIRMED),
                (SaleStatus.CANCELLED, SaleStatus.CONFIRMED), (SaleStatus.CONFIRMED, SaleStatus.CANCELLED)]:
        with pytest.raises(Conflict):
            check_transition(*bad)


def test_malformed_catalog_is_refused_whole():
    data = demo_catalog()
    data["products"][0]["operator"] = "GHOST"
    with pytest.raises(ValidationError) as err:
        Catalog.from_dict(data)
    assert err.value.code == "catalog_invalid"
    with pytest.raises(ValidationError):
        Catalog.from_dict({"version": 1})
