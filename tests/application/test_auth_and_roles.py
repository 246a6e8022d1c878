import sqlite3
from datetime import timedelta

import pytest

from topup_core.errors import AuthenticationError, Conflict, PermissionDenied, ValidationError
from pos_app.domain.roles import LOCAL_ADMIN, Permission, Role
from pos_app.domain.sale import SaleRequest
from pos_app.application.auth import FREE_ATTEMPTS, lockout_seconds


def test_pins_are_stored_as_argon2id(services):
    conn = sqlite3.connect(services.db.db_path)
    hashes = [row[0] for row in conn.execute("SELECT pin_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("1234" in h for h in hashes)


def test_login_ok_and_wrong_pin(services):
    actor = services.auth.login("alice", "1234")
    assert actor.role is Role.CLERK and actor.expires_at is not None
    with pytest.raises(AuthenticationError) as err:
        services.auth.login("alice", "9999")
    assert err.value.code == "login_failed" and err.value.details["tries_left"] == FREE_ATTEMPTS - 1
    with pytest.raises(AuthenticationError) as err:
        services.auth.login("nobody", "1234")
    assert err.value.code == "login_failed"


def test_lockout_grows_and_holds_even_for_the_right_pin(services, clock):
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError):
            services.auth.login("alice", "0000")
    with pytest.raises(AuthenticationError) as err:
        services.auth.login("alice", "0000")
    assert err.value.code == "login_locked" and err.value.details["retry_after_s"] == lockout_seconds(FREE_ATTEMPTS)
    with pytest.raises(AuthenticationError) as err:
        services.auth.login("alice", "1234")  # right PIN, still locked
    assert err.value.code == "login_locked"
    clock.advance(seconds=lockout_seconds(FREE_ATTEMPTS) + 1)
    with pytest.raises(AuthenticationError) as err:
        services.auth.login("alice", "0000")  # sixth failure: a longer wait
    assert err.value.details["retry_after_s"] == 2 * lockout_seconds(FREE_ATTEMPTS)
    clock.advance(seconds=3600)
    assert services.auth.login("alice", "1234").username == "alice"
    clock.advance(seconds=1)
    with pytest.raises(AuthenticationError) as err:  # success reset the counter
        services.auth.login("alice", "0000")
    assert err.value.code == "login_failed"


def test_lockout_schedule_is_capped():
    assert [lockout_seconds(n) for n in range(0, 5)] == [0] * 5
    assert lockout_seconds(5) < lockout_seconds(6) < lockout_seconds(7)
    assert lockout_seconds(50) == 15 * 60


def test_logins_are_audited_without_pins(services):
    with pytest.raises(AuthenticationError):
        services.auth.login("alice", "5555")
    services.auth.login("alice", "1234")
    conn = sqlite3.connect(services.db.db_path)
    rows = conn.execute("SELECT action, details FROM audit_log WHERE action LIKE 'login.%'").fetchall()
    assert [r[0] for r in rows] == ["login.failed", "login.ok"]
    assert all("5555" not in r[1] and "1234" not in r[1] for r in rows)


def test_disabled_user_cannot_log_in(services, manager):
    services.auth.set_active(manager, "alice", False)
    with pytest.raises(AuthenticationError):
        services.auth.login("alice", "1234")
    with pytest.raises(Conflict):
        services.auth.set_active(manager, "mary", False)


def test_clerk_cannot_use_manager_services(services, clerk):
    with pytest.raises(PermissionDenied):
        services.auth.add_user(clerk, "eve", "Eve", "manager", "4444")
    with pytest.raises(PermissionDenied):
        services.auth.list_users(clerk)
    with pytest.raises(PermissionDenied):
        services.auth.set_active(clerk, "mary", False)
    for permission in (Permission.CANCEL_SALE, Permission.REVERSE_SALE, Permission.CLOSE_DAY, Permission.VIEW_REPORTS):
        assert not clerk.can(permission)
    with pytest.raises(PermissionDenied):  # a clerk's PIN does not approve a manager action
        services.auth.approve("alice", "1234", Permission.CANCEL_SALE)


def test_manager_permissions_and_limits(services, manager):
    services.auth.add_user(manager, "bob", "Bob", "clerk", "2468")
    assert services.auth.login("bob", "2468").role is Role.CLERK
    with pytest.raises(PermissionDenied):
        services.auth.add_user(manager, "root2", "Root", "admin", "1357")
    assert services.auth.approve("mary", "9876", Permission.CANCEL_SALE).role is Role.MANAGER
    with pytest.raises(PermissionDenied):
        manager.require(Permission.CONFIGURE, services.clock.now())


def test_admin_can_do_everything(services):
    admin = services.auth.login("admin", "0000")
    for permission in Permission:
        admin.require(permission, services.clock.now())
    services.auth.add_user(admin, "root2", "Root", "admin", "1357")


def test_clerk_sees_only_own_sales(services, clerk, manager):
    bob = services.auth.add_user(LOCAL_ADMIN, "bob", "Bob", "clerk", "2468")
    bob = services.auth.login("bob", "2468")
    mine = services.sell.record(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 10000))
    theirs = services.sell.record(bob, SaleRequest("0733123456", "AIR-AIRTIME", 10000, "cash", 10000))
    assert [s.id for s in services.sales.recent(clerk)] == [mine.id]
    with pytest.raises(PermissionDenied):
        services.sales.get_sale(clerk, theirs.id)
    assert {s.id for s in services.sales.recent(manager)} == {mine.id, theirs.id}


def test_expired_session_is_refused(services, clerk, clock):
    clock.advance(hours=13)
    with pytest.raises(AuthenticationError) as err:
        services.sell.record(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 10000))
    assert err.value.code == "session_expired"


@pytest.mark.parametrize("pin", ["12", "123456789", "12a4", "", "    "])
def test_pin_rules(services, manager, pin):
    with pytest.raises(ValidationError) as err:
        services.auth.add_user(manager, "pat", "Pat", "clerk", pin)
    assert err.value.code == "pin_invalid"
