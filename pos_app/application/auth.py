"""Users, PINs (argon2id) and login with a growing lockout."""
from __future__ import annotations

import hashlib
import re
import uuid
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from topup_core.errors import AuthenticationError, Conflict, NotFound, PermissionDenied, ValidationError
from pos_app.domain.roles import Actor, Permission, Role

from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory
from .records import UserRow

FREE_ATTEMPTS = 5  # failures before the first lockout
BASE_LOCKOUT_S = 30  # doubles with every further failure...
MAX_LOCKOUT_S = 15 * 60  # ...up to this
SESSION_TTL = timedelta(hours=12)
# PIN-only login (issue 12): with no name chosen, a PIN is checked against every active user's hash.
# Bounded, so the check stays under a second; above this many users the name must be chosen.
PIN_ONLY_MAX_USERS = 12
PIN_ONLY_FAILURES = "login.pin_only.failures"  # settings keys: one counter for the whole terminal
PIN_ONLY_LOCKED_UNTIL = "login.pin_only.locked_until_ms"
_PIN = re.compile(r"^\d{4,8}$")
_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")

# argon2id with OWASP's minimum memory cost; ~20 ms per check on these machines.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _hasher.hash("00000000")


def lockout_seconds(failures: int) -> int:
    if failures < FREE_ATTEMPTS:
        return 0
    return min(BASE_LOCKOUT_S * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCKOUT_S)


def is_valid_pin(pin: str) -> bool:
    return bool(_PIN.match(pin or ""))


def validate_pin(pin: str) -> None:
    if not is_valid_pin(pin):
        raise ValidationError("pin_invalid", "A PIN is 4 to 8 digits.")


def unknown_name(typed: str | None) -> str:
    """How an unknown user name is recorded: never as typed (it may be a PIN typed in the wrong
    field, issue 11), but the same typo gives the same tag, so repeated attempts can be told apart."""
    digest = hashlib.sha256((typed or "").strip().lower().encode()).hexdigest()[:10]
    return f"unknown:#{digest}"


def actor_of(user: UserRow, expires_at=None) -> Actor:  # noqa: ANN001
    return Actor(user.id, user.username, user.display_name, Role(user.role), expires_at)


class Auth:
    """Users and PINs: add, list, enable/disable, log in, a manager's approval."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    def add_user(self, actor: Actor, username: str, display_name: str, role: Role | str, pin: str) -> Actor:
        now = self.clock.now()
        actor.require(Permission.MANAGE_USERS, now)
        role = Role(role)
        if role is Role.ADMIN and actor.role is not Role.ADMIN:
            raise PermissionDenied("permission_denied", "Only an administrator can create administrators.")
        username = (username or "").strip().lower()
        if not _USERNAME.match(username):
            raise ValidationError("username_invalid", "A user name is 2-32 lowercase letters, digits, dot, dash or underscore.")
        validate_pin(pin)
        with self.uow() as uow:
            if uow.users.by_username(username):
                raise Conflict("user_exists", f"There is already a user {username!r}.")
            user = UserRow(id=str(uuid.uuid4()), username=username, display_name=display_name.strip() or username,
                           role=role.value, pin_hash=_hasher.hash(pin), active=True, failed_attempts=0,
                           locked_until_ms=0, created_at_ms=to_ms(now))
            uow.users.add(user)
            uow.audit.append(to_ms(now), actor.label, "user.added", user.id, {"username": username, "role": role.value})
            uow.commit()
        return actor_of(user)

    def list_users(self, actor: Actor) -> list[dict]:
        actor.require(Permission.MANAGE_USERS, self.clock.now())
        with self.uow(write=False) as uow:
            return [
                {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
                 "active": u.active, "locked": u.locked_until_ms > to_ms(self.clock.now())}
                for u in uow.users.list()
            ]

    def login_names(self) -> list[tuple[str, str]]:
        """(username, display name) of active users, for the login screen's picker."""
        with self.uow(write=False) as uow:
            return [(u.username, u.display_name) for u in uow.users.list() if u.active]

    def preselect(self, last_user: str | None = None) -> str | None:
        """Who the login screen picks before anyone taps a name (issue 12): the last user who logged
        in here if still active, else the only active clerk, else the only active user; else nobody."""
        with self.uow(write=False) as uow:
            users = [u for u in uow.users.list() if u.active]
        if last_user and any(u.username == last_user for u in users):
            return last_user
        clerks = [u for u in users if u.role == Role.CLERK.value]
        if len(clerks) == 1:
            return clerks[0].username
        return users[0].username if len(users) == 1 else None

    def set_active(self, actor: Actor, username: str, active: bool) -> None:
        now = self.clock.now()
        actor.require(Permission.MANAGE_USERS, now)
        with self.uow() as uow:
            user = uow.users.by_username(username)
            if user is None:
                raise NotFound("user_unknown", "There is no user with that name.")
            if user.id == actor.user_id and not active:
                raise Conflict("cannot_disable_self", "You cannot disable your own account.")
            uow.users.set_active(user.id, active)
            uow.audit.append(to_ms(now), actor.label, "user.enabled" if active else "user.disabled", user.id,
                             {"username": username})
            uow.commit()

    def login(self, username: str, pin: str) -> Actor:
        """Check a PIN. Every outcome is audited; the PIN itself never is."""
        now = self.clock.now()
        now_ms = to_ms(now)
        with self.uow() as uow:
            user = uow.users.by_username((username or "").strip().lower())
            if user is None or not user.active:
                _verify(_DUMMY_HASH, pin or "")  # same cost as a real check: no user-name oracle
                uow.audit.append(now_ms, unknown_name(username), "login.failed", None, {"reason": "unknown_user"})
                uow.commit()
                raise AuthenticationError("login_failed", "Wrong user or PIN.")
            if user.locked_until_ms > now_ms:
                wait = -(-(user.locked_until_ms - now_ms) // 1000)
                raise AuthenticationError("login_locked", f"Too many wrong PINs. Try again in {wait} s.",
                                          retry_after_s=wait)
            if not _verify(user.pin_hash, pin or ""):
                failures = user.failed_attempts + 1
                lock_s = lockout_seconds(failures)
                uow.users.note_login(user.id, failures, now_ms + lock_s * 1000 if lock_s else 0)
                uow.audit.append(now_ms, f"user:{user.username}", "login.failed", user.id,
                                 {"failures": failures, "locked_s": lock_s})
                uow.commit()
                if lock_s:
                    raise AuthenticationError("login_locked", f"Too many wrong PINs. Try again in {lock_s} s.",
                                              retry_after_s=lock_s)
                left = FREE_ATTEMPTS - failures
                raise AuthenticationError("login_failed", f"Wrong PIN. {left} tries left before a lockout.",
                                          tries_left=left)
            rehash = _hasher.hash(pin) if _hasher.check_needs_rehash(user.pin_hash) else None
            uow.users.note_login(user.id, 0, 0, rehash)
            uow.audit.append(now_ms, f"{user.role}:{user.username}", "login.ok", user.id, {})
            uow.commit()
            return actor_of(user, now + SESSION_TTL)

    def login_by_pin(self, pin: str) -> Actor:
        """PIN ⏎ with no name chosen (issue 12): log in the one active user whose PIN this is.

        Every active user's hash is checked (all of them, so the time taken says nothing about
        who matched; at most PIN_ONLY_MAX_USERS). No match and more than one match are the same
        failure ("choose your name"), so a guess never learns that a PIN belongs to somebody. Those
        failures count on ONE terminal-wide counter with the login's own schedule (FREE_ATTEMPTS,
        then 30 s doubling to 15 min), so PIN-only offers no more guesses than one user's named
        login would; a user locked out by name stays locked out here too. The named login keeps
        its per-user counter and works while PIN-only waits."""
        now = self.clock.now()
        now_ms = to_ms(now)
        with self.uow() as uow:
            failures = int(uow.settings.get(PIN_ONLY_FAILURES, "0") or 0)
            until = int(uow.settings.get(PIN_ONLY_LOCKED_UNTIL, "0") or 0)
            if until > now_ms:
                wait = -(-(until - now_ms) // 1000)
                raise AuthenticationError("login_locked", f"Too many wrong PINs. Try again in {wait} s.",
                                          retry_after_s=wait)
            users = [u for u in uow.users.list() if u.active]
            if len(users) > PIN_ONLY_MAX_USERS:
                raise AuthenticationError("pin_only_unavailable", "Choose your name first, then type your PIN.")
            matches = [u for u in users if _verify(u.pin_hash, pin or "")]  # every one: no timing oracle
            if len(matches) != 1:
                failures += 1
                lock_s = lockout_seconds(failures)
                uow.settings.set(PIN_ONLY_FAILURES, str(failures))
                uow.settings.set(PIN_ONLY_LOCKED_UNTIL, str(now_ms + lock_s * 1000 if lock_s else 0))
                uow.audit.append(now_ms, "unknown:pin-only", "login.failed", None,
                                 {"reason": "pin_only", "failures": failures, "locked_s": lock_s})
                uow.commit()
                if lock_s:
                    raise AuthenticationError("login_locked", f"Too many wrong PINs. Try again in {lock_s} s.",
                                              retry_after_s=lock_s)
                raise AuthenticationError("pin_only_no_match", "No single user has this PIN here: choose your "
                                          "name first, then type your PIN.")
            user = matches[0]
            if user.locked_until_ms > now_ms:
                wait = -(-(user.locked_until_ms - now_ms) // 1000)
                raise AuthenticationError("login_locked", f"Too many wrong PINs. Try again in {wait} s.",
                                          retry_after_s=wait)
            rehash = _hasher.hash(pin) if _hasher.check_needs_rehash(user.pin_hash) else None
            uow.users.note_login(user.id, 0, 0, rehash)
            if failures:
                uow.settings.set(PIN_ONLY_FAILURES, "0")
                uow.settings.set(PIN_ONLY_LOCKED_UNTIL, "0")
            uow.audit.append(now_ms, f"{user.role}:{user.username}", "login.ok", user.id, {"by": "pin_only"})
            uow.commit()
            return actor_of(user, now + SESSION_TTL)

    def has_users(self) -> bool:
        with self.uow(write=False) as uow:
            return bool(uow.users.list())

    def authenticate_admin(self, username: str, pin: str) -> Actor:
        """`pos-admin ... --as NAME` (issue 11): an administrator's PIN, with the login's lockout and
        audit, for one user-management or settings command."""
        actor = self.login(username, pin)
        if actor.role is not Role.ADMIN:
            now_ms = to_ms(self.clock.now())
            with self.uow() as uow:
                uow.audit.append(now_ms, actor.label, "admin.refused", actor.user_id, {"reason": "not_admin"})
                uow.commit()
            raise PermissionDenied("admin_required", "Only an administrator can do this.")
        return actor

    def approve(self, username: str, pin: str, permission: Permission) -> Actor:
        """A manager's PIN for one protected action (the counter's approval dialog)."""
        approver = self.login(username, pin)
        approver.require(permission, self.clock.now())
        return approver


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
