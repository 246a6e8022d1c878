"""The console over HTTP on a real server process (issue 16): sessions, CSRF, roles, escaping,
bad input, and the agent pages' money moves."""
from __future__ import annotations

import re

import pytest
import requests

from support.console import ROOT, Console
from prepaid_server.services import audit, hierarchy

PAGES = ["/console", "/console/", "/console/agents", "/console/agents/new", "/console/audit",
         "/console/agents/00000000-0000-0000-0000-000000000000"]


def test_no_page_is_reachable_logged_out(console):
    server, _ctx = console
    for path in PAGES:
        r = requests.get(server.url + path, allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["location"] == "/console/login", path
    r = requests.get(server.url + "/console/agents", headers={"HX-Request": "true"}, allow_redirects=False, timeout=10)
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/console/login"
    for path in ("/console/agents", "/console/logout", "/console/language"):
        r = requests.post(server.url + path, data={"name": "x"}, allow_redirects=False, timeout=10)
        assert r.status_code in (303, 401), path
    assert requests.get(server.url + "/console/login", timeout=10).status_code == 200


def test_login_sets_a_strict_httponly_cookie_and_renews_the_session_id(console):
    server, _ctx = console
    c = Console(server.url)
    first = c.login("ann")
    assert first.url.endswith("/console/agents") and "ann" in first.text
    cookie = first.history[0].headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    old = c.http.cookies.get("topup_console", path="/console")
    c.login("ann")
    new = c.http.cookies.get("topup_console", path="/console")
    assert new and new != old
    stale = requests.get(server.url + "/console/agents", cookies={"topup_console": old}, allow_redirects=False,
                         timeout=10)
    assert stale.status_code == 303  # the old id no longer opens anything


def test_cookies_are_secure_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("POS_CONSOLE_COOKIE_SECURE", raising=False)
    from support.server import start_server
    server = start_server(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        r = requests.get(server.url + "/console/login", timeout=10)
        assert "Secure" in r.headers["set-cookie"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
    finally:
        server.stop()


def test_posts_without_or_with_a_wrong_csrf_token_are_refused(console):
    server, ctx = console
    agent = hierarchy.create_agent(ctx, ROOT, "Shop")
    c = Console(server.url)
    c.login("ann")
    c.get(f"/console/agents/{agent}")
    for csrf in ("", "wrong"):
        r = c.post(f"/console/agents/{agent}/deposit", {"amount": "100"}, csrf=csrf)
        assert r.status_code == 403 and 'data-code="csrf_invalid"' in r.text
    r = c.http.post(server.url + f"/console/agents/{agent}/deposit", data={"amount": "100"},
                    headers={"HX-Request": "true", "X-CSRF-Token": "nope"}, timeout=10)
    assert r.status_code == 403 and r.headers["HX-Retarget"] == "#flash"
    # the login form has its own token too
    r = requests.post(server.url + "/console/login", data={"name": "ann", "password": "x" * 12}, timeout=10)
    assert r.status_code == 403
    assert hierarchy.agent_page(ctx, ROOT, agent).agent.balance == 0
    ok = c.post(f"/console/agents/{agent}/deposit", {"amount": "100"})
    assert ok.status_code == 200 and hierarchy.agent_page(ctx, ROOT, agent).agent.balance == 10_000
    ok = c.http.post(server.url + f"/console/agents/{agent}/deposit", data={"amount": "1"},
                     headers={"HX-Request": "true", "X-CSRF-Token": c.csrf}, timeout=10)  # htmx header form
    assert ok.status_code == 200 and hierarchy.agent_page(ctx, ROOT, agent).agent.balance == 10_100


def test_a_support_operator_cannot_move_float_even_with_a_crafted_request(console):
    server, ctx = console
    dealer = hierarchy.create_agent(ctx, ROOT, "Dealer")
    shop = hierarchy.create_agent(ctx, ROOT, "Shop", parent_id=dealer)
    hierarchy.deposit(ctx, ROOT, dealer, 50_000)
    c = Console(server.url)
    c.login("sam")
    page = c.get(f"/console/agents/{dealer}")
    assert page.status_code == 200  # support may look
    for path, data in ((f"/console/agents/{dealer}/transfer", {"to": shop, "amount": "10", "transfer_id": "t" * 12}),
                       (f"/console/agents/{dealer}/deposit", {"amount": "10"}),
                       ("/console/agents", {"name": "Mine"})):
        r = c.post(path, data)
        assert r.status_code == 403 and 'data-code="permission_denied"' in r.text, path
    assert c.get("/console/audit").status_code == 403
    assert hierarchy.agent_page(ctx, ROOT, dealer).agent.balance == 50_000


def test_names_are_escaped(console):
    server, ctx = console
    agent = hierarchy.create_agent(ctx, ROOT, "<script>alert(1)</script>")
    c = Console(server.url)
    c.login("ann")
    for page in (c.get("/console/agents"), c.get(f"/console/agents/{agent}")):
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_repeated_wrong_passwords_lock_the_operator_out(console):
    server, _ctx = console
    c = Console(server.url)
    for n in range(5):
        r = c.login("fay", "not the password")
        assert r.status_code == 401 and "Wrong name or password" in r.text
    r = c.login("fay")
    assert r.status_code == 429 and "Too many wrong passwords" in r.text
    fr = Console(server.url)
    fr.http.headers["Accept-Language"] = "fr-FR,fr;q=0.9,en;q=0.5"
    r = fr.login("fay")
    assert r.status_code == 429 and "Trop de mots de passe erronés" in r.text and '<html lang="fr">' in r.text


def test_bad_input_gets_a_clear_4xx_page_never_a_5xx(console):
    server, ctx = console
    agent = hierarchy.create_agent(ctx, ROOT, "Shop")
    c = Console(server.url)
    c.login("ann")
    c.get(f"/console/agents/{agent}")
    huge = c.post(f"/console/agents/{agent}/deposit", {"amount": "1" * 200_000})
    assert huge.status_code == 413 and "too large" in huge.text
    nul = c.post(f"/console/agents/{agent}/deposit", {"amount": "10\x00"})
    assert nul.status_code == 400
    nul_name = c.post("/console/agents", {"name": "a\x00b"})
    assert nul_name.status_code == 400
    for amount in ("abc", "1e400", "NaN", "-", "0.001", "", "Infinity"):
        r = c.post(f"/console/agents/{agent}/deposit", {"amount": amount})
        assert r.status_code == 422, amount
    bad_utf8 = c.http.post(server.url + f"/console/agents/{agent}/deposit", data=b"amount=%ff%fe&csrf=" + c.csrf.encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert bad_utf8.status_code == 400
    multipart = c.http.post(server.url + f"/console/agents/{agent}/deposit", files={"amount": ("a", b"1")}, timeout=10)
    assert multipart.status_code == 415
    assert c.get("/console/agents/" + "x" * 5000).status_code == 404
    assert c.get("/console/agents?offset=abc").status_code == 400
    assert c.get("/console/agents?q=%00").status_code < 500
    assert c.get("/console/no-such-page").status_code == 404
    too_positive = c.post("/console/agents", {"name": "Credit", "limit": "500"})
    assert too_positive.status_code == 422
    assert hierarchy.agent_page(ctx, ROOT, agent).agent.balance == 0


def test_dealer_to_retailer_transfer_from_the_agent_page_moves_money_once(console):
    server, ctx = console
    c = Console(server.url)
    c.login("ann")
    made = c.post("/console/agents", {"name": "Dealer One", "currency": "KES", "limit": "0"})
    dealer = made.url.rsplit("/", 1)[1]
    made = c.post("/console/agents", {"name": "Retail One", "currency": "KES", "limit": "0", "parent": dealer})
    shop = made.url.rsplit("/", 1)[1]
    assert "Dealer One" in made.text  # the parent is shown
    c.login("fay")
    page = c.get(f"/console/agents/{dealer}")
    c.post(f"/console/agents/{dealer}/deposit", {"amount": "1000"})
    page = c.get(f"/console/agents/{dealer}")
    transfer_id = re.search(r'name="transfer_id" value="([^"]+)"', page.text).group(1)
    form = {"to": shop, "amount": "250.50", "transfer_id": transfer_id}
    first = c.post(f"/console/agents/{dealer}/transfer", form)
    second = c.post(f"/console/agents/{dealer}/transfer", form)  # a double click
    assert first.status_code == second.status_code == 200
    assert "Already done" in second.text
    assert hierarchy.agent_page(ctx, ROOT, dealer).agent.balance == 100_000 - 25_050
    assert hierarchy.agent_page(ctx, ROOT, shop).agent.balance == 25_050
    other = c.post(f"/console/agents/{dealer}/transfer", {**form, "amount": "1"})
    assert other.status_code == 409
    upward = c.post(f"/console/agents/{shop}/transfer", {"to": dealer, "amount": "1", "transfer_id": "up-12345678"})
    assert upward.status_code == 422 and "own retailers" in upward.text
    too_much = c.post(f"/console/agents/{dealer}/transfer", {"to": shop, "amount": "5000", "transfer_id": "big-12345678"})
    assert too_much.status_code == 422
    history = c.get(f"/console/agents/{dealer}").text
    assert f"transfer:{transfer_id}" in history and "deposit:" in history
    actions = [e.action for e in audit.latest(ctx, 50)]
    assert actions.count("transfer") == 1 and audit.check(ctx).ok


def test_french_pages_by_operator_setting(console):
    server, _ctx = console
    c = Console(server.url)
    c.login("ann")
    r = c.post("/console/language", {"language": "fr", "back": "/agents"})
    assert r.status_code == 200 and "Nouvel agent" in r.text and "Se déconnecter" in r.text
    r = c.post("/console/language", {"language": "en"})
    assert "New agent" in r.text


def test_settlement_page_and_csv(console):
    server, ctx = console
    shop = hierarchy.create_agent(ctx, ROOT, "=HYPERLINK(1)")
    hierarchy.deposit(ctx, ROOT, shop, 77_700)
    c = Console(server.url)
    c.login("fay")
    page = c.get(f"/console/settlement?agent={shop}")
    assert page.status_code == 200 and 'id="reconciled"' in page.text and "Reconciled with the ledger" in page.text
    csv_reply = c.get(f"/console/settlement.csv?agent={shop}")
    assert csv_reply.headers["content-type"].startswith("text/csv")
    assert ",'=HYPERLINK(1),KES,0,0,0,0,0,0,77700,0,0,0,0,77700,True," in csv_reply.text  # no formula injection
    pdf = c.get(f"/console/settlement.pdf?agent={shop}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert c.get(f"/console/settlement?agent={shop}&day=yesterday").status_code == 422
    c.login("sam")
    assert c.get(f"/console/settlement?agent={shop}").status_code == 403
    assert c.get(f"/console/settlement.csv?agent={shop}").status_code == 403


def test_terminal_page_shows_gaps_and_an_admin_disables_it(console):
    from support.server import TerminalClient
    server, ctx = console
    till = TerminalClient.enroll(server.url, server.issue_code())
    till.catalog()
    sales = [till.sale(face=10_000) for _ in range(5)]
    till.send_batch([sales[0], sales[1], sales[4]])  # seqs 3 and 4 never arrive
    c = Console(server.url)
    c.login("fay")
    page = c.get(f"/console/terminals/{till.terminal_id}")
    assert page.status_code == 200 and 'id="gaps">3, 4' in page.text and "2 / 5" in page.text
    assert c.post(f"/console/terminals/{till.terminal_id}/state", {"disabled": "1"}).status_code == 403
    c.login("ann")
    c.get(f"/console/terminals/{till.terminal_id}")
    r = c.post(f"/console/terminals/{till.terminal_id}/state", {"disabled": "1"})
    assert r.status_code == 200 and 'id="state">Disabled' in r.text
    refused = till.send_batch([sales[2]])
    assert refused.status_code == 403 and refused.json()["code"] == "terminal_disabled"
    c.get(f"/console/terminals/{till.terminal_id}")
    c.post(f"/console/terminals/{till.terminal_id}/state", {"disabled": "0"})
    assert till.send_batch([sales[2], sales[3]]).status_code == 200
    assert 'id="gaps">' in c.get(f"/console/terminals/{till.terminal_id}").text
    assert "Nothing yet." in c.get(f"/console/terminals/{till.terminal_id}").text
    assert c.get("/console/terminals/nope").status_code == 404
    assert [e.action for e in audit.latest(ctx, 5)][:2] == ["terminal_enable", "terminal_disable"]


def test_a_retailer_asks_for_float_from_the_till_and_the_dealer_approves_it(console):
    from support.server import TerminalClient
    server, ctx = console
    dealer = hierarchy.create_agent(ctx, ROOT, "Dealer")
    shop = hierarchy.create_agent(ctx, ROOT, "Shop", parent_id=dealer)
    hierarchy.deposit(ctx, ROOT, dealer, 80_000)
    till = TerminalClient.enroll(server.url, server.issue_code(shop))
    asked = till.post("/api/v1/float/requests", {"id": "ask-00000001", "amount": 30_000})
    again = till.post("/api/v1/float/requests", {"id": "ask-00000001", "amount": 30_000})
    assert asked.status_code == again.status_code == 201
    assert asked.json()["state"] == "pending" and again.json()["duplicate"] is True
    assert till.post("/api/v1/float/requests", {"id": "ask-00000001", "amount": 1}).status_code == 409
    assert till.post("/api/v1/float/requests", {"id": "x", "amount": 1}).status_code == 422
    second = till.post("/api/v1/float/requests", {"id": "ask-00000002", "amount": 999_999}).json()
    lone = TerminalClient.enroll(server.url, server.issue_code())  # the demo agent has no dealer
    assert lone.post("/api/v1/float/requests", {"id": "ask-00000003", "amount": 5}).status_code == 422
    c = Console(server.url)
    c.login("sam")
    assert c.post("/console/requests/ask-00000001", {"decision": "approve"}).status_code == 403
    c.login("fay")
    page = c.get(f"/console/agents/{dealer}")
    assert 'id="requests"' in page.text and "Ksh300.00" in page.text
    ok = c.post("/console/requests/ask-00000001", {"decision": "approve"})
    assert ok.status_code == 200
    assert c.post("/console/requests/ask-00000001", {"decision": "approve"}).status_code == 409  # once
    assert c.post(f"/console/requests/{second['id']}", {"decision": "approve"}).status_code == 422  # too much
    assert c.post(f"/console/requests/{second['id']}", {"decision": "refuse"}).status_code == 200
    assert [hierarchy.agent_page(ctx, ROOT, a).agent.balance for a in (dealer, shop)] == [50_000, 30_000]
    assert 'id="requests"' not in c.get(f"/console/agents/{dealer}").text
    actions = [e.action for e in audit.latest(ctx, 20)]
    assert {"float_request", "float_request_approve", "float_request_refuse", "transfer"} <= set(actions)
    assert audit.check(ctx).ok


def test_operators_page_and_concurrent_adds_of_one_name_over_http(console):
    import threading
    server, ctx = console
    admins = []
    for _ in range(4):
        c = Console(server.url)
        c.login("ann")
        c.get("/console/operators")
        admins.append(c)
    statuses: list[int] = []
    barrier = threading.Barrier(len(admins))

    def add(c: Console) -> None:
        barrier.wait()
        statuses.append(c.post("/console/operators", {"name": "twin", "role": "risk",
                                                      "password": "a long password"}).status_code)

    threads = [threading.Thread(target=add, args=(c,)) for c in admins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 409, 409, 409]  # one made (then the list page), three clean 409 pages
    page = admins[0].get("/console/operators")
    assert page.text.count(">twin<") == 1
    assert admins[0].post("/console/operators", {"name": "bad name!", "role": "risk",
                                                 "password": "a long password"}).status_code == 422
    assert admins[0].post("/console/operators", {"name": "boss", "role": "owner",
                                                 "password": "a long password"}).status_code == 422
    r = admins[0].post("/console/operators/twin/state", {"disabled": "1"})
    assert r.status_code == 200 and "Disabled" in r.text
    c = Console(server.url)
    c.login("fay")
    assert c.get("/console/operators").status_code == 403
    assert c.post("/console/operators", {"name": "mine", "role": "admin", "password": "a long password"}).status_code == 403
