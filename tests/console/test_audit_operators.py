"""Server audit chain, operators and logins (issue 16, step 1)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from support.console import ROOT
from support.server import run_cli
from topup_core.errors import AuthenticationError, Conflict, PermissionDenied, ValidationError

from prepaid_server.domain import audit as chain
from prepaid_server.services import audit, hierarchy, operators
from prepaid_server.services.context import open_context

PASSWORD = "correct horse battery"


def run_with_stdin(url: str, stdin: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prepaid_server.cli", "--database-url", url, *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_chain_is_pure_and_detects_every_kind_of_edit():
    events, prev = [], chain.GENESIS
    for seq in range(1, 6):
        e = chain.chain(prev, seq, 1000 + seq, "ann", "deposit", "agent", {"amount": seq})
        events.append(e)
        prev = e.hash
    assert chain.first_break(events, chain.GENESIS, 0) is None
    from dataclasses import replace
    edited = [*events[:2], replace(events[2], detail='{"amount":999}'), *events[3:]]
    assert chain.first_break(edited, chain.GENESIS, 0)[0] == 3
    assert chain.first_break(events[:2] + events[3:], chain.GENESIS, 0)[0] == 4  # a row removed
    rehashed = replace(events[2], detail='{"amount":999}')
    rehashed = replace(rehashed, hash=chain.event_hash(rehashed.prev_hash, 3, rehashed.at_ms, "ann", "deposit",
                                                        "agent", rehashed.detail))
    assert chain.first_break([*events[:2], rehashed, *events[3:]], chain.GENESIS, 0)[0] == 4  # next row no longer follows
    assert chain.canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_actions_are_audited_in_their_transaction_and_the_check_finds_tampering(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    ctx = open_context(url)
    dealer = hierarchy.create_agent(ctx, ROOT, "Dealer")
    hierarchy.deposit(ctx, ROOT, dealer, 10_000)
    with pytest.raises(ValidationError):  # refused: no audit row either
        hierarchy.deposit(ctx, ROOT, dealer, -20_000)
    operators.add(ctx, ROOT, "fin1", "finance", PASSWORD)
    events = audit.latest(ctx, 10)
    assert [e.action for e in reversed(events)] == ["agent_create", "deposit", "operator_add"]
    assert events[1].actor == "cli:test" and '"amount":10000' in events[1].detail
    ok = run_cli(url, "audit-check")
    assert ok.stdout.strip() == "audit ok: 3 events"

    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # the log refuses edits...
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE server_audit SET detail = '{}' WHERE seq = 2")
    with sqlite3.connect(path) as conn:  # ...and someone with the keys drops the guard and edits a row
        conn.execute("DROP TRIGGER server_audit_no_update")
        conn.execute("UPDATE server_audit SET detail = replace(detail, '10000', '90000') WHERE seq = 2")
    bad = run_cli(url, "audit-check", check=False)
    assert bad.returncode == 1
    assert bad.stderr.strip() == ("pos-server: audit log broken at row 2: its content does not match its hash "
                                  "(the row was edited)")


def test_audit_check_finds_rows_removed_at_the_end(ctx):
    for n in range(3):
        hierarchy.create_agent(ctx, ROOT, f"Agent {n}")
    path = ctx.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER server_audit_no_delete")
        conn.execute("DELETE FROM server_audit WHERE seq = 3")
    report = audit.check(ctx)
    assert not report.ok and report.bad_seq == 3 and "rows removed" in report.problem


def test_operator_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    made = run_with_stdin(url, PASSWORD + "\n", "operator", "add", "ann", "--role", "admin")
    assert made.returncode == 0 and len(made.stdout.strip()) == 36, made.stderr
    assert run_with_stdin(url, PASSWORD + "\n", "operator", "add", "sam", "--role", "support").returncode == 0
    again = run_with_stdin(url, PASSWORD + "\n", "operator", "add", "ann", "--role", "finance")
    assert again.returncode != 0 and "already an operator named ann" in again.stderr
    short = run_with_stdin(url, "short\n", "operator", "add", "bob", "--role", "risk")
    assert short.returncode != 0 and "10 to 1024" in short.stderr
    bad_role = run_with_stdin(url, PASSWORD, "operator", "add", "bob", "--role", "boss")
    assert bad_role.returncode != 0
    assert run_cli(url, "operator", "list").stdout.splitlines() == ["ann\tadmin\tactive", "sam\tsupport\tactive"]
    run_cli(url, "operator", "disable", "sam")
    assert "sam\tsupport\tdisabled" in run_cli(url, "operator", "list").stdout
    assert run_with_stdin(url, "another long password\n", "operator", "reset", "ann").returncode == 0
    ctx = open_context(url)
    with pytest.raises(AuthenticationError):
        operators.login(ctx, "ann", PASSWORD)
    assert operators.login(ctx, "ann", "another long password").actor.role == "admin"
    with pytest.raises(AuthenticationError):
        operators.login(ctx, "sam", PASSWORD)  # disabled
    missing = run_cli(url, "operator", "disable", "nobody", check=False)
    assert missing.returncode != 0 and "no operator named nobody" in missing.stderr
    assert run_cli(url, "audit-check").returncode == 0
    stored = sqlite3.connect(url.removeprefix("sqlite:///")).execute(
        "SELECT password_hash FROM operators WHERE name = 'ann'").fetchone()[0]
    assert stored.startswith("$argon2id$")


def test_login_locks_out_with_growing_delays_and_renews_the_session(ctx):
    now = [1_000_000]
    ctx.clock = lambda: now[0]
    operators.add(ctx, ROOT, "ann", "admin", PASSWORD)
    first = operators.login(ctx, "ann", PASSWORD)
    second = operators.login(ctx, "ann", PASSWORD, old_token=first.token)
    assert second.token != first.token and second.csrf != first.csrf
    with pytest.raises(AuthenticationError):
        operators.session(ctx, first.token)  # the old id is gone
    assert operators.session(ctx, second.token).actor.name == "ann"
    for _ in range(4):
        with pytest.raises(AuthenticationError, match="tries left"):
            operators.login(ctx, "ann", "wrong password!")
    with pytest.raises(AuthenticationError) as fifth:
        operators.login(ctx, "ann", "wrong password!")
    assert fifth.value.code == "login_failed"
    with pytest.raises(AuthenticationError) as locked:
        operators.login(ctx, "ann", PASSWORD)  # even the right password waits
    assert locked.value.code == "login_locked" and locked.value.details["retry_after_s"] == 30
    now[0] += 31_000
    with pytest.raises(AuthenticationError):
        operators.login(ctx, "ann", "wrong password!")  # sixth failure: 60 s now
    with pytest.raises(AuthenticationError) as longer:
        operators.login(ctx, "ann", PASSWORD)
    assert longer.value.details["retry_after_s"] == 60
    now[0] += 61_000
    assert operators.login(ctx, "ann", PASSWORD).actor.name == "ann"
    actions = [e.action for e in audit.latest(ctx, 100)]
    assert actions.count("login_failed") == 6 and actions.count("login_locked") == 2


def test_idle_sessions_end(ctx, monkeypatch):
    monkeypatch.setenv("POS_CONSOLE_IDLE_MINUTES", "15")
    now = [5_000_000]
    ctx.clock = lambda: now[0]
    operators.add(ctx, ROOT, "ann", "admin", PASSWORD)
    s = operators.login(ctx, "ann", PASSWORD)
    now[0] += 14 * 60_000
    operators.session(ctx, s.token)  # still alive, and the idle clock restarts
    now[0] += 14 * 60_000
    operators.session(ctx, s.token)
    now[0] += 16 * 60_000
    with pytest.raises(AuthenticationError, match="ended"):
        operators.session(ctx, s.token)


def test_roles_are_enforced_by_the_services(ctx):
    operators.add(ctx, ROOT, "sam", "support", PASSWORD)
    sam = operators.login(ctx, "sam", PASSWORD).actor
    with pytest.raises(PermissionDenied):
        hierarchy.create_agent(ctx, sam, "Sneaky")
    with pytest.raises(PermissionDenied):
        operators.add(ctx, sam, "eve", "admin", PASSWORD)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_adds_of_one_name_give_one_operator_and_clean_conflicts(tmp_path, backend):
    def run(url):  # noqa: ANN001, ANN202
        ctx = open_context(url)
        outcomes: list[str] = []
        barrier = threading.Barrier(6)

        def add() -> None:
            barrier.wait()
            try:
                operators.add(ctx, ROOT, "twin", "finance", PASSWORD)
                outcomes.append("made")
            except Conflict as exc:
                outcomes.append(exc.code)
            except Exception as exc:  # noqa: BLE001 - the test reports anything else
                outcomes.append(repr(exc))

        threads = [threading.Thread(target=add) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["made"] + ["user_exists"] * 5
        assert [o.name for o in operators.list_operators(ctx, ROOT)] == ["twin"]
        assert audit.check(ctx).ok and audit.check(ctx).events == 1

    if backend == "sqlite":
        run(f"sqlite:///{tmp_path / 's.sqlite3'}")
    else:
        from support.server import postgres_database
        with postgres_database() as url:
            run(url)
