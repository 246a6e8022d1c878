"""Issue 12: PIN-only login. One match logs in; no match and several matches fail alike and count on
one terminal-wide counter with the login's lockout schedule; per-user lockouts still hold."""
from __future__ import annotations

from datetime import timedelta

import pytest

from topup_core.errors import AuthenticationError
from pos_app.application.auth import FREE_ATTEMPTS, PIN_ONLY_MAX_USERS
from pos_app.domain.roles import LOCAL_ADMIN, Role


def test_a_unique_pin_logs_its_owner_in_and_is_audited(services):
    actor = services.auth.login_by_pin("9876")
    assert actor.username == "mary"
    entry = services.reports.audit_log(actor, query="login.ok")[0]
    assert entry["actor"] == "manager:mary" and entry["details"] == {"by": "pin_only"}


def test_a_shared_pin_fails_exactly_like_a_wrong_one(services):
    services.auth.add_user(LOCAL_ADMIN, "bob", "Bob Kamau", Role.CLERK, "1234")  # alice has 1234 too
    with pytest.raises(AuthenticationError) as shared:
        services.auth.login_by_pin("1234")
    with pytest.raises(AuthenticationError) as wrong:
        services.auth.login_by_pin("5555")
    assert shared.value.code == wrong.value.code == "pin_only_no_match"
    assert shared.value.message == wrong.value.message
    assert services.auth.login("bob", "1234").username == "bob"  # by name it works


def test_failures_count_for_the_whole_terminal_then_lock_pin_only(services, clock):
    codes = []
    for n in range(FREE_ATTEMPTS):
        with pytest.raises(AuthenticationError) as exc:
            services.auth.login_by_pin(f"{1000 + n}")
        codes.append(exc.value.code)
    assert codes == ["pin_only_no_match"] * (FREE_ATTEMPTS - 1) + ["login_locked"]
    with pytest.raises(AuthenticationError) as locked:
        services.auth.login_by_pin("1234")  # even the right PIN waits: no guessing while locked
    assert locked.value.code == "login_locked" and locked.value.details["retry_after_s"] == 30
    assert services.auth.login("alice", "1234").username == "alice"  # the named login is not locked
    clock.advance(seconds=31)
    assert services.auth.login_by_pin("1234").username == "alice"
    with pytest.raises(AuthenticationError) as again:
        services.auth.login_by_pin("0001")
    assert again.value.code == "pin_only_no_match"  # a success reset the counter


def test_a_user_locked_by_name_stays_locked_in_pin_only(services):
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AuthenticationError):
            services.auth.login("alice", "0000")
    with pytest.raises(AuthenticationError) as exc:
        services.auth.login_by_pin("1234")
    assert exc.value.code == "login_locked"


def test_too_many_users_turn_pin_only_off(services):
    have = len(services.auth.login_names())
    for n in range(PIN_ONLY_MAX_USERS - have + 1):
        services.auth.add_user(LOCAL_ADMIN, f"clerk{n}", f"Clerk {n}", Role.CLERK, f"{5000 + n}")
    with pytest.raises(AuthenticationError) as exc:
        services.auth.login_by_pin("1234")
    assert exc.value.code == "pin_only_unavailable"
