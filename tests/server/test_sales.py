"""Batch and single-sale ingest semantics (SQLite and PostgreSQL)."""
from __future__ import annotations

import json

from support.server import TerminalClient, now_ms


def _statuses(r) -> list[tuple[str, str | None]]:  # noqa: ANN001
    assert r.status_code == 200, r.text
    return [(x["status"], x["code"]) for x in r.json()["results"]]


def test_batch_accepts_dedupes_and_rejects_per_item(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    good1, good2 = terminal.sale(face=10_000), terminal.sale(face=50_000)
    wrong_bonus = terminal.sale(face=10_000, bonus=9_999)
    bad_number = terminal.sale(face=10_000, msisdn="12345")
    not_a_step = terminal.sale(face=10_050)
    float_as_money = terminal.sale(face=10_000)
    float_as_money["face"] = 10_000.0
    r = terminal.send_batch([good1, wrong_bonus, bad_number, not_a_step, float_as_money, good2, {"no": "id"}])
    assert _statuses(r) == [("accepted", None), ("rejected", "price_mismatch"), ("rejected", "msisdn_invalid"),
                            ("rejected", "amount_invalid"), ("rejected", "sale_malformed"), ("accepted", None),
                            ("rejected", "sale_malformed")]
    body = r.json()
    assert [x["id"] for x in body["results"][:6]] == [d["id"] for d in
                                                      [good1, wrong_bonus, bad_number, not_a_step, float_as_money, good2]]
    refs = [x["server_ref"] for x in body["results"]]
    assert refs[0] and refs[5] and refs[1] is None
    cost = good1["float_cost"] + good2["float_cost"]
    assert body["float"]["balance"] == 5_000_000 - cost

    # The same batch again: originals come back, nothing moves twice.
    again = terminal.send_batch([good1, wrong_bonus, bad_number, not_a_step, float_as_money, good2])
    assert _statuses(again) == [("duplicate", None), ("rejected", "price_mismatch"), ("rejected", "msisdn_invalid"),
                                ("rejected", "amount_invalid"), ("rejected", "sale_malformed"), ("duplicate", None)]
    assert [x["server_ref"] for x in again.json()["results"]][0] == refs[0]
    assert again.json()["float"]["balance"] == 5_000_000 - cost

    # Same id, different content: id_conflict, never a second sale.
    changed = dict(good1, face=25_000, bonus=500, price=25_000, float_cost=23_500)
    assert _statuses(terminal.send_batch([changed])) == [("rejected", "id_conflict")]
    assert terminal.get("/api/v1/float").json()["balance"] == 5_000_000 - cost
    any_server.cli("ledger-check")


def test_same_id_twice_in_one_batch(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    sale = terminal.sale(face=10_000)
    other = dict(sale, msisdn="+254711222333")
    r = terminal.send_batch([sale, sale, other])
    assert _statuses(r) == [("accepted", None), ("duplicate", None), ("rejected", "id_conflict")]
    assert r.json()["float"]["balance"] == 5_000_000 - sale["float_cost"]


def test_single_endpoint_and_409_conflict(any_server):
    terminal = TerminalClient.enroll(any_server.url, any_server.enrollment_code)
    sale = terminal.sale(face=25_000, product="SAF-FIXED")
    first = terminal.post("/api/v1/sales", sale)
    assert first.status_code == 200 and first.json()["status"] == "accepted"
    again = terminal.post("/api/v1/sales", sale)
    assert again.json()["status"] == "duplicate" and again.json()["server_ref"] == first.json()["server_ref"]
    # The batch endpoint agrees with the single one about the same id.
    assert _statuses(terminal.send_batch([sale])) == [("duplicate", None)]
    conflict = terminal.post("/api/v1/sales", dict(sale, msisdn="+254711222444"))
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")
    assert conflict.json()["code"] == "id_conflict"
    rejected = terminal.post("/api/v1/sales", terminal.sale(face=25_000, product="SAF-FIXED", float_cost=1))
    assert (rejected.status_code, rejected.json()["code"]) == (200, "price_mismatch")


def test_sale_for_another_terminal_is_refused(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    other = server_url.enroll()
    doc = terminal.sale(face=10_000)
    assert _statuses(other.send_batch([doc])) == [("rejected", "terminal_mismatch")]


def test_insufficient_float_rejects_only_what_does_not_fit(server_url):
    agent = server_url.cli("create-agent", "Small Shop", "--limit", "0", "--currency", "KES").stdout.strip()
    server_url.cli("deposit", agent, "100000")
    terminal = TerminalClient.enroll(server_url.url, server_url.issue_code(agent))
    sales = [terminal.sale(face=50_000) for _ in range(3)]  # float cost 47,000 each
    r = terminal.send_batch(sales)
    assert _statuses(r) == [("accepted", None), ("accepted", None), ("rejected", "insufficient_float")]
    assert r.json()["float"]["balance"] == 100_000 - 2 * 47_000
    small = terminal.sale(face=5_000)
    assert _statuses(terminal.send_batch([small])) == [("accepted", None)]


def test_unknown_catalog_version_and_future_sale(server_url):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    unknown = terminal.sale(catalog_version=42)
    future = terminal.sale(created_at_ms=now_ms() + 3_600_000)
    assert _statuses(terminal.send_batch([unknown, future])) == [
        ("rejected", "catalog_version_unknown"), ("rejected", "created_at_invalid")]


def test_catalog_etag_and_versions(server_url, tmp_path):
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    first = terminal.get("/api/v1/catalog")
    assert first.status_code == 200 and first.json()["version"] == 1
    assert terminal.catalog().version == 1  # the terminal keeps pricing with what it fetched
    etag = first.headers["ETag"]
    not_modified = terminal.get("/api/v1/catalog", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""

    doc = first.json()
    doc["promotions"][0]["tiers"] = [[10000, 2000]]  # a richer bonus in version 2
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc))
    assert server_url.cli("publish-catalog", str(path)).stdout.strip() == "2"
    changed = terminal.get("/api/v1/catalog", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed.headers["ETag"] != etag
    old = terminal.get("/api/v1/catalog/1")
    assert old.status_code == 200 and old.json()["version"] == 1 and old.headers["ETag"] == etag
    assert terminal.get("/api/v1/catalog/1", headers={"If-None-Match": etag}).status_code == 304

    # A sale priced with version 1 (bonus 500) is still honoured: it was valid when made.
    v1_sale = terminal.sale(face=10_000)
    assert v1_sale["catalog_version"] == 1 and v1_sale["bonus"] == 500
    # Claiming version 2's bonus under version 1 is a price mismatch.
    assert _statuses(terminal.send_batch([v1_sale, terminal.sale(face=10_000, bonus=2000)])) == [
        ("accepted", None), ("rejected", "price_mismatch")]


def test_published_catalog_must_be_valid(server_url, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 9, "country": "KE"}))
    proc = server_url.cli("publish-catalog", str(bad), check=False)
    assert proc.returncode != 0 and "malformed" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_sale_priced_with_a_version_published_after_it_was_made(server_url, tmp_path):
    """A catalog version only covers sales made after its publication (minus clock skew)."""
    terminal = TerminalClient.enroll(server_url.url, server_url.enrollment_code)
    doc = terminal.get("/api/v1/catalog").json()
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc))
    server_url.cli("publish-catalog", str(path))
    backdated = terminal.sale(face=10_000, created_at_ms=now_ms() - 3_600_000, catalog_version=2)
    assert _statuses(terminal.send_batch([backdated])) == [("rejected", "catalog_version_expired")]
