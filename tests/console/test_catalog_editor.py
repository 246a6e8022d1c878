"""The catalog and promotions editor (issue 16): drafts, field errors from the catalog parser,
the preview priced by the ingest's own pure code, publish as a new immutable version (audited,
admin and finance only, refused in the service), version history with validity windows."""
from __future__ import annotations

import json

import pytest

from support.console import PASSWORD, ROOT, Console
from support.server import TerminalClient, unique_msisdn
from topup_core.errors import Conflict, PermissionDenied

from prepaid_server.services import audit, catalog_editor, catalogs, operators


def _login(ctx, name, role):  # noqa: ANN001, ANN202
    operators.add(ctx, ROOT, name, role, PASSWORD)
    return operators.login(ctx, name, PASSWORD).actor


def test_draft_preview_publish_and_the_till_sells_at_the_previewed_price(any_server):
    from prepaid_server.services.context import open_context

    ctx = open_context(any_server.database_url)
    fay = _login(ctx, "fay", "finance")
    before = catalogs.current_row(ctx).version
    draft_id = catalog_editor.create_draft(ctx, fay)
    draft = catalog_editor.get_draft(ctx, fay, draft_id)
    assert draft.based_on == before and "version" not in draft.document
    assert {k for k, _ in draft.sections} >= {"operators", "limits", "promotions", "loyalty"}

    # a bad section: JSON error with its line, nothing stored
    with pytest.raises(catalog_editor.FieldError) as bad:
        catalog_editor.save_section(ctx, fay, draft_id, "promotions", '[{"code": "X",\n "tiers": [}]')
    assert bad.value.field == "promotions" and "line 2" in bad.value.message
    # valid JSON the catalog parser refuses: the parser's words, nothing stored
    with pytest.raises(catalog_editor.FieldError) as bad:
        catalog_editor.save_section(ctx, fay, draft_id, "promotions", '[{"code": "X"}]')
    assert bad.value.field == "promotions" and "malformed" in bad.value.message
    # a product whose range is upside down: the product form's error
    air = dict(catalog_editor.get_draft(ctx, fay, draft_id).products[0])
    with pytest.raises(catalog_editor.FieldError) as bad:
        catalog_editor.save_product(ctx, fay, draft_id, 0, {**{k: str(v) for k, v in air.items()}, "min": "5000",
                                                            "max": "10"})
    assert bad.value.field == "product" and "bad range" in bad.value.message
    with pytest.raises(catalog_editor.FieldError) as bad:
        catalog_editor.save_product(ctx, fay, draft_id, 0, {**{k: str(v) for k, v in air.items()},
                                                            "commission_bps": "6%"})
    assert bad.value.field == "commission_bps"
    assert catalog_editor.get_draft(ctx, fay, draft_id).document == draft.document

    # a richer bonus and a higher commission on SAF-AIRTIME
    promos = json.loads(dict(draft.sections)["promotions"])
    promos[0]["tiers"] = [[10000, 1500], [50000, 6000]]
    catalog_editor.save_section(ctx, fay, draft_id, "promotions", json.dumps(promos))
    catalog_editor.save_product(ctx, fay, draft_id, 0, {**{k: str(v) for k, v in air.items()},
                                                        "commission_bps": "700"})
    # the preview: the draft's figures beside the published version's
    shown = catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_000, "0712345678")
    row = next(r for r in shown.rows if r.code == "SAF-AIRTIME")
    assert (row.ok, row.price, row.bonus, row.commission, row.float_cost, row.promotion) == \
        (True, 10_000, 1_500, 700, 9_300, "SAF-BONANZA")
    assert row.current_bonus == 500 and row.current_price == 10_000
    assert shown.msisdn_masked.startswith("+2547") and "345" not in shown.msisdn_masked
    pin = next(r for r in shown.rows if r.code == "SAF-PIN")
    assert pin.ok  # 100.00 is one of the scratch card's denominations
    odd = catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_050)
    assert not next(r for r in odd.rows if r.code == "SAF-FIXED").ok
    with pytest.raises(catalog_editor.FieldError):
        catalog_editor.preview(ctx, fay, draft_id, "SAF", 10_000, "not a number")

    # support may look but neither edit nor publish (refused by the service)
    sam = _login(ctx, "sam", "support")
    catalog_editor.history(ctx, sam)
    with pytest.raises(PermissionDenied):
        catalog_editor.publish(ctx, sam, draft_id)
    with pytest.raises(PermissionDenied):
        catalog_editor.save_section(ctx, sam, draft_id, "limits", '{"max_sale": 1}')

    version = catalog_editor.publish(ctx, fay, draft_id)
    assert version == before + 1
    with pytest.raises(Conflict):
        catalog_editor.publish(ctx, fay, draft_id)  # once
    with pytest.raises(Conflict):
        catalog_editor.save_section(ctx, fay, draft_id, "limits", '{"max_sale": 1}')  # read-only now
    versions, drafts = catalog_editor.history(ctx, fay)
    assert versions[0].version == version and versions[0].current and versions[0].valid_until_ms is None
    assert versions[1].valid_until_ms == versions[0].published_at_ms + ctx.settings.catalog_grace_ms
    assert drafts[0].published_version == version
    published = [e for e in audit.latest(ctx, 30) if e.action == "catalog_publish"][0]
    assert published.actor == "fay" and published.subject == f"v{version}"
    assert audit.check(ctx).ok

    # a real till fetches the new version and the server accepts the previewed amounts
    till = TerminalClient.enroll(any_server.url, any_server.issue_code())
    assert till.catalog().version == version
    sale = till.sale(face=10_000, msisdn=unique_msisdn())
    assert sale["bonus"] == 1_500 and sale["float_cost"] == 9_300
    assert till.send_batch([sale]).json()["results"][0]["status"] == "accepted"


def test_the_editor_in_a_browserless_client_csrf_roles_and_escaping(console):
    server, ctx = console
    web = Console(server.url)
    web.login("sam")
    r = web.post("/console/catalog/drafts", {"from_version": ""})
    assert r.status_code == 403 and 'data-code="permission_denied"' in r.text
    fay = Console(server.url)
    fay.login("fay")
    assert fay.get("/console/catalog").status_code == 200
    r = fay.post("/console/catalog/drafts", {"from_version": ""}, csrf="")
    assert r.status_code == 403 and "csrf_invalid" in r.text
    r = fay.post("/console/catalog/drafts", {"from_version": ""})
    assert r.status_code == 200 and "/console/catalog/drafts/" in r.url
    draft_url = r.url.split("?")[0]
    draft_id = draft_url.rsplit("/", 1)[1]
    # a hostile product name is stored and shown as text
    product = {"code": "SAF-XSS", "operator": "SAF", "name": "<script>alert(1)</script>", "kind": "fixed",
               "commission_bps": "100", "denominations": "5000"}
    r = fay.post(f"/console/catalog/drafts/{draft_id}/products", {**product, "index": ""})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    # a bad section shows the parser's error and keeps what was typed
    r = fay.post(f"/console/catalog/drafts/{draft_id}/sections", {"key": "limits", "text": '{"max_sale": "<b>"'})
    assert r.status_code == 422 and 'data-field="limits"' in r.text and "&lt;b&gt;" in r.text
    # a crafted publish by a support operator is refused by the service
    r = web.get(f"/console/catalog/drafts/{draft_id}")
    assert r.status_code == 200 and 'id="publish"' not in r.text
    r = web.post(f"/console/catalog/drafts/{draft_id}/publish", {"revision": ""})
    assert r.status_code == 403 and 'data-code="permission_denied"' in r.text
    assert catalog_editor.get_draft(ctx, ROOT, draft_id).published_version is None
    # French
    fay.post("/console/language", {"language": "fr", "back": "/catalog"})
    r = fay.post(f"/console/catalog/drafts/{draft_id}/preview", {"operator": "SAF", "amount": "100"})
    assert r.status_code == 200 and "Aperçu d&#39;une vente" in r.text and 'id="preview-result"' in r.text
    r = fay.post(f"/console/catalog/drafts/{draft_id}/publish", {"revision": "1"})  # a stale revision
    assert r.status_code == 409
    r = fay.post(f"/console/catalog/drafts/{draft_id}/publish", {"revision": ""})
    assert r.status_code == 200 and "published=" in r.url
