"""Issue 11: a sale the server holds from an earlier enrollment shows in History as the manager's
case, with the server's answer, never as a rejection with money to give back."""
from __future__ import annotations

import dataclasses

from pos_app.application.sales import DISPUTED, AttentionItem
from pos_app.domain.sale import SaleRequest, SaleStatus
from pos_app.ui.history.screen import attention_text, status_name


def test_disputed_sale_is_a_manager_case_with_the_servers_answer(qtbot, services, clerk):
    sale = services.sell.record(clerk, SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 10000))
    answer = "Sale id already accepted from terminal NBO1. Server record: status accepted, server_ref SRV-42."
    disputed = dataclasses.replace(sale, status=SaleStatus.DISPUTED, reject_code="duplicate_other_terminal",
                                   reject_message=answer)
    problem, advice = attention_text(AttentionItem(disputed, DISPUTED), "en_KE")
    assert "SRV-42" in problem and "manager" in advice.lower()
    assert "give back" not in advice  # not a rejection: no refund until the manager knows
    assert status_name(SaleStatus.DISPUTED) == "Manager check"
