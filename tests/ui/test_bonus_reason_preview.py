"""issue 14 (offers): the sale screen's bonus preview says why a targeted bonus applies, from the
customer's facts (pytest-qt, offscreen): the amount step, in English and with the reason's words."""
from __future__ import annotations

from datetime import datetime, timezone

from topup_core.catalog import Catalog
from topup_core.promotions import CustomerFacts
from pos_app.application.sale_draft import SaleDraft
from pos_app.application.setup import demo_catalog
from pos_app.ui.sale.amount_step import AmountStep

NOW = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)
NOW_MS = int(NOW.timestamp() * 1000)
DAY = 86_400_000


def _catalog() -> Catalog:
    doc = demo_catalog()
    base = {"operators": ["SAF"], "products": ["SAF-AIRTIME"], "valid_from": "2026-01-01T00:00:00+00:00"}
    doc["promotions"] = list(doc["promotions"]) + [
        {**base, "code": "BACK", "name": "Come back", "tiers": [[10000, 1500]], "segment": {"lapsed_days": 30}},
        {**base, "code": "GOLD", "name": "Gold weekly", "tiers": [[10000, 1000]], "segment": {"min_tier": "GOLD"}}]
    return Catalog.from_dict(doc)


def _step(qtbot, facts):  # noqa: ANN001, ANN202
    draft = SaleDraft("KE", "KES", lambda: NOW, _catalog())
    draft.type_number("0712345678")
    draft.number_entered()
    draft.product_code = "SAF-AIRTIME"
    draft.customer_facts = facts
    step = AmountStep(draft, lambda: "en_KE")
    qtbot.addWidget(step)
    return step


def test_preview_says_welcome_back(qtbot) -> None:  # noqa: ANN001
    step = _step(qtbot, CustomerFacts(first_sale=False, last_top_up_ms=NOW_MS - 45 * DAY))
    step.typed("100")
    assert "15" in step.bonus.text() and "Welcome back · Come back" in step.bonus.text()


def test_preview_says_gold_bonus(qtbot) -> None:  # noqa: ANN001
    step = _step(qtbot, CustomerFacts(first_sale=False, last_top_up_ms=NOW_MS - DAY, tier="GOLD"))
    step.typed("100")
    assert "GOLD bonus" not in step.bonus.text() and "Gold bonus · Gold weekly" in step.bonus.text()


def test_no_facts_no_targeted_promise(qtbot) -> None:  # noqa: ANN001
    step = _step(qtbot, None)  # offline with nothing cached: only the offer for everyone
    step.typed("100")
    assert "Welcome back" not in step.bonus.text() and "Gold" not in step.bonus.text()
    assert "bonanza" in step.bonus.text().lower()


def test_customer_panel_lists_offers_with_why(qtbot) -> None:  # noqa: ANN001
    from pos_app.application.customer import SERVER, CustomerView
    from pos_app.ui.sale.customer_panel import CustomerPanel
    from pos_app.ui.tasks import TaskRunner
    from topup_core.promotions import Reason

    runner = TaskRunner()
    panel = CustomerPanel(None, runner)
    qtbot.addWidget(panel)
    view = CustomerView("+254712345678", SERVER, NOW_MS, "KES", offers=("Come back", "Bonanza"),
                        offer_reasons=(Reason("welcome_back", days=45), None))
    panel.show_view(view)
    assert panel.offers.text().splitlines() == ["Welcome back · Come back", "Bonanza"]
    assert not panel.offers.isHidden()
