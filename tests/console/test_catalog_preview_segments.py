"""Issue 16: the catalog editor's preview, given a customer number, prices the targeted bonus with
the server's own facts about that number (the query ingest uses), with its reason, and a real sale
to that number is then paid exactly that bonus. Real server process, SQLite and PostgreSQL; the
40-day history is made by ingest itself (tests/server/test_offers.py's fixture)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from support.console import PASSWORD, ROOT, Console  # noqa: E402
from support.server import TerminalClient, unique_msisdn  # noqa: E402
from test_offers import history  # noqa: E402,F401  (fixture)

from prepaid_server.services import catalog_editor, operators  # noqa: E402
from prepaid_server.services.context import open_context  # noqa: E402


@pytest.fixture(autouse=True)
def _plain_http_cookies(monkeypatch):  # noqa: ANN001, ANN202
    monkeypatch.setenv("POS_CONSOLE_COOKIE_SECURE", "0")  # before `history` starts the server (autouse first)


def test_preview_shows_welcome_back_and_welcome_and_the_sale_is_paid_that(history):  # noqa: F811
    server, lapsed, _gold = history
    ctx = open_context(server.database_url)
    operators.add(ctx, ROOT, "fay", "finance", PASSWORD)
    fay = operators.login(ctx, "fay", PASSWORD).actor
    draft_id = catalog_editor.create_draft(ctx, fay)  # the published catalog, with its targeted promotions

    back = catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_000, lapsed)
    row = next(r for r in back.rows if r.code == "SAF-AIRTIME")
    assert (row.bonus, row.promotion, row.bonus_why) == (1500, "BACK", "Welcome back")
    assert back.facts is not None and back.facts.first_sale is False

    new = unique_msisdn()
    welcome = catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_000, new)
    row = next(r for r in welcome.rows if r.code == "SAF-AIRTIME")
    assert (row.bonus, row.promotion, row.bonus_why) == (2000, "WELCOME", "Welcome bonus")

    anyone = catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_000)  # no number: untargeted only
    untargeted = next(r for r in anyone.rows if r.code == "SAF-AIRTIME")
    assert untargeted.bonus < 1500 and untargeted.bonus_why == "" and anyone.facts is None

    # the console page shows the bonus with its reason (English, then French)
    web = Console(server.url)
    web.login("fay")
    r = web.post(f"/console/catalog/drafts/{draft_id}/preview", {"operator": "SAF", "amount": "100", "msisdn": lapsed})
    assert r.status_code == 200 and 'id="preview-facts"' in r.text
    assert 'BACK <span class="why">· Welcome back</span>' in r.text
    web.post("/console/language", {"language": "fr", "back": "/catalog"})
    r = web.post(f"/console/catalog/drafts/{draft_id}/preview", {"operator": "SAF", "amount": "100", "msisdn": new})
    assert r.status_code == 200 and 'WELCOME <span class="why">· Bonus de bienvenue</span>' in r.text

    # a real sale to each number (the till printed only the untargeted bonus) is paid what the preview showed
    till = TerminalClient.enroll(server.url, server.enrollment_code)
    docs = [till.sale(face=10_000, msisdn=lapsed), till.sale(face=10_000, msisdn=new)]
    results = till.send_batch(docs).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        paid = {r[0]: (r[1], r[2]) for r in conn.execute(text(
            "SELECT s.id, s.bonus, a.promotion_code FROM sales s JOIN promotion_awards a ON a.sale_id = s.id "
            "WHERE s.id IN (:a, :b)"), {"a": docs[0]["id"], "b": docs[1]["id"]})}
    engine.dispose()
    assert paid == {docs[0]["id"]: (1500, "BACK"), docs[1]["id"]: (2000, "WELCOME")}
