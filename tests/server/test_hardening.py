"""Issue 11, server side: enrollment safe to retry and to race, sale ids scoped to their terminal,
bad input never a 5xx, the signature checked before `terminal_disabled`, scoped and rate-limited
lookups, terminal disable from the CLI, cancellations and reversals idempotent. Real server
processes on loopback, real SQLite files and a real PostgreSQL."""
from __future__ import annotations

import base64
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from support.server import TerminalClient, now_ms, postgres_database, server_on, start_server, unique_msisdn

ENROLL = "/api/v1/enroll"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):  # noqa: ANN001, ANN201
    """One server per database for the whole module (each test uses its own terminals)."""
    with server_on(request.param, tmp_path_factory.mktemp("srv")) as running:
        yield running


def _enroll(url: str, code: str, request_id: str | None, label: str = "Till") -> requests.Response:
    body = {"code": code, "label": label}
    if request_id is not None:
        body["enrollment_request_id"] = request_id
    return requests.post(url + ENROLL, json=body, timeout=30)


def _client(url: str, body: dict) -> TerminalClient:
    return TerminalClient(url, body["terminal_id"], base64.b64decode(body["secret"]), body["terminal_code"],
                          body["agent_id"])


def _other_agent(server) -> str:  # noqa: ANN001
    agent_id = server.cli("create-agent", f"Other {uuid.uuid4().hex[:6]}", "--prefix", "OTH").stdout.strip()
    server.cli("deposit", agent_id, "1000000")
    return agent_id


# ---------------------------------------------------------------- 1. enrollment


def test_enrollment_retry_with_the_same_request_id_gets_the_same_terminal(server):
    code, rid = server.issue_code(), str(uuid.uuid4())
    first = _enroll(server.url, code, rid)
    assert first.status_code == 201, first.text
    again = _enroll(server.url, code, rid)  # the first reply was "cut": the client retries
    assert again.status_code == 201, again.text
    for key in ("terminal_id", "terminal_code", "agent_id", "secret"):
        assert again.json()[key] == first.json()[key]
    # The credentials handed out again work.
    assert _client(server.url, again.json()).get("/api/v1/float").status_code == 200
    # Another request id, or none, with the used code is still refused.
    other = _enroll(server.url, code, str(uuid.uuid4()))
    assert other.status_code == 409 and other.json()["code"] == "enrollment_code_used"
    none = _enroll(server.url, code, None)
    assert none.status_code == 409 and none.json()["code"] == "enrollment_code_used"


def test_enrollment_request_id_is_checked(server):
    r = _enroll(server.url, server.issue_code(), "short")
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"


def test_eight_concurrent_enrollments_never_give_a_5xx():
    """8 at once for one agent on PostgreSQL: different codes, the same code and request id, the
    same code with different request ids (the outside trial got 3 x 201 and 5 x 500)."""
    with postgres_database() as url:
        server = start_server(url)
        try:
            def race(calls):  # noqa: ANN001, ANN202
                barrier = threading.Barrier(len(calls))

                def one(args):  # noqa: ANN001, ANN202
                    barrier.wait()
                    return _enroll(server.url, *args)
                with ThreadPoolExecutor(len(calls)) as pool:
                    return list(pool.map(one, calls))

            distinct = race([(server.issue_code(), str(uuid.uuid4())) for _ in range(8)])
            assert [r.status_code for r in distinct] == [201] * 8, [r.text for r in distinct]
            assert len({r.json()["terminal_code"] for r in distinct}) == 8

            code, rid = server.issue_code(), str(uuid.uuid4())
            same = race([(code, rid)] * 8)
            assert [r.status_code for r in same] == [201] * 8, [r.text for r in same]
            assert len({(r.json()["terminal_id"], r.json()["secret"]) for r in same}) == 1

            code = server.issue_code()
            rivals = race([(code, str(uuid.uuid4())) for _ in range(8)])
            statuses = sorted(r.status_code for r in rivals)
            assert statuses == [201] + [409] * 7, [r.text for r in rivals]
            listed = server.cli("terminal", "list", "--json").stdout
            assert len(json.loads(listed)) == 8 + 1 + 1  # the seeded code is unused: 8 + same + rivals
        finally:
            server.stop()


# ---------------------------------------------------------------- 2. sale ids scoped to their terminal


def test_a_sale_accepted_from_the_previous_terminal_is_duplicate_other_terminal(server):
    old = server.enroll("Old")
    sale = old.sale()
    r = old.send_batch([sale])
    assert r.json()["results"][0]["status"] == "accepted"
    server_ref = r.json()["results"][0]["server_ref"]
    new = server.enroll("Re-enrolled")  # the till enrolled again before it heard the answer
    for body in ([sale], [{**sale, "terminal_id": new.terminal_id}]):
        item = new.send_batch(body).json()["results"][0]
        assert item["status"] == "duplicate" and item["code"] == "duplicate_other_terminal", item
        assert item["server_ref"] == server_ref
        recorded = item["recorded"]
        assert recorded["terminal_id"] == old.terminal_id and recorded["terminal_code"] == old.terminal_code
        assert recorded["status"] == "accepted" and recorded["face"] == sale["face"]
        assert recorded["same_content"] is True
    changed = new.send_batch([{**sale, "terminal_id": new.terminal_id, "face": 20_000}]).json()["results"][0]
    assert changed["code"] == "duplicate_other_terminal" and changed["recorded"]["same_content"] is False
    single = new.post("/api/v1/sales", {**sale, "terminal_id": new.terminal_id})
    assert single.status_code == 200 and single.json()["code"] == "duplicate_other_terminal"
    # Charged once: the float moved for one sale only.
    assert old.get("/api/v1/terminal/status").json()["last_seq"] == sale["seq"]


def test_another_agents_terminal_gets_id_conflict_never_the_owners_outcome(server):
    owner = server.enroll("Owner")
    sale = owner.sale()
    assert owner.send_batch([sale]).json()["results"][0]["status"] == "accepted"
    stranger = TerminalClient.enroll(server.url, server.issue_code(_other_agent(server)), "Stranger")
    item = stranger.send_batch([sale]).json()["results"][0]
    assert item["status"] == "rejected" and item["code"] == "id_conflict" and item["server_ref"] is None
    assert "recorded" not in item
    single = stranger.post("/api/v1/sales", sale)
    assert single.status_code == 409 and single.json()["code"] == "id_conflict"


def test_a_terminal_mismatch_never_binds_the_id_for_its_rightful_terminal(server):
    rightful = server.enroll("A")
    squatter = TerminalClient.enroll(server.url, server.issue_code(_other_agent(server)), "B")
    sale = rightful.sale()  # printed offline: the id leaked in the receipt's QR
    item = squatter.send_batch([sale]).json()["results"][0]
    assert item["code"] == "terminal_mismatch"
    assert rightful.send_batch([sale]).json()["results"][0]["status"] == "accepted"


# ---------------------------------------------------------------- 3. bad input never a 5xx


BAD_TEXTS = ["a\x00b", "\ud800", "x\udfff", "\x07bell"]


def test_nul_surrogates_and_controls_in_every_sale_field_are_per_item_sale_malformed(server):
    t = server.enroll("Fuzz")
    fields = ["id", "terminal_id", "msisdn", "operator", "product", "payment_method", "voucher_serial"]
    items, expect_null_id = [], []
    for field in fields:
        for bad in BAD_TEXTS:
            items.append({**t.sale(), field: bad})
            expect_null_id.append(field == "id")
    raw = json.dumps({"sales": items}).encode()  # \u0000 and \ud800 escapes, as a real client sends
    r = t.request("POST", "/api/v1/sales/batch", raw=raw)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == len(items)
    for item, result, null_id in zip(items, results, expect_null_id):
        assert result["status"] == "rejected" and result["code"] == "sale_malformed", (item, result)
        assert (result["id"] is None) == null_id
    good = t.sale()
    assert t.send_batch([good]).json()["results"][0]["status"] == "accepted"


def test_non_object_batch_items_are_sale_malformed_each(server):
    t = server.enroll("Items")
    good = t.sale()
    r = t.send_batch([None, 1, "x", [], good, {"id": 5}])
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["code"] for x in results] == ["sale_malformed"] * 4 + [None, "sale_malformed"]
    assert results[4]["status"] == "accepted" and all(x["id"] is None for x in results[:4])


def test_nul_and_surrogates_elsewhere_are_a_clear_422(server):
    t = server.enroll("Else")
    sale = t.sale(msisdn="+25471\x000000")
    assert t.post("/api/v1/sales", sale).status_code == 422
    for bad in ("a\x00b", "\ud800"):
        r = requests.post(server.url + ENROLL, data=json.dumps({"code": server.issue_code(), "label": bad}),
                          headers={"Content-Type": "application/json"}, timeout=10)
        assert r.status_code == 422, r.text
        r = requests.post(server.url + ENROLL, data=json.dumps({"code": bad, "label": "x"}),
                          headers={"Content-Type": "application/json"}, timeout=10)
        assert r.status_code == 422, r.text
        rev = t.post("/api/v1/reversals", {"id": str(uuid.uuid4()), "sale_id": "s", "reason": bad,
                                           "created_at_ms": now_ms()})
        assert rev.status_code == 422, rev.text
        rev_id = t.post("/api/v1/reversals", {"id": bad, "sale_id": "s", "reason": "", "created_at_ms": now_ms()})
        assert rev_id.status_code == 422, rev_id.text
        cancel = t.post("/api/v1/cancellations", {"id": str(uuid.uuid4()), "sale_id": str(uuid.uuid4()), "seq": 99,
                                                  "reason": bad, "created_at_ms": now_ms()})
        assert cancel.status_code == 422, cancel.text
        assert cancel.headers["content-type"].startswith("application/problem+json")


def test_a_huge_body_is_413_before_it_is_read(server):
    big = b'{"sales": [' + b" " * (3 * 1024 * 1024) + b"]}"
    r = requests.post(server.url + "/api/v1/sales/batch", data=big, headers={"Content-Type": "application/json"},
                      timeout=30)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert r.headers["content-type"].startswith("application/problem+json")

    def chunks():  # noqa: ANN202 - no Content-Length: counted as it arrives
        yield b'{"sales": ['
        for _ in range(40):
            yield b" " * 65536
        yield b"]}"
    signing = {"X-Terminal-Id": str(uuid.uuid4()), "X-Timestamp": str(now_ms()), "X-Nonce": "ab" * 16,
               "X-Signature": "00" * 32}  # present (else 401 at once), checked only once the body is in
    r = requests.post(server.url + "/api/v1/sales/batch", data=chunks(),
                      headers={"Content-Type": "application/json", **signing}, timeout=30)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert requests.get(server.url + "/api/v1/health", timeout=5).status_code == 200


def test_deep_json_is_a_clear_4xx(server):
    t = server.enroll("Deep")
    for depth in (100, 5000, 100_000):
        raw = b'{"sales": [' + b"[" * depth + b"]" * depth + b"]}"
        r = t.request("POST", "/api/v1/sales/batch", raw=raw)
        assert r.status_code < 500, (depth, r.status_code, r.text[:200])
        deep_label = b'{"code": "X", "label": ' + b"[" * depth + b"]" * depth + b"}"
        r = requests.post(server.url + ENROLL, data=deep_label, headers={"Content-Type": "application/json"},
                          timeout=10)
        assert 400 <= r.status_code < 500, (depth, r.status_code, r.text[:200])


# ---------------------------------------------------------------- 4. authentication order, disable, lookups


def test_the_signature_is_checked_before_terminal_disabled_is_revealed(server):
    t = server.enroll("ToDisable")
    listed = server.cli("terminal", "list").stdout
    assert t.terminal_id in listed and "enabled" in listed
    done = server.cli("terminal", "disable", t.terminal_id)
    assert "disabled" in done.stdout
    audit = json.loads(done.stderr.strip().splitlines()[-1])
    assert audit["event"] == "terminal_disabled" and audit["terminal_id"] == t.terminal_id and audit["actor"]
    assert base64.b64encode(t.secret).decode() not in done.stderr + done.stdout

    forger = TerminalClient(server.url, t.terminal_id, b"\x00" * 32)
    r = forger.get("/api/v1/float")
    assert r.status_code == 401 and r.json()["code"] == "signature_invalid"
    r = t.get("/api/v1/float")
    assert r.status_code == 403 and r.json()["code"] == "terminal_disabled"
    server.cli("terminal", "enable", t.terminal_id)
    assert t.get("/api/v1/float").status_code == 200
    unknown = server.cli("terminal", "disable", str(uuid.uuid4()), check=False)
    assert unknown.returncode != 0 and "no such terminal" in unknown.stderr


def test_lookups_show_other_agents_top_ups_without_ids(server):
    number = unique_msisdn()
    mine = server.enroll("Mine")
    theirs = TerminalClient.enroll(server.url, server.issue_code(_other_agent(server)), "Theirs")
    own_sale = mine.sale(msisdn=number)
    assert mine.send_batch([own_sale]).json()["results"][0]["status"] == "accepted"
    other_sale = theirs.sale(msisdn=number)
    assert theirs.send_batch([other_sale]).json()["results"][0]["status"] in ("accepted", "rejected")
    recent = mine.get(f"/api/v1/subscribers/{number}").json()["recent"]
    ids = {r["sale_id"] for r in recent if r["own"]}
    assert ids == {own_sale["id"]}
    assert all(r["sale_id"] is None for r in recent if not r["own"])
    seen_by_other = theirs.get(f"/api/v1/subscribers/{number}").json()["recent"]
    assert own_sale["id"] not in {r["sale_id"] for r in seen_by_other}


def test_lookups_are_rate_limited_per_terminal(server):
    t = server.enroll("Curious")
    codes = [t.get(f"/api/v1/subscribers/{unique_msisdn()}").status_code for _ in range(31)]
    assert codes[:30] == [404] * 30 and codes[30] == 429
    r = t.get(f"/api/v1/subscribers/{unique_msisdn()}")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited" and int(r.headers["Retry-After"]) >= 1
    assert server.enroll("Other till").get(f"/api/v1/subscribers/{unique_msisdn()}").status_code == 404


# ---------------------------------------------------------------- 7. idempotent cancellations and reversals


def test_cancellations_are_idempotent_on_their_id(server):
    t = server.enroll("Cancel")
    req = {"id": str(uuid.uuid4()), "sale_id": str(uuid.uuid4()), "seq": 7, "reason": "typo",
           "created_at_ms": now_ms()}
    first = t.post("/api/v1/cancellations", req)
    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    assert t.post("/api/v1/cancellations", req).json() == first.json()
    other = t.post("/api/v1/cancellations", {**req, "sale_id": str(uuid.uuid4())})
    assert other.status_code == 409 and other.json()["code"] == "id_conflict"
    # The second sale id was not cancelled: it can still be accepted.
    sale = t.sale(seq=8)
    assert t.send_batch([sale]).json()["results"][0]["status"] == "accepted"


def test_a_reversal_sent_twice_moves_the_ledger_once(server):
    t = server.enroll("Reverse")
    sale = t.sale()
    assert t.send_batch([sale]).json()["results"][0]["status"] == "accepted"
    before = t.get("/api/v1/float").json()["balance"]
    req = {"id": str(uuid.uuid4()), "sale_id": sale["id"], "reason": "wrong number", "created_at_ms": now_ms()}
    first = t.post("/api/v1/reversals", req)
    assert first.json()["status"] == "reversed", first.text
    assert t.post("/api/v1/reversals", req).json() == first.json()
    assert t.get("/api/v1/float").json()["balance"] == before + sale["float_cost"]
    assert server.cli("ledger-check").returncode == 0


# ---------------------------------------------------------------- 3. a fuzz of the sale document

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NASTY = st.sampled_from(["\x00", "\ud800", "\udfff", "\x1f", "\x7f", "\u2028", "\ufeff", "é", "𝄞", " "])
# Every code point, lone surrogates and control characters included.
_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), _NASTY), max_size=70)
_VALUE = st.one_of(_TEXT, st.integers(-2**70, 2**70), st.floats(allow_nan=False), st.none(), st.booleans(),
                   st.lists(st.integers(), max_size=3), st.dictionaries(_TEXT, st.integers(), max_size=2))
_SALE_FIELDS = ["id", "terminal_id", "seq", "created_at_ms", "msisdn", "operator", "product", "currency", "face",
                "bonus", "price", "float_cost", "catalog_version", "payment_method", "voucher_serial"]


@pytest.fixture(scope="module")
def fuzz_terminal(server):  # noqa: ANN001, ANN201
    return server.enroll("Fuzzer")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(changes=st.lists(st.tuples(st.sampled_from(_SALE_FIELDS), st.one_of(_TEXT, _VALUE)), min_size=1, max_size=4),
       extra=st.lists(st.one_of(_VALUE, st.just({})), max_size=2), single=st.booleans())
def test_fuzzed_sale_documents_never_give_a_5xx(fuzz_terminal, changes, extra, single):
    t = fuzz_terminal
    doc = t.sale()
    for field, value in changes:
        doc[field] = value
    if single:
        r = t.request("POST", "/api/v1/sales", raw=json.dumps(doc).encode())
        assert r.status_code < 500, (doc, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.headers["content-type"].startswith("application/problem+json")
        return
    items = [doc, *extra]
    r = t.request("POST", "/api/v1/sales/batch", raw=json.dumps({"sales": items}).encode())
    assert r.status_code == 200, (items, r.status_code, r.text[:300])
    results = r.json()["results"]
    assert len(results) == len(items)
    for item, result in zip(items, results):
        assert result["status"] in ("accepted", "duplicate", "rejected")
        texts = [v for v in item.values() if isinstance(v, str)] if isinstance(item, dict) else []
        if any(ch in v for v in texts for ch in "\x00\ud800\udfff"):
            assert result["status"] == "rejected", (item, result)


def test_a_bare_question_mark_is_not_part_of_the_signed_target(server):
    """docs/PROTOCOL.md, Signing: `PATH?` is verified as `PATH`."""
    import http.client
    from urllib.parse import urlsplit

    from topup_core.signing import signed_headers
    t = server.enroll("Bare")
    where = urlsplit(server.url)
    for signed_path, expect in (("/api/v1/float", 200), ("/api/v1/float?", 401)):
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        conn.request("GET", "/api/v1/float?", headers=signed_headers(t.terminal_id, t.secret, "GET", signed_path, b"",
                                                                     now_ms()))
        assert conn.getresponse().status == expect, signed_path
        conn.close()


def test_an_unsigned_body_for_a_signed_route_is_refused_before_it_is_read(server):
    """The server answers 401 while the body has not even been sent (it never waits for it)."""
    import socket
    from urllib.parse import urlsplit
    where = urlsplit(server.url)
    with socket.create_connection((where.hostname, where.port), timeout=15) as sock:
        sock.sendall(b"POST /api/v1/sales/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 900000\r\n\r\n" + b'{"sales": [')  # and nothing more
        reply = ""
        while "signature_missing" not in reply:  # times out (test fails) if the server waits for the body
            chunk = sock.recv(65536).decode()
            if not chunk:
                break
            reply += chunk
    assert reply.startswith("HTTP/1.1 401") and "signature_missing" in reply, reply[:300]
    r = requests.post(server.url + "/api/v1/sales/batch", data=b'{"sales": []}',
                      headers={"Content-Type": "application/json"}, timeout=30)
    assert r.status_code == 401 and r.json()["code"] == "signature_missing"
    assert r.headers["content-type"].startswith("application/problem+json")
    assert requests.get(server.url + "/api/v1/nowhere", timeout=10).status_code == 404
